import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type Codec, createFrame, isAvailable, type Mat, SimulatedCamera, VideoWriter } from '@leakwatch/native'
import { defineScenario } from '@leakwatch/runner'

// The guide's video writer and camera tests (~5-8 min in the guide), on real OpenCV writers.

/**
 * Skipped, with the reason, where the OpenCV binding is missing; an error instead where
 * LEAKWATCH_REQUIRE_NATIVE=1 says it must be there (CI).
 */
function withoutNative(): string | undefined {
  const native = isAvailable()
  if (native.ok) return undefined
  if (process.env.LEAKWATCH_REQUIRE_NATIVE === '1') throw new Error(`LEAKWATCH_REQUIRE_NATIVE=1, but ${native.reason}`)
  return native.reason
}

/** A temporary folder for a scenario's videos, and writers the faults leave open. */
function videoSetup<P>(p: P) {
  return { p, dir: mkdtempSync(join(tmpdir(), 'leakwatch-video-')), abandoned: [] as VideoWriter[], n: 0 }
}

function videoTeardown({ dir }: { dir: string }) {
  rmSync(dir, { recursive: true, force: true })
}

/** Writes `frames` copies of `frame` to a new writer; releases it unless the fault is on. */
function writeClip(ctx: ReturnType<typeof videoSetup<{ fault: boolean }>>, codec: Codec, frame: Mat, frames: number, width: number, height: number) {
  const path = join(ctx.dir, `clip-${ctx.n++}.avi`)
  const writer = new VideoWriter(path, { codec, fps: 30, width, height })
  for (let f = 0; f < frames; f++) writer.write(frame)
  if (ctx.p.fault) ctx.abandoned.push(writer)
  else writer.release()
  rmSync(path, { force: true })
}

export const VIDEO = [
  defineScenario({
    name: 'video-writer-create-destroy-cycles',
    suite: 'video',
    description: '50 video writer cycles, an MJPG and an XVID file each; fault: the writers are not released',
    cycles: 50,
    params: { fault: false, width: 640, height: 480, frames: 10 },
    skip: withoutNative,
    setup: (p) => ({ ...videoSetup(p), frame: createFrame(p.width, p.height, 3, 90) }),
    cycle: (ctx) => {
      for (const codec of ['MJPG', 'XVID'] as const) writeClip(ctx, codec, ctx.frame, ctx.p.frames, ctx.p.width, ctx.p.height)
    },
    teardown: (ctx) => {
      ctx.frame.release()
      videoTeardown(ctx)
    },
  }),
  defineScenario({
    name: 'video-writer-large-file-cycles',
    suite: 'video',
    description: '10 large files, 300 frames at 1280×720 each; fault: the writers are not released',
    cycles: 10,
    params: { fault: false, width: 1280, height: 720, frames: 300 },
    skip: withoutNative,
    setup: (p) => ({ ...videoSetup(p), frame: createFrame(p.width, p.height, 3, 120) }),
    cycle: (ctx) => writeClip(ctx, 'MJPG', ctx.frame, ctx.p.frames, ctx.p.width, ctx.p.height),
    teardown: (ctx) => {
      ctx.frame.release()
      videoTeardown(ctx)
    },
  }),
  defineScenario({
    name: 'simulated-camera-lifecycle',
    suite: 'video',
    description: '30 camera start/stop cycles, 60 fps for 50 ms each; fault: the camera is never stopped',
    cycles: 30,
    params: { fault: false, width: 640, height: 480, fps: 60, runMs: 50 },
    skip: withoutNative,
    setup: (p) => ({ p, frames: 0 }),
    cycle: async (ctx) => {
      const camera = new SimulatedCamera({ width: ctx.p.width, height: ctx.p.height, fps: ctx.p.fps })
      camera.start((frame) => {
        ctx.frames++
        frame.release()
      })
      await sleep(ctx.p.runMs)
      if (!ctx.p.fault) camera.stop()
    },
  }),
  defineScenario({
    name: 'frame-buffer-management',
    suite: 'video',
    description: '10,000 native frames created and destroyed; fault: every tenth frame is kept, never released',
    cycles: 10_000,
    params: { fault: false, width: 320, height: 240 },
    skip: withoutNative,
    setup: (p) => ({ p, kept: [] as Mat[] }),
    cycle: (ctx, i) => {
      const frame = createFrame(ctx.p.width, ctx.p.height, 3, i % 256)
      if (ctx.p.fault && i % 10 === 0) ctx.kept.push(frame)
      else frame.release()
    },
  }),
  defineScenario({
    name: 'concurrent-video-writers',
    suite: 'video',
    description: '20 writers, 4 batches of 5 writing side by side; fault: the writers are not released',
    cycles: 4,
    params: { fault: false, width: 640, height: 480, frames: 30, writers: 5 },
    skip: withoutNative,
    setup: (p) => ({ ...videoSetup(p), frame: createFrame(p.width, p.height, 3, 60) }),
    cycle: (ctx) => {
      const batch = Array.from({ length: ctx.p.writers }, (_, w) => {
        const path = join(ctx.dir, `batch-${ctx.n++}-${w}.avi`)
        return { path, writer: new VideoWriter(path, { codec: w % 2 ? 'XVID' : 'MJPG', fps: 30, width: ctx.p.width, height: ctx.p.height }) }
      })
      // interleaved, frame by frame, as cameras recording at once would
      for (let f = 0; f < ctx.p.frames; f++) for (const { writer } of batch) writer.write(ctx.frame)
      for (const { path, writer } of batch) {
        if (ctx.p.fault) ctx.abandoned.push(writer)
        else writer.release()
        rmSync(path, { force: true })
      }
    },
    teardown: (ctx) => {
      ctx.frame.release()
      videoTeardown(ctx)
    },
  }),
]
