export type { FdKinds, Phase, Probe, Sample } from './sample.js'
export { sampleProcess } from './sample-process.js'
export type { SampleSource } from './sample-process.js'
export { ndjsonSink, Sampler } from './sampler.js'
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
