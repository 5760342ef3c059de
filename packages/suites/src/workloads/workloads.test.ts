import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../../tools/temp-folder.js'
import { DetectionPipeline } from './detection-pipeline.js'
import { DetectionPool } from './detection-pool.js'
import { detectBall, FrameSource } from './frames.js'
import { PitchStateMachine } from './pitch-state-machine.js'
import { SessionRecorder } from './session-recorder.js'
import { StereoManager } from './stereo-manager.js'
import { cancellableDelay, TimeoutError, withTimeout } from './timeout.js'
import { Y4mWriter } from './y4m-writer.js'

const temp = tempFolder('leakwatch-workloads-')

describe('FrameSource and detectBall()', () => {
  it('finds the ball where the source drew it', () => {
    const source = new FrameSource({ width: 160, height: 120 })
    for (let i = 0; i < 5; i++) {
      const frame = source.next()
      const truth = source.ballAt(frame.index)
      const d = detectBall(frame.data, source.background, frame.width)
      expect(d.found).toBe(true)
      expect(Math.abs(d.x - truth.x)).toBeLessThan(1.5)
      expect(Math.abs(d.y - truth.y)).toBeLessThan(1.5)
    }
  })

  it('reuses a released buffer', () => {
    const source = new FrameSource({ width: 32, height: 32 })
    const first = source.next()
    source.release(first)
    expect(source.next().data).toBe(first.data)
  })
})

describe('DetectionPool', () => {
  it('detects in worker threads and hands each frame back whole', async () => {
    const source = new FrameSource({ width: 160, height: 120 })
    const pool = new DetectionPool({ size: 2, background: source.background, width: 160 })
    await pool.start()
    try {
      const frames = [source.next(), source.next(), source.next()]
      const detections = await Promise.all(frames.map((f) => pool.detect(f)))
      for (const [i, d] of detections.entries()) {
        expect(d.found).toBe(true)
        expect(frames[i]?.data.length).toBe(160 * 120)
      }
    } finally {
      await pool.stop()
    }
    await expect(pool.detect(source.next())).rejects.toThrow('the detection pool is not running')
  })
})

describe('DetectionPipeline', () => {
  it('keeps only the newest results', async () => {
    const pipeline = new DetectionPipeline({ width: 64, height: 48, keepResults: 3 })
    await pipeline.start()
    for (let i = 0; i < 6; i++) await pipeline.processNext()
    expect(pipeline.results.map((r) => r.index)).toEqual([3, 4, 5])
    await pipeline.stop()
  })
})

describe('StereoManager', () => {
  const detection = (x: number) => ({ found: true, x, y: 60, pixels: 10 })
  const frame = (t: number) => ({ data: new Uint8Array(4), width: 160, height: 120, t, index: t })

  it('pairs frames by timestamp and triangulates: depth = focal × baseline / disparity', () => {
    const stereo = new StereoManager({ focalPx: 800, baselineM: 0.5 })
    expect(stereo.push('left', frame(0), detection(100))).toBeUndefined()
    const point = stereo.push('right', frame(0), detection(80))
    expect(point?.z).toBeCloseTo((800 * 0.5) / 20)
    expect(stereo.pending).toEqual({ left: 0, right: 0 })
  })

  it('drops frames whose partner never came, and bounds the queue', () => {
    const stereo = new StereoManager({ maxPending: 4 })
    for (let t = 0; t < 10; t++) stereo.push('left', frame(t * 10), detection(100))
    expect(stereo.pending.left).toBe(4)
    stereo.push('right', frame(80), detection(90))
    expect(stereo.pending).toEqual({ left: 1, right: 0 }) // 60 and 70 dropped as stale, 90 still waits
  })

  it("keeps everything with the 'unbounded-queue' fault", () => {
    const stereo = new StereoManager({ maxPending: 4, fault: 'unbounded-queue' })
    for (let t = 0; t < 10; t++) stereo.push('left', frame(t * 10), detection(100))
    expect(stereo.pending.left).toBe(10)
  })
})

describe('PitchStateMachine', () => {
  it('goes idle → armed → in flight → complete and sums up the pitch', () => {
    const machine = new PitchStateMachine()
    machine.arm()
    expect(machine.state).toBe('armed')
    machine.observe({ t: 0, x: 0, y: 2, z: 18 })
    expect(machine.state).toBe('in-flight')
    machine.observe({ t: 500, x: 0, y: 1, z: 0 })
    const summary = machine.complete()
    expect(summary).toMatchObject({ points: 2, durationMs: 500, drop: 1 })
    expect(summary.speed).toBeCloseTo(Math.hypot(1, 18) / 0.5)
    expect(machine.state).toBe('complete')
    expect(() => machine.arm()).toThrow('cannot arm while complete')
  })
})

describe('Y4mWriter and SessionRecorder', () => {
  it('writes a YUV4MPEG2 header and frames; release is idempotent; a write after it fails', () => {
    const path = join(temp.dir, 'clip.y4m')
    const writer = new Y4mWriter(path, 4, 2, 25)
    writer.write(new Uint8Array(8).fill(7))
    writer.release()
    writer.release()
    expect(() => writer.write(new Uint8Array(8))).toThrow(`write after release: ${path} is closed`)
    const bytes = readFileSync(path)
    const header = 'YUV4MPEG2 W4 H2 F25:1 Ip A1:1 Cmono\n'
    expect(bytes.subarray(0, header.length).toString()).toBe(header)
    expect(bytes.length).toBe(header.length + 'FRAME\n'.length + 8)
  })

  it('records a session per camera, writes its metadata, and releases its writers', () => {
    const recorder = new SessionRecorder({ dir: temp.dir, width: 4, height: 2 })
    recorder.startSession('s1')
    recorder.record('left', new Uint8Array(8))
    recorder.record('right', new Uint8Array(8))
    const files = recorder.stopSession()
    expect(files.map((f) => f.slice(temp.dir.length + 1))).toEqual(['s1-left.y4m', 's1-right.y4m', 's1.json'])
    expect(JSON.parse(readFileSync(files[2] as string, 'utf8'))).toMatchObject({ id: 's1', frames: 2 })
    expect(recorder.recording).toBe(false)
  })
})

describe('withTimeout() and cancellableDelay()', () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

  it('returns the result and clears its timer', async () => {
    const before = timers()
    expect(await withTimeout(async () => 42, 60_000)).toBe(42)
    expect(timers()).toBe(before)
  })

  it("leaves the timer pending with the 'timer-not-cleared' fault", async () => {
    const before = timers()
    await withTimeout(async () => 42, 200, 'timer-not-cleared')
    expect(timers()).toBe(before + 1)
  })

  it('times out, aborting the operation, which stops its own timer', async () => {
    const before = timers()
    await expect(withTimeout((signal) => cancellableDelay(60_000, signal), 5)).rejects.toBeInstanceOf(TimeoutError)
    expect(timers()).toBe(before)
  })
})
