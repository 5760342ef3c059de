import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Y4mWriter } from './y4m-writer.js'

/** What the recorder needs of a video writer; `@leakwatch/native`'s VideoWriter fits. */
export interface FrameWriter {
  write(frame: Uint8Array): void
  release(): void
}

export type WriterFactory = (path: string, width: number, height: number, fps: number) => FrameWriter

export interface SessionRecorderOptions {
  dir: string
  width: number
  height: number
  fps?: number
  /** Makes a writer per camera. Default: a Y4M file writer (extension `.y4m`). */
  writer?: { create: WriterFactory; extension: string }
  /** 'writer-not-released': stopping a session leaves its writers open. */
  fault?: 'writer-not-released' | undefined
}

interface Session {
  id: string
  startedAt: number
  writers: Record<'left' | 'right', FrameWriter>
  files: string[]
  frames: number
}

/** Records sessions: each camera's frames to a video file, plus a metadata file per session. */
export class SessionRecorder {
  readonly #options: SessionRecorderOptions
  #session: Session | undefined
  readonly #abandoned: FrameWriter[] = [] // where the fault's writers end up, still open

  constructor(options: SessionRecorderOptions) {
    this.#options = options
  }

  get recording(): boolean {
    return this.#session !== undefined
  }

  startSession(id: string): void {
    if (this.#session) throw new Error(`session ${this.#session.id} is still recording`)
    const { dir, width, height, fps = 30, writer = { create: y4m, extension: 'y4m' } } = this.#options
    const files = (['left', 'right'] as const).map((camera) => join(dir, `${id}-${camera}.${writer.extension}`))
    this.#session = {
      id,
      startedAt: Date.now(),
      files,
      frames: 0,
      writers: { left: writer.create(files[0] as string, width, height, fps), right: writer.create(files[1] as string, width, height, fps) },
    }
  }

  record(camera: 'left' | 'right', frame: Uint8Array): void {
    if (!this.#session) throw new Error('no session is recording')
    this.#session.writers[camera].write(frame)
    this.#session.frames++
  }

  /** Releases the session's writers and writes its metadata; returns the files written. */
  stopSession(): string[] {
    const session = this.#session
    if (!session) return []
    this.#session = undefined
    const writers = Object.values(session.writers)
    if (this.#options.fault === 'writer-not-released') this.#abandoned.push(...writers)
    else for (const w of writers) w.release()
    const metadata = join(this.#options.dir, `${session.id}.json`)
    writeFileSync(metadata, JSON.stringify({ id: session.id, startedAt: session.startedAt, stoppedAt: Date.now(), frames: session.frames, files: session.files }))
    return [...session.files, metadata]
  }

  stop(): void {
    this.stopSession()
  }
}

const y4m: WriterFactory = (path, width, height, fps) => new Y4mWriter(path, width, height, fps)
