export type { FdKinds, Phase, Sample } from './sample.js'
export { LeakwatchError } from './error.js'
