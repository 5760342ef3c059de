#!/usr/bin/env node
// pnpm bench:attribution — runs each leaky program of the corpus (and the `where` test fixtures
// of apps/cli) through the real CLI with `--diagnose`, and prints whether the diagnosis's first
// finding names what the program's `where` key expects: the leaking line, the object, handle
// type, fd target or thread. Then, one run at a time, what diagnosis costs against the plain
// run. It prints numbers; a missed target never makes it exit non-zero (bad usage: one line,
// exit 2; Ctrl-C: kills the runs, prints what is done, exit 130).
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { costConfigs, costInspector, costRows } from './_attribution-cost.mjs'
import { gradeDiagnosis } from './_attribution-grade.mjs'
import { attributionRows, attributionSummary } from './_attribution-report.mjs'
import { readWhere } from './_attribution-where.mjs'
import { findCorpus, PARTS } from './_corpus.mjs'
import { killAll, runOne } from './_run-one.mjs'

const USAGE = `usage: pnpm bench:attribution [--jobs N] [--part tune|holdout|fixtures|all] [--filter text] [--scale f]
                              [--cost name,name|none] [--cost-runs N] [--native-profile|--no-native-profile]
                              [--json file] [-- extra leakwatch run args]`

const corpusRoot = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(corpusRoot, '..')
const fixturesDir = join(repoRoot, 'apps/cli/test/fixtures/where')
const cli = process.env.LEAKWATCH_CLI ?? join(repoRoot, 'apps/cli/bin/leakwatch.js')
// the cost section's corpus programs: a heap leak, a timer leak, an fd leak (and every fixture)
const DEFAULT_COST = ['leak-request-log-map', 'leak-heartbeat-timers', 'leak-log-rotation', 'fixtures']
const JEMALLOC = ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2', '/usr/lib/libjemalloc.so.2', '/usr/local/lib/libjemalloc.so.2']
// a guess for the estimate only: a program's run, plus its diagnosis pass
const TYPICAL_RUN_MS = 20_000

function usage(message) {
  process.stderr.write(`bench:attribution: ${message} (--help for usage)\n`)
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
        jobs: { type: 'string', default: String(Math.min(2, availableParallelism())) },
        part: { type: 'string', default: 'all' },
        filter: { type: 'string' },
        scale: { type: 'string' },
        cost: { type: 'string', default: DEFAULT_COST.join(',') },
        'cost-runs': { type: 'string', default: '1' },
        'native-profile': { type: 'boolean' },
        'no-native-profile': { type: 'boolean' },
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
  if (values.part !== 'all' && values.part !== 'fixtures' && !PARTS.includes(values.part)) usage(`--part must be tune, holdout, fixtures or all, got ${values.part}`)
  if (values['native-profile'] && values['no-native-profile']) usage('--native-profile and --no-native-profile contradict each other')
  // default: profile native memory where jemalloc is installed (the native leaks need it)
  const native = values['native-profile'] ? true : values['no-native-profile'] ? false : JEMALLOC.some((p) => existsSync(p))
  const cost = values.cost === 'none' ? [] : values.cost.split(',').map((s) => s.trim()).filter(Boolean)
  return { jobs: count('jobs', 1), costRuns: count('cost-runs', 1), part: values.part, filter: values.filter, scale, cost, native, json: values.json, extraArgs }
}

/** The `where` fixtures of apps/cli's tests: `*.scenario.ts` files that have a `where` key. */
async function findFixtures({ filter }) {
  const files = (await readdir(fixturesDir).catch(() => [])).filter((f) => f.endsWith('.scenario.ts')).sort()
  const found = []
  for (const f of files) {
    const file = join(fixturesDir, f)
    const source = await readFile(file, 'utf8')
    const name = /\bname:\s*['"`]([^'"`]+)['"`]/.exec(source)?.[1] ?? f
    if (filter && !name.includes(filter) && !f.includes(filter)) continue
    found.push({ part: 'fixtures', kind: /^\s*where:/m.test(source) ? 'leaky' : 'clean', file, name, source })
  }
  return found
}

/** The programs to grade, each with its resolved `where`; a malformed `where` is a usage error. */
async function programs(opts) {
  const corpus = opts.part === 'fixtures' ? [] : await findCorpus(corpusRoot, opts)
  const fixtures = opts.part === 'all' || opts.part === 'fixtures' ? await findFixtures(opts) : []
  const leaky = [...corpus, ...fixtures].filter((e) => e.kind === 'leaky')
  const entries = []
  for (const e of leaky) {
    let where
    try {
      where = await readWhere(e.file, e.source)
    } catch (err) {
      usage(err.message)
    }
    if (!where) usage(`${e.file} has no where key: every leaky program says what its attribution must name`)
    entries.push({ part: e.part, name: e.name, file: e.file, where })
  }
  return entries
}

const limitMs = (opts) => 600_000 * Math.max(1, opts.scale ?? 1) // the CLI has its own timeouts; this catches a hung CLI

async function accuracyRuns(entries, opts, onDone) {
  const queue = [...entries]
  const extraArgs = ['--diagnose', ...(opts.native ? ['--native-profile'] : []), ...opts.extraArgs]
  const worker = async () => {
    for (let e = queue.shift(); e && !stopping; e = queue.shift()) {
      const inspect = async ({ scenario }) => ({ diagnosis: scenario.diagnosis, skipped: scenario.skipped })
      const result = await runOne({ cli, file: e.file, scale: opts.scale, extraArgs, limitMs: limitMs(opts), inspect })
      if (stopping) return
      if (result.status !== 'error' && result.status !== 'skip') result.grade = gradeDiagnosis(result.diagnosis, e.where)
      e.result = result
      onDone(e, result)
    }
  }
  await Promise.all(Array.from({ length: opts.jobs }, worker))
}

/** One at a time, in rounds: every program's plain run, null, sampling and full runs, then again. */
async function costRunsFor(entries, opts, onDone) {
  for (let round = 0; round < opts.costRuns; round++) {
    for (const e of entries) {
      for (const config of costConfigs(opts.native)) {
        if (stopping) return
        const { onSpawn, inspect } = costInspector()
        const result = await runOne({ cli, file: e.file, scale: opts.scale, extraArgs: [...config.args, ...opts.extraArgs], limitMs: limitMs(opts), onSpawn, inspect })
        if (stopping) return
        e.cost ??= {}
        ;(e.cost[config.key] ??= []).push(result)
        onDone(e, config.key, result)
      }
    }
  }
}

function report(entries, costEntries, startedAt, interrupted) {
  const lines = []
  for (const part of [...PARTS, 'fixtures']) {
    const own = entries.filter((e) => e.part === part && e.result)
    if (own.length === 0) continue
    lines.push('', `== ${part} (${own.length} leaky programs) ==`, ...attributionRows(own), '', ...attributionSummary(own))
  }
  const corpus = entries.filter((e) => e.part !== 'fixtures' && e.result)
  if (corpus.length) lines.push('', `== overall: the corpus (${corpus.length} leaky programs) ==`, ...attributionSummary(corpus))
  const costed = costEntries.filter((e) => e.cost)
  if (costed.length) lines.push('', `== cost (one run at a time) ==`, ...costRows(costed))
  lines.push('', `  benchmark wall time: ${((Date.now() - startedAt) / 60_000).toFixed(1)} min${interrupted ? ' (interrupted: partial)' : ''}`)
  return lines.join('\n')
}

let stopping = false
const opts = options()
const entries = await programs(opts)
if (entries.length === 0) usage(`no leaky program matches${opts.filter ? ` --filter ${opts.filter}` : ''} in --part ${opts.part}`)
const costEntries = entries.filter((e) => opts.cost.includes(e.name) || (opts.cost.includes('fixtures') && e.part === 'fixtures'))
const totalMs = (entries.length * TYPICAL_RUN_MS) / opts.jobs + costEntries.length * opts.costRuns * 4 * TYPICAL_RUN_MS
console.log(`bench:attribution: ${entries.length} leaky programs, ${opts.jobs} at a time, then ${costEntries.length} × 4 cost runs one at a time: about ${Math.ceil(((opts.scale ?? 1) * totalMs) / 60_000)} min`)
console.log(`  CLI: ${cli}  native profile: ${opts.native ? 'on (jemalloc found)' : 'off'}${opts.extraArgs.length ? `  extra args: ${opts.extraArgs.join(' ')}` : ''}`)

const startedAt = Date.now()
let finished = 0
process.once('SIGINT', () => {
  stopping = true
  killAll()
})
await accuracyRuns(entries, opts, (e, r) => {
  finished++
  const said = r.status === 'error' ? r.error : r.status === 'skip' ? r.skipped : r.grade ? `${r.grade.grade}${r.grade.named ? ' (named)' : ''}: ${r.diagnosis?.findings?.[0]?.summary ?? 'no finding'}` : ''
  console.log(`  [${finished}/${entries.length}] ${e.name}: ${r.status} in ${(r.wallMs / 1000).toFixed(1)} s, ${said}`)
})
await costRunsFor(costEntries, opts, (e, key, r) => {
  const d = r.diagnosis
  console.log(`  cost ${e.name} ${key}: ${r.status} in ${(r.wallMs / 1000).toFixed(1)} s${d ? `, diagnosis measured ${(d.measureMs / 1000).toFixed(1)} s` : ''}${r.error ? ` (${r.error})` : ''}`)
})
console.log(report(entries, costEntries, startedAt, stopping))
if (opts.json) {
  const table = entries.map((e) => ({ part: e.part, name: e.name, file: e.file, group: e.where.group, ...e.result, cost: e.cost }))
  await writeFile(opts.json, `${JSON.stringify(table, null, 2)}\n`)
}
process.exit(stopping ? 130 : 0)
