import { describe, expect, it } from 'vitest'
import { RingBuffer } from './ring-buffer.js'

describe('RingBuffer', () => {
  it('keeps everything until it is full', () => {
    const ring = new RingBuffer<number>(3)
    expect([ring.push(1), ring.push(2)]).toEqual([false, false])
    expect(ring.toArray()).toEqual([1, 2])
  })

  it('drops the oldest once full, and says so', () => {
    const ring = new RingBuffer<number>(3)
    for (const n of [1, 2, 3]) ring.push(n)
    expect(ring.push(4)).toBe(true)
    expect(ring.push(5)).toBe(true)
    expect(ring.toArray()).toEqual([3, 4, 5])
    expect(ring.size).toBe(3)
  })

  it('keeps nothing at capacity 0', () => {
    const ring = new RingBuffer<number>(0)
    expect(ring.push(1)).toBe(true)
    expect(ring.toArray()).toEqual([])
  })

  it.each([-1, 1.5, Number.NaN])('rejects capacity %s', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError)
  })
})
