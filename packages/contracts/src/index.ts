export type { FdKinds, Phase, Sample } from './sample.js'
