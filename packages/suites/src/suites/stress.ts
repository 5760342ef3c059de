import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { defineScenario } from '@leakwatch/runner'
import { DetectionPipeline } from '../workloads/detection-pipeline.js'
import { detectBall, FrameSource } from '../workloads/frames.js'
import { PitchStateMachine } from '../workloads/pitch-state-machine.js'
import { SessionRecorder } from '../workloads/session-recorder.js'
import { StereoManager } from '../workloads/stereo-manager.js'
import { videoWriterOption } from './video-writer-option.js'

// The guide's extended stress tests (~10-15 min in the guide) for slow leaks.

/** Two synthetic cameras side by side: the right one sees the ball `disparity` pixels to the left. */
function stereoSources(width: number, height: number, disparity = 24) {
  return { left: new FrameSource({ width, height }), right: new FrameSource({ width, height, offsetX: disparity }) }
}

export const STRESS = [
  defineScenario({
    name: 'detection-pipeline-extended-operation',
    suite: 'stress',
    description: '5 minutes of continuous detection at 60 fps; fault: every frame kept in a history list',
    durationMs: 300_000,
    params: { fault: false, workers: 2, width: 160, height: 120, fps: 60 },
    setup: async (p) => {
      const pipeline = new DetectionPipeline({ workers: p.workers, width: p.width, height: p.height, fault: p.fault ? 'frames-retained' : undefined })
      await pipeline.start()
      return { pipeline, frameMs: 1000 / p.fps }
    },
    cycle: async ({ pipeline, frameMs }) => {
      const started = performance.now()
      await pipeline.processNext()
      // paced like a camera: the next frame comes when the frame interval is up
      await sleep(Math.max(0, frameMs - (performance.now() - started)))
    },
    teardown: ({ pipeline }) => pipeline.stop(),
  }),
  defineScenario({
    name: 'session-recorder-multiple-sessions',
    suite: 'stress',
    description: '20 recording sessions, 30 stereo frames each, to video files; fault: the video writers are not released',
    cycles: 20,
    params: { fault: false, width: 320, height: 240, framesPerSession: 30 },
    setup: async (p) => {
      const dir = mkdtempSync(join(tmpdir(), 'leakwatch-sessions-'))
      const recorder = new SessionRecorder({
        dir,
        width: p.width,
        height: p.height,
        writer: await videoWriterOption(),
        fault: p.fault ? 'writer-not-released' : undefined,
      })
      return { p, dir, recorder, cameras: stereoSources(p.width, p.height) }
    },
    cycle: ({ p, recorder, cameras }, i) => {
      recorder.startSession(`session-${i}`)
      for (let f = 0; f < p.framesPerSession; f++) {
        recorder.record('left', cameras.left.next().data)
        recorder.record('right', cameras.right.next().data)
      }
      // the files are the product, not what is measured: delete them so the disk stays clean
      for (const file of recorder.stopSession()) rmSync(file, { force: true })
    },
    teardown: ({ dir, recorder }) => {
      recorder.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }),
  defineScenario({
    name: 'stereo-manager-extended-operation',
    suite: 'stress',
    description: '5,000 stereo frame pairs matched and triangulated, 1 in 5 right frames dropped; fault: unmatched frames are never dropped',
    cycles: 5000,
    params: { fault: false, width: 320, height: 240, dropEvery: 5 },
    setup: (p) => ({
      p,
      cameras: stereoSources(p.width, p.height),
      stereo: new StereoManager({ fault: p.fault ? 'unbounded-queue' : undefined }),
    }),
    cycle: ({ p, cameras, stereo }, i) => {
      for (const camera of ['left', 'right'] as const) {
        const frame = cameras[camera].next()
        if (camera === 'right' && i % p.dropEvery === 0) continue // a dropped frame: its partner waits in vain
        stereo.push(camera, frame, detectBall(frame.data, cameras[camera].background, frame.width))
      }
    },
    teardown: ({ stereo }) => stereo.stop(),
  }),
  defineScenario({
    name: 'pitch-state-machine-multiple-pitches',
    suite: 'stress',
    description: '100 complete pitches, 40 observed frames each, through the pitch state machine; fault: every pitch’s replay frames kept',
    cycles: 100,
    params: { fault: false, width: 160, height: 120, framesPerPitch: 40 },
    setup: (p) => ({
      p,
      camera: new FrameSource({ width: p.width, height: p.height, framesPerPitch: p.framesPerPitch }),
      machine: new PitchStateMachine(p.fault ? 'trajectories-kept' : undefined),
    }),
    cycle: ({ p, camera, machine }) => {
      machine.arm()
      for (let f = 0; f < p.framesPerPitch; f++) {
        const frame = camera.next()
        const d = detectBall(frame.data, camera.background, frame.width)
        // a monocular stand-in for the stereo position: depth falls as the ball nears the plate
        machine.observe({ t: frame.t, x: d.x / 100, y: d.y / 100, z: 18 * (1 - f / p.framesPerPitch) }, frame.data)
      }
      machine.complete()
      machine.reset()
    },
  }),
  defineScenario({
    name: 'rapid-start-stop-cycles',
    suite: 'stress',
    description: '100 rapid start/stop cycles of the detection pipeline; fault: stop leaves the worker threads running',
    cycles: 100,
    params: { fault: false, workers: 2, width: 160, height: 120, framesPerCycle: 3 },
    setup: (p) => p,
    cycle: async (p) => {
      const pipeline = new DetectionPipeline({ workers: p.workers, width: p.width, height: p.height, fault: p.fault ? 'workers-not-terminated' : undefined })
      await pipeline.start()
      for (let f = 0; f < p.framesPerCycle; f++) await pipeline.processNext()
      await pipeline.stop()
    },
  }),
]
