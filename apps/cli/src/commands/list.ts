import { registeredSuites } from '@leakwatch/runner'
import { defineCommand } from '../command.js'
import { EXIT } from '../errors.js'

export const list = defineCommand({
  name: 'list',
  summary: 'list the built-in suites and scenarios',
  usage: ['leakwatch list'],
  description: 'Lists the built-in suites and their scenarios with what each runs.',
  options: {},

  async run(_parsed, io) {
    for (const suite of registeredSuites()) {
      io.stdout.write(`${suite.name}\n`)
      for (const s of suite.scenarios) {
        const work = s.durationMs !== undefined ? `${s.durationMs / 60_000} min` : `${s.cycles} cycles`
        io.stdout.write(`  ${s.name.padEnd(46)} ${work.padStart(12)}  ${s.description ?? ''}\n`)
      }
    }
    return EXIT.ok
  },
})
