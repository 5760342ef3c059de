#!/usr/bin/env node
// pnpm bench:verdict — runs the calibration corpus through the real CLI and prints how often
// leakwatch raises a false alarm on clean programs and how often it catches the leaky ones,
// for the tune part, the held-out part and overall. It prints numbers; a missed target never
// makes it exit non-zero (only bad usage does: one line, exit 2).
import { writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { findCorpus, PARTS } from './_corpus.mjs'
import { scenarioRows, summary } from './_report.mjs'
import { killAll, runOne } from './_run-one.mjs'

const USAGE = `usage: pnpm bench:verdict [--runs N] [--leaky-runs N] [--jobs N] [--part tune|holdout|all]
                          [--filter text] [--scale f] [--json file] [-- extra leakwatch run args]`

const corpusRoot = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(corpusRoot, '..')
// LEAKWATCH_CLI: another build of the CLI (say, the previous commit's) to compare against
const cli = process.env.LEAKWATCH_CLI ?? join(repoRoot, 'apps/cli/bin/leakwatch.js')
// a guess for the estimate only: a corpus run takes about this long at scale 1
const TYPICAL_RUN_MS = 8_000

function usage(message) {
  process.stderr.write(`bench:verdict: ${message} (--help for usage)\n`)
  process.exit(2)
}

function options() {
  const argv = process.argv.slice(2)
  const dash = argv.indexOf('--')
  const extraArgs = dash >= 0 ? argv.slice(dash + 1) : []
  let values
  try {
    ;({ values } = parseArgs({
      args: dash >= 0 ? argv.slice(0, dash) : argv,
      options: {
        runs: { type: 'string', default: '5' },
        'leaky-runs': { type: 'string', default: '1' },
        jobs: { type: 'string', default: String(Math.min(2, availableParallelism())) },
        part: { type: 'string', default: 'all' },
        filter: { type: 'string' },
        scale: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    usage(err.message)
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  const count = (key, min) => {
    const n = Number(values[key])
    if (!Number.isInteger(n) || n < min) usage(`--${key} must be a whole number ≥ ${min}, got ${values[key]}`)
    return n
  }
  const scale = values.scale === undefined ? undefined : Number(values.scale)
  if (scale !== undefined && !(scale > 0)) usage(`--scale must be a number above 0, got ${values.scale}`)
  if (values.part !== 'all' && !PARTS.includes(values.part)) usage(`--part must be tune, holdout or all, got ${values.part}`)
  return { runs: count('runs', 1), leakyRuns: count('leaky-runs', 0), jobs: count('jobs', 1), part: values.part, filter: values.filter, scale, json: values.json, extraArgs }
}

/** Runs the jobs, `jobs` at a time, in rounds (every scenario's first run, then its second...). */
async function runAll(entries, opts, onDone) {
  const queue = []
  const rounds = Math.max(opts.runs, opts.leakyRuns)
  for (let round = 0; round < rounds; round++)
    for (const e of entries) if (round < (e.kind === 'clean' ? opts.runs : opts.leakyRuns)) queue.push(e)
  // generous: the CLI has its own per-scenario timeout; this only catches a hung CLI
  const limitMs = 300_000 * Math.max(1, opts.scale ?? 1)
  const worker = async () => {
    for (let e = queue.shift(); e && !stopping; e = queue.shift()) {
      const result = await runOne({ cli, file: e.file, scale: opts.scale, extraArgs: ['--no-diagnose', ...opts.extraArgs], limitMs })
      if (stopping) return
      e.runs.push(result)
      onDone(e, result)
    }
  }
  await Promise.all(Array.from({ length: opts.jobs }, worker))
  return queue.length
}

function report(entries, startedAt, interrupted) {
  const lines = []
  for (const part of PARTS) {
    const own = entries.filter((e) => e.part === part && e.runs.length > 0)
    if (own.length === 0) continue
    lines.push('', `== ${part} (${own.length} scenarios) ==`, ...scenarioRows(own), '', ...summary(own))
  }
  const done = entries.filter((e) => e.runs.length > 0)
  lines.push('', `== overall (${done.length} scenarios, ${done.reduce((n, e) => n + e.runs.length, 0)} runs) ==`, ...summary(done))
  lines.push(`  benchmark wall time: ${((Date.now() - startedAt) / 60_000).toFixed(1)} min${interrupted ? ' (interrupted: partial)' : ''}`)
  return lines.join('\n')
}

let stopping = false
const opts = options()
const entries = (await findCorpus(corpusRoot, opts)).map((e) => ({ ...e, runs: [] }))
if (entries.length === 0) usage(`no corpus scenario matches${opts.filter ? ` --filter ${opts.filter}` : ''} in --part ${opts.part}`)
const totalRuns = entries.reduce((n, e) => n + (e.kind === 'clean' ? opts.runs : opts.leakyRuns), 0)
const estimateMin = (totalRuns * TYPICAL_RUN_MS * (opts.scale ?? 1)) / opts.jobs / 60_000
console.log(`bench:verdict: ${entries.length} scenarios, ${totalRuns} runs, ${opts.jobs} at a time: about ${Math.ceil(estimateMin)} min`)
console.log(`  CLI: ${cli}${opts.extraArgs.length ? `  extra args: ${opts.extraArgs.join(' ')}` : ''}`)

const startedAt = Date.now()
let finished = 0
process.once('SIGINT', () => {
  stopping = true
  killAll()
})
await runAll(entries, opts, (e, r) => {
  finished++
  const note = r.status === 'error' ? `  (${r.error})` : r.decidedBy ? `  (${r.decidedBy})` : ''
  console.log(`  [${finished}/${totalRuns}] ${e.name}: ${r.status} in ${((r.durationMs ?? r.wallMs) / 1000).toFixed(1)} s${note}`)
})
console.log(report(entries, startedAt, stopping))
if (opts.json) {
  const table = entries.flatMap((e) => e.runs.map((r, run) => ({ part: e.part, kind: e.kind, name: e.name, file: e.file, expectedLayers: e.expectedLayers, run, ...r })))
  await writeFile(opts.json, `${JSON.stringify(table, null, 2)}\n`)
}
process.exit(stopping ? 130 : 0)
