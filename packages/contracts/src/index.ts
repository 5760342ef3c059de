export type { FdKinds, Phase, Sample } from './sample.js'
export type { DiagnosePart, Diagnosis, Finding, FindingKind, SourceLocation } from './diagnosis.js'
export { LeakwatchError } from './error.js'
