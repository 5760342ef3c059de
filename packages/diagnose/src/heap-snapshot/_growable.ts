type TypedArray = Uint8Array | Uint32Array | Float64Array
type TypedArrayConstructor<T extends TypedArray> = new (length: number) => T

/**
 * A typed array that grows by doubling, for the numeric arrays of a snapshot: the header
 * gives their lengths, but a snapshot without counts (or a lying one) must still parse.
 */
export class Growable<T extends TypedArray> {
  array: T
  length = 0

  constructor(
    private readonly make: TypedArrayConstructor<T>,
    capacity: number,
  ) {
    this.array = new make(Math.max(16, capacity))
  }

  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new this.make(this.array.length * 2)
      bigger.set(this.array)
      this.array = bigger
    }
    this.array[this.length++] = value
  }

  /** The filled part; shares memory with the buffer unless it is already exact. */
  done(): T {
    return this.length === this.array.length ? this.array : (this.array.subarray(0, this.length) as T)
  }
}
