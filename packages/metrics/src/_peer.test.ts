import { describe, expect, it } from 'vitest'
import { requirePeer } from './_peer.js'

describe('requirePeer()', () => {
  it('loads an installed peer', () => {
    expect(typeof requirePeer<{ Gauge: unknown }>('prom-client').Gauge).toBe('function')
  })

  it('turns a missing peer into one line saying how to install it', () => {
    expect(() => requirePeer('prom-client', () => {
      throw Object.assign(new Error("Cannot find module 'prom-client'"), { code: 'MODULE_NOT_FOUND' })
    })).toThrow(expect.objectContaining({ name: 'MetricsError', code: 'LEAKWATCH_MISSING_PEER', message: 'prom-client is not installed: npm install prom-client' }))
    expect(() => requirePeer('@leakwatch/no-such-peer')).toThrow('@leakwatch/no-such-peer is not installed: npm install @leakwatch/no-such-peer')
  })

  it('lets other failures of the peer through', () => {
    const broken = new SyntaxError('Unexpected token')
    expect(() => requirePeer('prom-client', () => {
      throw broken
    })).toThrow(broken)
  })
})
