import { PassThrough } from 'node:stream'

/** A stream that says whether it is a terminal, collecting what is written to it as text (tests only). */
export function terminal(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY })
  let text = ''
  stream.on('data', (d: Buffer) => {
    text += d.toString()
  })
  return { stream, text: () => text }
}
