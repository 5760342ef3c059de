import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Camera, createFrame, isAvailable, jemallocDump, mallocTrim, nativeHeap, nativeHeapProbe, SimulatedCamera, VideoWriter } from '../src/index.js'

const native = isAvailable()
// where OpenCV must be there (CI), its absence fails instead of skipping
if (!native.ok && process.env.LEAKWATCH_REQUIRE_NATIVE === '1') throw new Error(`LEAKWATCH_REQUIRE_NATIVE=1, but ${native.reason}`)

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-native-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('isAvailable()', () => {
  it('says yes, or gives a reason', () => {
    if (native.ok) expect(native).toEqual({ ok: true })
    else expect(native.reason).toMatch(/^the OpenCV binding \(@u4\/opencv4nodejs\) /)
  })
})

describe.skipIf(process.platform !== 'linux')('nativeHeap() on glibc Linux', () => {
  it('counts malloc memory in use: up by a 64 MB block, down once it is freed', () => {
    const before = nativeHeap() ?? 0
    let block: Buffer | undefined = Buffer.allocUnsafeSlow(64 * 2 ** 20).fill(1)
    const during = nativeHeap() ?? 0
    block = undefined
    void block
    expect(during - before).toBeGreaterThanOrEqual(64 * 2 ** 20)
    expect(nativeHeapProbe()).toEqual({ nativeHeap: expect.any(Number) })
    expect(typeof mallocTrim()).toBe('boolean')
  })
})

describe.skipIf(!native.ok)('VideoWriter', () => {
  it.each(['MJPG', 'XVID'] as const)('writes a playable %s .avi that OpenCV reads back', (codec) => {
    const path = join(dir, `clip-${codec}.avi`)
    const frame = createFrame(320, 240, 3, 128)
    const writer = new VideoWriter(path, { codec, fps: 25, width: 320, height: 240 })
    for (let i = 0; i < 12; i++) writer.write(frame)
    writer.release()
    frame.release()
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('RIFF')
    expect(statSync(path).size).toBeGreaterThan(1000)
    const camera = new Camera({ file: path })
    camera.start()
    let frames = 0
    for (let f = camera.read(); f; f = camera.read()) {
      frames++
      f.release()
    }
    camera.stop()
    expect(frames).toBe(12)
  })

  it('writes raw gray bytes, releases twice without harm, and refuses a write after release', () => {
    const path = join(dir, 'gray.avi')
    const writer = new VideoWriter(path, { codec: 'MJPG', width: 64, height: 48, color: false })
    writer.write(new Uint8Array(64 * 48).fill(200))
    expect(writer.frames).toBe(1)
    writer.release()
    writer.release()
    expect(writer.released).toBe(true)
    expect(() => writer.write(new Uint8Array(64 * 48))).toThrow(expect.objectContaining({ code: 'LEAKWATCH_WRITER_RELEASED' }))
  })

  it('shows a writer that is not released in the native heap', () => {
    const frame = createFrame(640, 480, 3, 50)
    const open: VideoWriter[] = []
    const before = nativeHeap() ?? 0
    for (let i = 0; i < 10; i++) {
      const w = new VideoWriter(join(dir, `open-${i}.avi`), { codec: 'MJPG', width: 640, height: 480 })
      w.write(frame)
      open.push(w)
    }
    const held = (nativeHeap() ?? 0) - before
    for (const w of open) w.release()
    mallocTrim()
    const after = (nativeHeap() ?? 0) - before
    frame.release()
    expect(held).toBeGreaterThan(after + 1024 * 1024)
  })
})

describe.skipIf(!native.ok)('Camera and SimulatedCamera', () => {
  it('reads frames from a GStreamer pipeline', () => {
    const camera = new Camera({ gstreamer: 'videotestsrc num-buffers=5 ! video/x-raw,width=160,height=120 ! videoconvert ! appsink' })
    camera.start()
    const frames = []
    for (let f = camera.read(); f; f = camera.read()) frames.push([f.rows, f.cols])
    camera.stop()
    expect(frames).toEqual(Array(5).fill([120, 160]))
  })

  it('produces frames at its rate until stopped', async () => {
    const camera = new SimulatedCamera({ width: 64, height: 48, fps: 100 })
    let seen = 0
    camera.start((frame) => {
      seen++
      frame.release()
    })
    await new Promise((r) => setTimeout(r, 200))
    camera.stop()
    const stoppedAt = seen
    await new Promise((r) => setTimeout(r, 100))
    expect(stoppedAt).toBeGreaterThanOrEqual(5)
    expect(seen).toBe(stoppedAt)
  })
})

// vitest's workers run on the system malloc; the profiling path is tested in @leakwatch/diagnose's
// native tests, in a child started with jemalloc preloaded
describe.skipIf(process.env.LD_PRELOAD?.includes('jemalloc'))('jemallocDump() without jemalloc', () => {
  it('writes nothing and says false', () => {
    const path = join(dir, 'never.heap')
    expect(jemallocDump(path)).toBe(false)
    expect(() => statSync(path)).toThrow()
  })
})
