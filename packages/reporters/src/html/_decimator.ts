import { lttb } from './lttb.js'

/**
 * A series of any length reduced as it streams in, in constant memory: the points go into
 * buckets of `width` points, each remembering its first, lowest, highest and last point;
 * when the buckets are full, neighbours merge in pairs and `width` doubles. A spike survives
 * every merge (it is some bucket's highest point), so LTTB over what is left still draws it.
 * A 24-hour series sampled every second (86,400 points) ends in at most 4 × `capacity` points.
 */
export class Decimator {
  readonly #capacity: number
  // per bucket: first, min, max, last (x and y of each)
  readonly #x: Float64Array
  readonly #y: Float64Array
  #buckets = 0
  #width = 1
  // points in the bucket being filled
  #filling = 0
  count = 0

  constructor(capacity = 4096) {
    this.#capacity = capacity
    this.#x = new Float64Array(capacity * 4)
    this.#y = new Float64Array(capacity * 4)
  }

  push(x: number, y: number): void {
    this.count++
    if (this.#filling === 0) {
      if (this.#buckets === this.#capacity) this.#mergePairs()
      const at = this.#buckets * 4
      for (let k = 0; k < 4; k++) {
        this.#x[at + k] = x
        this.#y[at + k] = y
      }
      this.#buckets++
    } else {
      const at = (this.#buckets - 1) * 4
      if (y < (this.#y[at + 1] as number)) this.#set(at + 1, x, y)
      if (y > (this.#y[at + 2] as number)) this.#set(at + 2, x, y)
      this.#set(at + 3, x, y)
    }
    this.#filling = (this.#filling + 1) % this.#width
  }

  /** What is kept, in x order, reduced with LTTB to at most `threshold` points. */
  points(threshold: number): { xs: number[]; ys: number[] } {
    const xs: number[] = []
    const ys: number[] = []
    for (let b = 0; b < this.#buckets; b++) {
      const at = b * 4
      // first, then min and max in the order they happened, then last; each once
      const order = [at, (this.#x[at + 1] as number) <= (this.#x[at + 2] as number) ? at + 1 : at + 2, (this.#x[at + 1] as number) <= (this.#x[at + 2] as number) ? at + 2 : at + 1, at + 3]
      for (const k of order) {
        const x = this.#x[k] as number
        if (xs.length > 0 && x === xs.at(-1)) continue
        xs.push(x)
        ys.push(this.#y[k] as number)
      }
    }
    const keep = lttb(xs, ys, threshold)
    return { xs: keep.map((i) => xs[i] as number), ys: keep.map((i) => ys[i] as number) }
  }

  #set(k: number, x: number, y: number): void {
    this.#x[k] = x
    this.#y[k] = y
  }

  #mergePairs(): void {
    const half = Math.ceil(this.#buckets / 2)
    for (let b = 0; b < half; b++) {
      const a = 2 * b * 4
      const c = a + 4
      const to = b * 4
      const single = 2 * b + 1 >= this.#buckets
      this.#set(to, this.#x[a] as number, this.#y[a] as number)
      let minK = a + 1
      let maxK = a + 2
      if (!single && (this.#y[c + 1] as number) < (this.#y[minK] as number)) minK = c + 1
      if (!single && (this.#y[c + 2] as number) > (this.#y[maxK] as number)) maxK = c + 2
      const lastK = single ? a + 3 : c + 3
      const min = [this.#x[minK] as number, this.#y[minK] as number] as const
      const max = [this.#x[maxK] as number, this.#y[maxK] as number] as const
      const last = [this.#x[lastK] as number, this.#y[lastK] as number] as const
      this.#set(to + 1, ...min)
      this.#set(to + 2, ...max)
      this.#set(to + 3, ...last)
    }
    this.#buckets = half
    this.#width *= 2
  }
}
