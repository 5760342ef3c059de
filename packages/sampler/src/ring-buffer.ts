/**
 * A fixed-capacity buffer that keeps the newest items and forgets the oldest, so
 * memory stays bounded however long it is fed.
 */
export class RingBuffer<T> {
  readonly capacity: number
  #items: (T | undefined)[]
  #next = 0
  #size = 0

  constructor(capacity: number) {
    if (!(Number.isSafeInteger(capacity) && capacity >= 0)) {
      throw new RangeError(`capacity must be a whole number ≥ 0, got ${capacity}`)
    }
    this.capacity = capacity
    this.#items = []
  }

  get size(): number {
    return this.#size
  }

  /** Adds an item; returns true when an older one was dropped to make room. */
  push(item: T): boolean {
    if (this.capacity === 0) return true
    this.#items[this.#next] = item
    this.#next = (this.#next + 1) % this.capacity
    if (this.#size < this.capacity) {
      this.#size++
      return false
    }
    return true
  }

  /** The items, oldest first, as a new array. */
  toArray(): T[] {
    const start = this.#size < this.capacity ? 0 : this.#next
    const out: T[] = []
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(start + i) % this.capacity] as T)
    return out
  }
}
