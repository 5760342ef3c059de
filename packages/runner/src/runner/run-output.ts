import { closeSync, createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Sample } from '@leakwatch/contracts'

/** Where a run's samples and its child's output go: `<outDir>/samples/<name>.ndjson`, `<outDir>/logs/<name>.log`. */
export function outputFiles(outDir: string, name: string): { samplesFile: string; logFile: string } {
  return { samplesFile: join(outDir, 'samples', `${name}.ndjson`), logFile: join(outDir, 'logs', `${name}.log`) }
}

/**
 * One line on a file that cannot be written, naming it and the errno:
 * `cannot write out/samples/a.ndjson: ENOSPC (no space left on device)`.
 */
export function cannotWrite(path: string, err: unknown): string {
  const { code, message } = (err ?? {}) as NodeJS.ErrnoException
  // libuv says "ENOSPC: no space left on device, write": keep its description of the errno
  const description = typeof message === 'string' ? /^[A-Z][A-Z0-9_]*: ([^,]+)/.exec(message)?.[1] : undefined
  if (code) return `cannot write ${path}: ${code}${description ? ` (${description})` : ''}`
  return `cannot write ${path}: ${String(message ?? err).split('\n')[0]}`
}

/**
 * The two files of a run, opened before its child starts (a path that cannot be created is an
 * error before anything runs). A write error on either (a full disk) is kept as `failure`, one
 * line, and `failed` aborts with it: the run ends there, and later samples are kept by the
 * caller but no longer written. Nothing throws once they are open.
 */
export class RunOutput {
  readonly samplesFile: string
  readonly logFile: string
  /** Where the child's stdout and stderr are piped. */
  readonly log: WriteStream
  readonly #samples: WriteStream
  readonly #failed = new AbortController()

  /** Opens (creates or empties) both files; throws an Error whose message is {@link cannotWrite}'s line. */
  static open(outDir: string, name: string): RunOutput {
    const { samplesFile, logFile } = outputFiles(outDir, name)
    const samplesFd = openFile(samplesFile)
    let logFd: number
    try {
      logFd = openFile(logFile)
    } catch (err) {
      closeSync(samplesFd)
      throw err
    }
    return new RunOutput(samplesFile, samplesFd, logFile, logFd)
  }

  private constructor(samplesFile: string, samplesFd: number, logFile: string, logFd: number) {
    this.samplesFile = samplesFile
    this.logFile = logFile
    this.#samples = createWriteStream(samplesFile, { fd: samplesFd })
    this.log = createWriteStream(logFile, { fd: logFd })
    this.#samples.on('error', (err) => this.#fail(samplesFile, err))
    this.log.on('error', (err) => this.#fail(logFile, err))
  }

  /** Aborted, with the {@link failure} line as its reason, at the first write error. */
  get failed(): AbortSignal {
    return this.#failed.signal
  }

  /** The first write error, one line naming the file and the errno. */
  get failure(): string | undefined {
    return this.#failed.signal.aborted ? String(this.#failed.signal.reason) : undefined
  }

  /** Appends a sample as a line of NDJSON; dropped once writing has failed. */
  writeSample(sample: Sample): void {
    if (this.failure === undefined) this.#samples.write(`${JSON.stringify(sample)}\n`)
  }

  /** A line of leakwatch's own in the log (never silent about what the log lacks). */
  note(line: string): void {
    if (writable(this.log)) this.log.write(`[leakwatch] ${line}\n`)
  }

  /** Flushes and closes both files, waiting at most `waitMs` (a stuck disk must not hang the run). */
  async close(waitMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const closing = Promise.all([this.#samples, this.log].map(closeStream))
    await Promise.race([closing, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))])
    clearTimeout(timer)
    for (const stream of [this.#samples, this.log]) if (!stream.closed) stream.destroy()
  }

  #fail(file: string, err: unknown): void {
    if (!this.#failed.signal.aborted) this.#failed.abort(cannotWrite(file, err))
  }
}

/** Creates the file's folder and opens it; the error names the file, whichever step failed. */
function openFile(path: string): number {
  try {
    mkdirSync(dirname(path), { recursive: true })
    return openSync(path, 'w')
  } catch (err) {
    throw new Error(cannotWrite(path, err), { cause: err })
  }
}

const writable = (stream: WriteStream) => !stream.destroyed && !stream.writableEnded

function closeStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve()
  return new Promise((done) => {
    stream.once('close', () => done())
    if (writable(stream)) stream.end()
    else stream.destroy()
  })
}
