import { describe, expect, it } from 'vitest'
import { hashLayout } from './collections.js'

describe('hashLayout()', () => {
  // Sizes read from Node 20 snapshots: 16 bytes of header, 8 a slot, 3 slots of counts,
  // capacity/2 buckets, then 3 slots an entry for a Map, 2 for a Set.
  it.each([
    [152, 4, 3], // new Map()
    [488, 16, 3], // Map of 10
    [28712, 1024, 3], // Map of 600
    [57384, 2048, 3], // Map of 2000
    [360, 16, 2], // Set of 10
    [20520, 1024, 2], // Set of 600
  ])('reads a %i-byte table as capacity %i, %i slots an entry', (bytes, capacity, entrySize) => {
    expect(hashLayout(bytes)).toEqual({ capacity, entrySize })
  })

  it('gives up on a size no table has', () => {
    expect(hashLayout(1000)).toBeUndefined()
  })
})
