import { PassThrough } from 'node:stream'
import type { Io } from '../src/index.js'

/** An Io whose stdout and stderr are collected as text. */
export function captureIo(signal?: AbortSignal) {
  const out = collect()
  const err = collect()
  const io: Io = { stdout: out.stream, stderr: err.stream, ...(signal ? { signal } : {}) }
  return { io, stdout: out.text, stderr: err.text }
}

function collect() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString()
  })
  return { stream, text: () => text }
}

/** A `node -e` command line for `leakwatch sample -- …`. */
export const nodeCommand = (script: string) => [process.execPath, '-e', script]
