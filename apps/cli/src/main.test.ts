import { describe, expect, it } from 'vitest'
import { captureIo } from '../test/_io.js'
import { COMMANDS, main } from './main.js'

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

  // the help is rendered from the table the parser reads: every flag the parser takes is listed
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help lists every flag it parses, and help %s says the same', async (name, command) => {
    const { io, stdout } = captureIo()
    expect(await main([name, '--help'], io)).toBe(0)
    const help = stdout()
    expect(help).toMatch(new RegExp(`^Usage: leakwatch ${name}`))
    for (const [flag, spec] of Object.entries(command.options)) expect(help).toContain(`--${flag}${spec.value ? ` ${spec.value}` : ''}`)
    expect(help).toContain('-h, --help')
    const again = captureIo()
    expect(await main(['help', name], again.io)).toBe(0)
    expect(again.stdout()).toBe(help)
  })

  it('names a flag’s maximum in the help, from the table the parser checks', async () => {
    const { io, stdout } = captureIo()
    expect(await main(['sample', '--help'], io)).toBe(0)
    expect(stdout()).toMatch(/--interval <ms> +milliseconds between samples \(default 1000\); at most 2147483647\n/)
    expect(stdout()).toMatch(/--duration <s> +.*; at most 2147483\.647\n/)
  })

  it('rejects a flag its help does not list, in one line', async () => {
    const { io, stderr } = captureIo()
    expect(await main(['grade', '--colour', 'x.ndjson'], io)).toBe(2)
    expect(stderr()).toBe("leakwatch: Unknown option '--colour'\n")
  })
})
