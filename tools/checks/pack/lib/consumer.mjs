import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exec, firstErrorLine } from './exec.mjs'
import { Fatal } from './tally.mjs'

const FIXTURES = new URL('../consumer/', import.meta.url)
const OUR_PACKAGE = /(^|\/)node_modules\/(@leakwatch\/[^/]+|leakwatch)$/

/**
 * A user's project outside the workspace, with every tarball installed by npm. Install
 * scripts are not run (--ignore-scripts): none of our packages may need one, and the OpenCV
 * binding (an optional dependency of @leakwatch/native, built by node-gyp against a system
 * OpenCV in minutes) stays unbuilt, so the video suite must be skipped with its reason.
 * --omit=optional would not do: it also drops koffi's prebuilt binary, which koffi finds
 * through an optional dependency of its own.
 */
export async function installTarballs({ tally, project, tarballs, env }) {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'leakwatch-pack-consumer', private: true, type: 'module' }, null, 2))
  cpSync(FIXTURES, project, { recursive: true })
  const args = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel', 'error', ...tarballs.values()]
  const run = await exec('npm', args, { cwd: project, env, timeoutMs: 300_000 })
  if (run.code !== 0) throw new Fatal(`npm install of the tarballs failed: ${firstErrorLine(run, 300_000)}`)

  // every package of ours comes from its tarball, once: nothing of ours from the registry
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'))
  const ours = Object.entries(lock.packages).filter(([path]) => OUR_PACKAGE.test(path))
  const wrong = ours.filter(([path, entry]) => path.split('node_modules/').length !== 2 || !entry.resolved?.startsWith('file:'))
  if (wrong.length) tally.fail('npm install', `not from the tarballs, or installed twice: ${wrong.map(([p]) => p).join(', ')}`)
  else if (ours.length !== tarballs.size) tally.fail('npm install', `${ours.length} of our packages installed, ${tarballs.size} packed`)
  else tally.pass('npm install', `${Object.keys(lock.packages).length - 1} packages, ours from the ${tarballs.size} tarballs`)
  if (!existsSync(join(project, 'node_modules', '.bin', 'leakwatch'))) throw new Fatal('npm linked no leakwatch command (node_modules/.bin/leakwatch)')
}

/** The summary line of `leakwatch run`, as counts. */
function runTotals(stdout) {
  const m = /^(\d+) passed, (\d+) warned, (\d+) failed, (\d+) errors?, (\d+) skipped/m.exec(stdout)
  return m && { pass: +m[1], warn: +m[2], fail: +m[3], error: +m[4], skip: +m[5] }
}

/**
 * `npx leakwatch …` as a user types it, told never to fetch a `leakwatch` from the registry
 * (npm_config_yes=false: the installed one or nothing; `npx --no leakwatch --help` would print
 * npx's own help).
 */
const npx = (project, env, args, timeoutMs) =>
  exec('npx', ['leakwatch', ...args], { cwd: project, env: { ...env, npm_config_yes: 'false' }, timeoutMs })

/** The CLI, the Node API from ESM, and a scenario file of the user's. */
export async function useInstalled({ tally, project, env }) {
  const help = await npx(project, env, ['--help'], 30_000)
  if (help.code === 0 && /Usage: leakwatch/.test(help.stdout)) tally.pass('npx leakwatch --help')
  else tally.fail('npx leakwatch --help', `exit ${help.code}: ${firstErrorLine(help, 30_000)}`)

  const quick = await npx(project, env, ['run', '--suite', 'quick'], 240_000)
  const totals = runTotals(quick.stdout)
  if (quick.code === 0 && totals?.pass === 5 && totals.pass === Object.values(totals).reduce((a, b) => a + b)) {
    tally.pass('npx leakwatch run --suite quick', `5 passed in ${(quick.ms / 1000).toFixed(1)} s`)
  } else tally.fail('npx leakwatch run --suite quick', `exit ${quick.code}, ${totals ? JSON.stringify(totals) : firstErrorLine(quick, 240_000)}`)

  const video = await npx(project, env, ['run', '--suite', 'video', '--out', 'results-video'], 60_000)
  const results = existsSync(join(project, 'results-video/leakwatch-results.json'))
    ? JSON.parse(readFileSync(join(project, 'results-video/leakwatch-results.json'), 'utf8')) : undefined
  const reasons = new Set(results?.scenarios.map((s) => s.skipped) ?? [])
  const allSkipped = results?.scenarios.length === 5 && results.scenarios.every((s) => s.status === 'skip' && /OpenCV binding/.test(s.skipped ?? ''))
  if (video.code === 0 && allSkipped) tally.pass('video suite without the OpenCV binding', `5 skipped: ${[...reasons].join(' | ')}`)
  else tally.fail('video suite without the OpenCV binding', `exit ${video.code}, statuses ${results?.scenarios.map((s) => s.status).join(',') ?? firstErrorLine(video, 60_000)}`)

  const mine = await npx(project, env, ['run', './my.scenario.mjs', '--out', 'results-scenario'], 120_000)
  const mineTotals = runTotals(mine.stdout)
  if (mine.code === 0 && mineTotals?.pass === 1) tally.pass('npx leakwatch run ./my.scenario.mjs', '1 passed')
  else tally.fail('npx leakwatch run ./my.scenario.mjs', `exit ${mine.code}, ${mineTotals ? JSON.stringify(mineTotals) : firstErrorLine(mine, 120_000)}`)

  // installed, leakwatch's own frames are under node_modules/@leakwatch: the site must be the user's line
  // (--fail-on warn: a loaded machine may grade a short leaky run warn; the second pass follows either)
  const leak = await npx(project, env, ['run', './my-leak.scenario.mjs', '--out', 'results-leak', '--no-extend', '--fail-on', 'warn'], 180_000)
  const leakResults = existsSync(join(project, 'results-leak/leakwatch-results.json'))
    ? JSON.parse(readFileSync(join(project, 'results-leak/leakwatch-results.json'), 'utf8')) : undefined
  const first = leakResults?.scenarios[0]?.diagnosis?.findings.find((f) => f.kind === 'heap-object')
  if (leak.code === 1 && first?.what === 'Map' && first.site?.file === join(project, 'my-leak.scenario.mjs') && first.site.line === 11 && /Where it grew/.test(leak.stdout)) {
    tally.pass('npx leakwatch run ./my-leak.scenario.mjs', `fails; diagnosis: ${first.summary} at my-leak.scenario.mjs:${first.site.line}`)
  } else tally.fail('npx leakwatch run ./my-leak.scenario.mjs', `exit ${leak.code}, first heap finding ${JSON.stringify(first)?.slice(0, 300) ?? firstErrorLine(leak, 180_000)}`)

  // the failing run's results rendered again from the installed packages: uPlot inlined from its own package, the schema shipped
  const report = await npx(project, env, ['report', 'results-leak/leakwatch-results.json', '--reporter', 'html,junit,markdown'], 60_000)
  const html = existsSync(join(project, 'results-leak/leakwatch-results.html')) ? readFileSync(join(project, 'results-leak/leakwatch-results.html'), 'utf8') : ''
  const schemaShipped = existsSync(join(project, 'node_modules/@leakwatch/reporters/schema/junit.xsd'))
  if (report.code === 0 && /uPlot/.test(html) && !/<script[^>]+src=/.test(html) && existsSync(join(project, 'results-leak/leakwatch-results.xml')) && schemaShipped) {
    tally.pass('npx leakwatch report … --reporter html,junit,markdown', `a ${(html.length / 1024).toFixed(0)} KiB page with uPlot inlined; the JUnit schema shipped`)
  } else tally.fail('npx leakwatch report … --reporter html,junit,markdown', `exit ${report.code}, uPlot inlined: ${/uPlot/.test(html)}, schema shipped: ${schemaShipped}: ${firstErrorLine(report, 60_000)}`)

  const api = await exec('node', ['api.mjs'], { cwd: project, env, timeoutMs: 120_000 })
  if (api.code === 0) tally.pass('node api.mjs (sampler, Node API, runner + suites)')
  else tally.fail('node api.mjs', firstErrorLine(api, 120_000))
}

/** The TypeScript consumer, once tsc has checked it and emitted api.js beside it. */
export async function runTypeScriptConsumer({ tally, project, env, errors }) {
  const found = [...(errors.get('api.ts') ?? []), ...(errors.get('my-ts.scenario.ts') ?? [])]
  if (found.length) return tally.fail('tsc api.ts my-ts.scenario.ts', found.join('; '))
  tally.pass('tsc api.ts my-ts.scenario.ts', 'strict, NodeNext, declarations checked')
  const run = await exec('node', ['api.js'], { cwd: project, env, timeoutMs: 120_000 })
  if (run.code === 0) tally.pass('node api.js (compiled api.ts, a TypeScript scenario file)')
  else tally.fail('node api.js', firstErrorLine(run, 120_000))
}
