import type { Detection, Frame } from './frames.js'

export interface Point3D {
  t: number
  x: number
  y: number
  z: number
}

export interface StereoOptions {
  /** Frames this close in time (ms) are one pair. Default 1. */
  maxSkewMs?: number
  /** Unmatched frames kept per camera, waiting for their partner. Default 16. */
  maxPending?: number
  /** Distance between the cameras, metres. */
  baselineM?: number
  /** Focal length, pixels. */
  focalPx?: number
  /** 'unbounded-queue': unmatched frames are never dropped. */
  fault?: 'unbounded-queue' | undefined
}

type Pending = { frame: Frame; detection: Detection }

/**
 * Pairs left and right frames by timestamp and triangulates the ball. Frames whose partner
 * never comes wait in a bounded queue and are dropped once a later pair proves them stale.
 */
export class StereoManager {
  readonly #options: Required<Omit<StereoOptions, 'fault'>> & Pick<StereoOptions, 'fault'>
  readonly #pending: Record<'left' | 'right', Pending[]> = { left: [], right: [] }

  constructor({ maxSkewMs = 1, maxPending = 16, baselineM = 0.5, focalPx = 800, fault }: StereoOptions = {}) {
    this.#options = { maxSkewMs, maxPending, baselineM, focalPx, fault }
  }

  /** Frames waiting for a partner, per camera. */
  get pending(): { left: number; right: number } {
    return { left: this.#pending.left.length, right: this.#pending.right.length }
  }

  /** Adds one camera's frame; returns the ball's 3-D position when it completes a pair. */
  push(camera: 'left' | 'right', frame: Frame, detection: Detection): Point3D | undefined {
    const other = this.#pending[camera === 'left' ? 'right' : 'left']
    const match = other.findIndex((p) => Math.abs(p.frame.t - frame.t) <= this.#options.maxSkewMs)
    if (match >= 0) {
      const partner = other[match] as Pending
      // everything older than the partner can never pair now
      if (this.#options.fault !== 'unbounded-queue') other.splice(0, match + 1)
      else other.splice(match, 1)
      const [left, right] = camera === 'left' ? [detection, partner.detection] : [partner.detection, detection]
      return this.#triangulate(frame, left, right)
    }
    const own = this.#pending[camera]
    own.push({ frame, detection })
    if (this.#options.fault !== 'unbounded-queue' && own.length > this.#options.maxPending) own.shift()
    return undefined
  }

  stop(): void {
    this.#pending.left.length = 0
    this.#pending.right.length = 0
  }

  #triangulate(frame: Frame, left: Detection, right: Detection): Point3D | undefined {
    const disparity = left.x - right.x
    if (!left.found || !right.found || disparity <= 0) return undefined
    const { focalPx, baselineM } = this.#options
    const z = (focalPx * baselineM) / disparity
    return { t: frame.t, x: ((left.x - frame.width / 2) * z) / focalPx, y: ((frame.height / 2 - left.y) * z) / focalPx, z }
  }
}
