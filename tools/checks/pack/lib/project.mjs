import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exec, firstErrorLine } from './exec.mjs'

/**
 * Fitting into a user's project, in the temporary project that has only the tarballs
 * installed: a config file found and used, a vitest test with leakwatch's matcher, `init`'s
 * pre-commit hook stopping a commit of a leak, two shards merged, the Prometheus example scraped.
 */
export async function fitIntoProject({ tally, project, env, root }) {
  const npx = (args, { cwd = project, timeoutMs = 240_000 } = {}) => exec('npx', ['leakwatch', ...args], { cwd, env: { ...env, npm_config_yes: 'false' }, timeoutMs })

  // a config file: `leakwatch run` alone runs what its glob finds, with its reporters and folder
  const config = join(project, 'fit/config')
  const configured = await npx(['run'], { cwd: config })
  const configResults = existsSync(join(config, 'out/leakwatch-results.json')) ? JSON.parse(readFileSync(join(config, 'out/leakwatch-results.json'), 'utf8')) : undefined
  const found = configResults?.scenarios.map((s) => `${s.name} ${s.status}`).sort().join(', ')
  if (configured.code === 0 && found === 'config-a pass, config-b pass' && existsSync(join(config, 'out/leakwatch-results.xml'))) tally.pass('npx leakwatch run with leakwatch.config.mjs', `its glob found ${found}; JUnit written where it says`)
  else tally.fail('npx leakwatch run with leakwatch.config.mjs', `exit ${configured.code}, scenarios ${found}: ${firstErrorLine(configured, 240_000)}`)
  const printed = await npx(['config', '--print', '--reporter', 'json'], { cwd: config, timeoutMs: 60_000 })
  if (printed.code === 0 && /leakwatch\.config\.mjs/.test(printed.stdout) && /--reporter/.test(printed.stdout)) tally.pass('npx leakwatch config --print', 'names the file and the flag each value came from')
  else tally.fail('npx leakwatch config --print', `exit ${printed.code}: ${firstErrorLine(printed, 60_000)}`)

  // a vitest project with leakwatch's test.leak and expectNoLeak: the leak fails its test, the twin passes
  const vitestDir = join(project, 'fit/vitest')
  const vt = await exec('npx', ['vitest', 'run'], { cwd: vitestDir, env: { ...env, npm_config_yes: 'false', CI: 'true' }, timeoutMs: 420_000 })
  const vtText = (vt.stdout + vt.stderr).replace(/\u001b\[[0-9;]*m/g, '') // vitest colours even into a pipe
  const vtResults = existsSync(join(vitestDir, 'leakwatch-results/leakwatch-results.json')) ? JSON.parse(readFileSync(join(vitestDir, 'leakwatch-results/leakwatch-results.json'), 'utf8')) : undefined
  const statuses = vtResults?.scenarios.map((s) => `${s.name} ${s.status}`).sort().join(', ') ?? ''
  if (vt.code === 1 && /Tests\s+1 failed \| 3 passed/.test(vtText) && /indexFrame keeps every frame/.test(vtText) && /keeps rising/.test(vtText) && /index-?frame-keeps-every-frame\S* fail/i.test(statuses)) {
    tally.pass('npx vitest run with @leakwatch/vitest', `the leak fails its test with the verdict's reasons, its twin passes (isolated, in-process and through the toLeak matcher); results: ${statuses}`)
  } else tally.fail('npx vitest run with @leakwatch/vitest', `exit ${vt.code}, results [${statuses}]: ${vtText.split('\n').filter((l) => /Tests |FAIL|Error/.test(l)).slice(0, 4).join(' | ') || firstErrorLine(vt, 420_000)}`)

  // leakwatch init in a git repository, then a commit of a leaky scenario through its hook
  const git = (args) => exec('git', ['-c', 'user.name=pack test', '-c', 'user.email=pack@test.invalid', ...args], { cwd: project, env, timeoutMs: 240_000 })
  await git(['init', '-q'])
  writeFileSync(join(project, '.gitignore'), 'node_modules\n')
  const init = await npx(['init'], { timeoutMs: 60_000 })
  const hookFile = join(project, '.git/hooks/pre-commit')
  const workflow = join(project, '.github/workflows/leakwatch.yml')
  if (init.code === 0 && existsSync(hookFile) && existsSync(workflow)) tally.pass('npx leakwatch init', `wrote ${init.stdout.split('\n').filter((l) => /\.(yml|pre-commit)\b|hooks/.test(l)).length} files: the workflow and the hook`)
  else tally.fail('npx leakwatch init', `exit ${init.code}, hook ${existsSync(hookFile)}, workflow ${existsSync(workflow)}: ${firstErrorLine(init, 60_000)}`)
  cpSync(join(project, 'fit/hook/leaky.leak.mjs'), join(project, 'staged.leak.mjs'))
  await git(['add', '.gitignore', 'staged.leak.mjs'])
  const blocked = await git(['commit', '-q', '-m', 'a leak'])
  cpSync(join(project, 'fit/hook/clean.leak.mjs'), join(project, 'staged.leak.mjs'))
  await git(['add', 'staged.leak.mjs'])
  const allowed = await git(['commit', '-q', '-m', 'the fix'])
  const log = await git(['log', '--format=%s'])
  if (blocked.code !== 0 && allowed.code === 0 && log.stdout.trim() === 'the fix') tally.pass('git commit through the pre-commit hook', 'a staged leak is stopped (exit 1), its fix commits')
  else tally.fail('git commit through the pre-commit hook', `leaky commit exit ${blocked.code}, clean commit exit ${allowed.code}, log ${JSON.stringify(log.stdout.trim())}: ${firstErrorLine(allowed.code ? allowed : blocked, 240_000)}`)

  // two shards on two "machines", merged into one verdict and one report
  const shards = join(project, 'fit/shards')
  const files = ['part-1', 'part-2', 'part-3', 'part-4'].map((n) => `${n}.scenario.mjs`)
  const one = await npx(['run', ...files, '--shard', '1/2', '--out', 'shard-1', '--reporter', 'json', '--no-diagnose'], { cwd: shards })
  const two = await npx(['run', ...files, '--shard', '2/2', '--out', 'shard-2', '--reporter', 'json', '--no-diagnose'], { cwd: shards })
  const merged = await npx(['report', '--merge', 'shard-1/leakwatch-results.json', 'shard-2/leakwatch-results.json', '--out', 'merged', '--reporter', 'json,junit'], { cwd: shards })
  const names = (dir) => (existsSync(join(shards, dir, 'leakwatch-results.json')) ? JSON.parse(readFileSync(join(shards, dir, 'leakwatch-results.json'), 'utf8')).scenarios.map((s) => s.name) : [])
  const [a, b, all] = [names('shard-1'), names('shard-2'), names('merged')]
  if (one.code === 0 && two.code === 0 && merged.code === 0 && a.length > 0 && b.length > 0 && a.length + b.length === 4 && [...all].sort().join() === 'part-1,part-2,part-3,part-4') {
    tally.pass('npx leakwatch run --shard 1/2 and 2/2, then report --merge', `${a.join(', ')} | ${b.join(', ')} → 4 scenarios, exit 0`)
  } else tally.fail('npx leakwatch run --shard 1/2 and 2/2, then report --merge', `exits ${one.code}, ${two.code}, ${merged.code}; shards [${a}] [${b}], merged [${all}]: ${firstErrorLine(one.code ? one : two.code ? two : merged, 240_000)}`)

  // the Prometheus example of @leakwatch/metrics, with prom-client installed beside it, scraped
  const prom = await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel', 'error', 'prom-client@15'], { cwd: project, env, timeoutMs: 180_000 })
  if (prom.code !== 0) return tally.fail('npm install prom-client', firstErrorLine(prom, 180_000))
  cpSync(join(root, 'packages/metrics/examples/prometheus/server.mjs'), join(project, 'fit/metrics-server.mjs'))
  const server = spawn(process.execPath, ['fit/metrics-server.mjs'], { cwd: project, env: { ...env, PORT: '0', CHECK_INTERVAL_MS: '200', WARMUP_MS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    let out = ''
    server.stdout.setEncoding('utf8').on('data', (d) => { out += d })
    const deadline = Date.now() + 20_000
    while (!/metrics on (http:\S+?\/metrics)/.test(out) && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 50))
    const url = /metrics on (http:\S+?\/metrics)/.exec(out)?.[1]
    if (!url) return tally.fail('scrape /metrics of the Prometheus example', `no URL printed: ${out.slice(0, 300)}`)
    for (let i = 0; i < 3; i++) await fetch(url.replace('/metrics', '/work'))
    const text = await (await fetch(url)).text()
    const rss = Number(/^leakwatch_rss_bytes(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1])
    const samples = Number(/^leakwatch_samples_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1])
    if (rss > 10 * 2 ** 20 && samples >= 1 && /^# TYPE leakwatch_threads gauge/m.test(text)) tally.pass('scrape /metrics of the Prometheus example', `leakwatch_rss_bytes ${(rss / 2 ** 20).toFixed(1)} MiB, ${samples} samples`)
    else tally.fail('scrape /metrics of the Prometheus example', text.split('\n').filter((l) => l.startsWith('leakwatch_')).slice(0, 5).join(' | ') || text.slice(0, 300))
  } finally {
    server.kill('SIGTERM')
    if (server.exitCode === null) await once(server, 'exit')
  }
}
