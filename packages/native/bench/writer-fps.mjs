// Benchmark: frames per second writing 300 frames of 1280×720 as MJPG and as XVID through the
// binding (@leakwatch/native's VideoWriter), beside the same work in a small C++ program
// against the same OpenCV (the native limit), alternating in one run; prints the ratio
// (target ≥ 0.9) and the cost of one nativeHeap() call. Printed, never asserted.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFrame, isAvailable, nativeHeap, VideoWriter } from '../dist/index.js'

const FRAMES = 300
const [W, H] = [1280, 720]
const ROUNDS = Number(process.env.ROUNDS ?? 3)

const native = isAvailable()
if (!native.ok) {
  console.log(`native benchmark skipped: ${native.reason}`)
  process.exit(0)
}
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-writer-bench-'))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
try {
  const exe = join(dir, 'writer_fps')
  const source = fileURLToPath(new URL('writer_fps.cpp', import.meta.url))
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'opencv4'], { encoding: 'utf8' }).trim().split(/\s+/)
  execFileSync('g++', ['-O2', '-o', exe, source, ...flags])

  const frame = createFrame(W, H, 3, 120)
  const viaBinding = (codec) => {
    const started = performance.now()
    const writer = new VideoWriter(join(dir, `node-${codec}.avi`), { codec, fps: 30, width: W, height: H })
    for (let i = 0; i < FRAMES; i++) writer.write(frame)
    writer.release()
    return FRAMES / ((performance.now() - started) / 1000)
  }
  const viaCpp = (codec) => Number(execFileSync(exe, [join(dir, `cpp-${codec}.avi`), codec, String(FRAMES), String(W), String(H)], { encoding: 'utf8' }))

  console.log(`native: ${FRAMES} frames of ${W}×${H} per file, median of ${ROUNDS} alternating rounds`)
  console.log('  codec   binding fps   C++ fps   ratio')
  for (const codec of ['MJPG', 'XVID']) {
    const node = []
    const cpp = []
    for (let r = 0; r < ROUNDS; r++) {
      node.push(viaBinding(codec))
      cpp.push(viaCpp(codec))
    }
    const ratio = median(node) / median(cpp)
    console.log(`  ${codec}  ${median(node).toFixed(1).padStart(12)}  ${median(cpp).toFixed(1).padStart(8)}   ${ratio.toFixed(2)}  (target ≥ 0.90: ${ratio >= 0.9 ? 'met' : 'MISSED'})`)
  }
  frame.release()

  const costs = []
  for (let i = 0; i < 20_000; i++) {
    const t = performance.now()
    nativeHeap()
    costs.push((performance.now() - t) * 1000)
  }
  console.log(`  nativeHeap(): ${median(costs.slice(1000)).toFixed(2)} µs per call (median of 19,000)`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
