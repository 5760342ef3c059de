export { gradeSeries } from './grade.js'
export { DEFAULT_POLICY, resolvePolicy, tierFor } from './policy.js'
export type { Policy, PolicyOverrides, TierPolicy } from './policy.js'
export { GraderError } from './errors.js'
export type { GraderErrorCode } from './errors.js'
export { LAYER_LABEL } from './layers.js'
export { mannKendall } from './stats/mann-kendall.js'
export type { MannKendall } from './stats/mann-kendall.js'
export { theilSenSlope } from './stats/theil-sen.js'
export { senSlope } from './stats/sen-interval.js'
export type { SenSlope } from './stats/sen-interval.js'
export type {
  CounterChange, LayerFinding, LayerName, Pattern, SeriesSample, Shape, Slope, Status, TierName, Trend, Verdict,
} from './types.js'
