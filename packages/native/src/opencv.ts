import { createRequire } from 'node:module'
import { NativeError } from './errors.js'

// The parts of @u4/opencv4nodejs leakwatch uses, typed loosely: the binding is optional, so
// its own types may not be installed.
export interface Mat {
  readonly rows: number
  readonly cols: number
  readonly channels: number
  readonly empty: boolean
  getData(): Buffer
  setTo(value: number | unknown): Mat
  release(): void
}

export interface OpenCV {
  version: { major: number; minor: number; revision: number }
  Mat: new (...args: unknown[]) => Mat
  Size: new (width: number, height: number) => unknown
  Vec3: new (x: number, y: number, z: number) => unknown
  VideoWriter: {
    new (path: string, fourcc: number, fps: number, size: unknown, isColor: boolean): { write(m: Mat): void; release(): void }
    fourcc(code: string): number
  }
  VideoCapture: new (source: string | number, api?: number) => { read(): Mat; release(): void }
  CV_8UC1: number
  CV_8UC3: number
  CAP_GSTREAMER: number
  CAP_ANY: number
}

export type Availability = { ok: true } | { ok: false; reason: string }

let cached: { cv?: OpenCV; availability: Availability } | undefined

/**
 * Whether the OpenCV binding loads here, and why not. Never throws.
 *
 * @example
 * const native = isAvailable()
 * if (!native.ok) console.log(`video tests skipped: ${native.reason}`)
 */
export function isAvailable(): Availability {
  return load().availability
}

/** The loaded binding, or a NativeError with the reason it is missing. */
export function openCV(): OpenCV {
  const { cv, availability } = load()
  if (!cv) throw new NativeError('LEAKWATCH_NATIVE_UNAVAILABLE', (availability as { reason: string }).reason)
  return cv
}

function load(): { cv?: OpenCV; availability: Availability } {
  if (cached) return cached
  try {
    process.env.OPENCV4NODEJS_DISABLE_AUTOBUILD ??= '1'
    const require = createRequire(import.meta.url)
    const entry = require.resolve('@u4/opencv4nodejs')
    try {
      // its build helper logs lines of config at info level each time it loads: keep them off stdout
      ;(createRequire(entry)('@u4/opencv-build') as { Log: { silence: boolean } }).Log.silence = true
    } catch {
      // a different version of the helper: some log lines, nothing worse
    }
    const cv = require(entry) as OpenCV
    cached = { cv, availability: { ok: true } }
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]
    const reason = /Cannot find module '@u4\/opencv4nodejs'/.test(first ?? '')
      ? 'the OpenCV binding (@u4/opencv4nodejs) is not installed: install libopencv-dev and run tools/setup.sh again'
      : /build[\\/]Release[\\/]opencv4nodejs/.test(first ?? '')
        ? 'the OpenCV binding (@u4/opencv4nodejs) is installed but not built (its node-gyp build failed or was skipped): see "The binding" in @leakwatch/native\'s README'
        : `the OpenCV binding (@u4/opencv4nodejs) does not load: ${first}`
    cached = { availability: { ok: false, reason } }
  }
  return cached
}
