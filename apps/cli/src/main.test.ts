import { describe, expect, it } from 'vitest'
import { captureIo } from '../test/_io.js'
import { main } from './main.js'

describe('main()', () => {
  it.each([[['--help']], [['-h']], [[]]])('prints the command list for %j', async (argv) => {
    const { io, stdout } = captureIo()
    expect(await main(argv, io)).toBe(0)
    expect(stdout()).toMatch(/Usage: leakwatch <command>/)
    expect(stdout()).toMatch(/sample/)
  })

  it('prints its version', async () => {
    const { io, stdout } = captureIo()
    expect(await main(['--version'], io)).toBe(0)
    expect(stdout()).toMatch(/^\d+\.\d+\.\d+\n$/)
  })

  it('prints a command’s help', async () => {
    const { io, stdout } = captureIo()
    expect(await main(['sample', '--help'], io)).toBe(0)
    expect(stdout()).toMatch(/--interval <ms>/)
  })

  it('gives an unknown command one line and exit code 2', async () => {
    const { io, stderr } = captureIo()
    expect(await main(['frobnicate'], io)).toBe(2)
    expect(stderr()).toBe("leakwatch: unknown command 'frobnicate'; run 'leakwatch --help' for the list\n")
  })
})
