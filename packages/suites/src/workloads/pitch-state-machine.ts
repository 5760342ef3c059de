import type { Point3D } from './stereo-manager.js'

export type PitchState = 'idle' | 'armed' | 'in-flight' | 'complete'

export interface PitchSummary {
  points: number
  durationMs: number
  /** Average speed over the flight, m/s. */
  speed: number
  /** Vertical drop from release to the last point, m. */
  drop: number
}

/**
 * idle → armed → in flight → complete. Collects the trajectory (points, and the frames kept
 * for a replay) of one pitch and releases it when the pitch is summed up.
 */
export class PitchStateMachine {
  state: PitchState = 'idle'
  readonly #points: Point3D[] = []
  readonly #replay: Uint8Array[] = []
  // the 'trajectories-kept' fault's archive of every pitch's replay frames
  readonly #archive: Uint8Array[][] = []
  readonly #fault: 'trajectories-kept' | undefined

  constructor(fault?: 'trajectories-kept') {
    this.#fault = fault
  }

  arm(): void {
    if (this.state !== 'idle') throw new Error(`cannot arm while ${this.state}`)
    this.state = 'armed'
  }

  /** A ball position (and the frame it came from) while armed or in flight. */
  observe(point: Point3D, frame?: Uint8Array): void {
    if (this.state === 'armed') this.state = 'in-flight'
    if (this.state !== 'in-flight') return
    this.#points.push(point)
    if (frame) this.#replay.push(frame)
  }

  /** Ends the pitch: returns its summary and lets go of its trajectory. */
  complete(): PitchSummary {
    if (this.state !== 'in-flight') throw new Error(`cannot complete while ${this.state}`)
    const first = this.#points[0]
    const last = this.#points.at(-1)
    const durationMs = first && last ? last.t - first.t : 0
    const distance = first && last ? Math.hypot(last.x - first.x, last.y - first.y, last.z - first.z) : 0
    const summary = {
      points: this.#points.length,
      durationMs,
      speed: durationMs > 0 ? distance / (durationMs / 1000) : 0,
      drop: first && last ? first.y - last.y : 0,
    }
    if (this.#fault === 'trajectories-kept') this.#archive.push([...this.#replay])
    this.#points.length = 0
    this.#replay.length = 0
    this.state = 'complete'
    return summary
  }

  reset(): void {
    this.#points.length = 0
    this.#replay.length = 0
    this.state = 'idle'
  }
}
