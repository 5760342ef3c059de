import type { Sample } from '@leakwatch/contracts'

// The guide's three example outputs (reference/memory-leak-testing-guide.md, "Interpreting
// Test Results"), rebuilt as series. Its MB are MiB, as psutil's rss / (1024 * 1024).
export const MiB = 1024 * 1024

/** Checkpoints as printed, with a straight line between them at every whole `step`. */
function interpolate(points: ReadonlyArray<readonly [number, number]>, step: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1] as readonly [number, number]
    const [x1, y1] = points[i] as readonly [number, number]
    for (let x = x0; x < x1; x += step) out.push([x, y0 + ((y1 - y0) * (x - x0)) / (x1 - x0)])
  }
  out.push([...(points.at(-1) as readonly [number, number])])
  return out
}

/** "test_detection_pipeline_extended_operation PASSED": +5.2 % over 5 minutes, a checkpoint a minute. */
export const guidePass: Sample[] = [
  [0, 145.3], [60, 148.1], [120, 149.7], [180, 150.2], [240, 151.1], [300, 152.8],
].map(([s, mb]) => ({ t: (s as number) * 1000, rss: (mb as number) * MiB, phase: 'measure' }))

/**
 * The same run sampled every second between the printed checkpoints. Its final value is the
 * median of the last 5 % of the samples, so it differs a little from the printed one.
 */
export const guidePassDense: Sample[] = interpolate(
  [[0, 145.3], [60, 148.1], [120, 149.7], [180, 150.2], [240, 151.1], [300, 152.8]], 1,
).map(([s, mb]) => ({ t: s * 1000, rss: mb * MiB, phase: 'measure' }))

/** "test_session_recorder_multiple_sessions WARNING": 20 sessions, +16.3 %, 36 s a session (12 min). */
export const guideWarn: Sample[] = interpolate(
  [[0, 134.5], [5, 142.3], [10, 148.1], [15, 152.7], [20, 156.4]], 1,
).map(([session, mb]) => ({ t: session * 36_000, rss: mb * MiB, cycle: session, phase: 'measure' }))

/** "test_rapid_start_stop_cycles FAILED": 100 cycles a second apart, a checkpoint every 5, +64 %, threads 12 → 22. */
export const guideFail: Sample[] = interpolate(
  [[0, 128.3], [20, 145.7], [40, 162.8], [60, 179.3], [80, 195.1], [100, 210.4]], 5,
).map(([cycle, mb]) => ({ t: cycle * 1000, rss: mb * MiB, cycle, threads: 12 + Math.floor(cycle / 10), phase: 'measure' }))
