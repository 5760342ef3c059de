import type { Sample } from '@leakwatch/contracts'

export function random(seed: number): () => number

export interface SyntheticOptions {
  cycles?: number
  cycleMs?: number
  base?: number
  shape?: (f: number) => number
  noisePct?: number
  sawtoothPct?: number
  seed?: number
}

export function syntheticSeries(options?: SyntheticOptions): Sample[]
