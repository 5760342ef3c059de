import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Finding } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { mappingGrowth, readMappings } from '../src/maps.js'

// the child imports the built package (Node 20 runs no TypeScript); the build comes before the tests
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url))

/** Runs `body` between two readings of a fresh process's mappings, and returns what grew over 40 cycles. */
function grown(body: string): Finding[] {
  const script = `
    import { readMappings, mappingGrowth } from ${JSON.stringify(built)}
    const before = readMappings()
    const kept = []
    ${body}
    globalThis.gc()
    console.log(JSON.stringify(mappingGrowth(before, readMappings(), 40)))
  `
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' })
  return JSON.parse(out) as Finding[]
}

describe('mappings', () => {
  it('reads the resident memory of this process by what backs it', () => {
    const groups = readMappings()
    expect(groups?.get(process.execPath)?.rss).toBeGreaterThan(0)
    expect(groups?.get('anonymous mmap')?.regions).toBeGreaterThan(0)
  })

  it('names anonymous memory that 40 cycles mapped and kept (1 MiB Buffers: glibc maps each)', () => {
    const findings = grown('for (let i = 0; i < 40; i++) kept.push(Buffer.alloc(1024 * 1024, 1))')
    expect(findings[0]).toMatchObject({ kind: 'native', what: 'anonymous mmap' })
    expect(findings[0]?.bytes).toBeGreaterThan(30 * 1024 * 1024)
  })

  it('finds nothing when what was mapped is released', () => {
    const findings = grown('for (let i = 0; i < 40; i++) Buffer.alloc(1024 * 1024, 1).fill(2)')
    expect(findings).toEqual([])
  })
})
