import { registerSuite } from '@leakwatch/runner'
import { SUITES } from './suites/index.js'

export { BUILTINS, SUITES } from './suites/index.js'
export type { SuiteName } from './suites/index.js'
export { DetectionPipeline } from './workloads/detection-pipeline.js'
export type { DetectionPipelineOptions, PipelineFault, PipelineResult } from './workloads/detection-pipeline.js'
export { DetectionPool } from './workloads/detection-pool.js'
export type { DetectionPoolOptions, PoolFault } from './workloads/detection-pool.js'
export { detectBall, FrameSource } from './workloads/frames.js'
export type { Detection, Frame, FrameSourceOptions } from './workloads/frames.js'
export { PitchStateMachine } from './workloads/pitch-state-machine.js'
export type { PitchState, PitchSummary } from './workloads/pitch-state-machine.js'
export { SessionRecorder } from './workloads/session-recorder.js'
export type { FrameWriter, SessionRecorderOptions, WriterFactory } from './workloads/session-recorder.js'
export { StereoManager } from './workloads/stereo-manager.js'
export type { Point3D, StereoOptions } from './workloads/stereo-manager.js'
export { cancellableDelay, TimeoutError, withTimeout } from './workloads/timeout.js'
export { Y4mWriter } from './workloads/y4m-writer.js'

// Importing this package registers its suites with the runner. Each scenario's child process
// imports the package again to find its scenario, by its built entry point: from dist/index.js
// that is itself, and from src/index.ts (under a test runner) the build beside it, which a
// child without a TypeScript loader can import.
const module = new URL('../dist/index.js', import.meta.url).href
for (const [name, scenarios] of Object.entries(SUITES)) registerSuite({ name, scenarios, module })
