export type { FdKinds, Phase, Sample } from '@leakwatch/contracts'
export type { Probe } from './sample-process.js'
export { sampleProcess } from './sample-process.js'
export type { SampleSource } from './sample-process.js'
export { Sampler } from './sampler.js'
export { ndjsonSink, readSamples } from './ndjson.js'
export { watchProcess } from './watch-process.js'
export type { WatchProcessOptions, WatchResult } from './watch-process.js'
export { stopProcess } from './stop-process.js'
export type { Mark, SamplerEvents, SamplerOptions } from './sampler.js'
export { forceGC } from './force-gc.js'
export { MemoryMonitor } from './memory-monitor.js'
export type {
  MemoryBaseline,
  MemoryCheck,
  MemoryMonitorEvents,
  MemoryMonitorOptions,
  MemoryRecovery,
  MemoryWarning,
} from './memory-monitor.js'
export { SamplerError } from './errors.js'
export type { SamplerErrorCode } from './errors.js'
export { groupMembers, killGroup, killTrackedGroups, trackedGroups, trackGroup, untrackGroup } from './process-groups.js'
export type { GroupMember } from './process-groups.js'
export { watchGroup } from './_group-watchdog.js'
