// One run of one corpus scenario through the real CLI, in its own process group (so that
// killing it also ends the scenario's child) and its own scratch output folder.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const live = new Set()

/** Ends every run still going (Ctrl-C): each process group, by its leader's pid. */
export function killAll() {
  for (const child of live) {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {}
  }
}

/**
 * Runs `leakwatch run <file>` and reads its results file. Never throws: a run that did not
 * produce a verdict comes back as status 'error' with the reason, to be counted and listed.
 * For other benches: `onSpawn(child)` is called with the CLI's process as it starts, and what
 * `inspect({ out, scenario })` returns (before the output folder goes) joins the result.
 */
export async function runOne({ cli, file, scale, extraArgs, limitMs, onSpawn, inspect }) {
  const out = await mkdtemp(join(tmpdir(), 'leakwatch-bench-'))
  const args = [cli, 'run', file, '--out', out, '--reporter', 'json', ...(scale ? ['--scale', String(scale)] : []), ...extraArgs]
  const started = Date.now()
  try {
    const { code, stderr, timedOut } = await spawnCli(args, limitMs, onSpawn)
    const wallMs = Date.now() - started
    const results = await readFile(join(out, 'leakwatch-results.json'), 'utf8').then(JSON.parse, () => undefined)
    const scenario = results?.scenarios?.[0]
    if (!scenario) {
      const why = timedOut ? `no verdict after ${Math.round(limitMs / 1000)} s (killed)` : `no results (exit ${code}): ${lastLine(stderr)}`
      return { status: 'error', error: why, wallMs }
    }
    const verdict = scenario.verdict ?? {}
    return {
      status: scenario.status,
      durationMs: scenario.durationMs,
      wallMs,
      decidedBy: verdict.decidedBy,
      inconclusive: verdict.inconclusive === true,
      extended: Boolean(scenario.extended),
      reason: verdict.reasons?.[0],
      ...(scenario.status === 'error' ? { error: verdict.reasons?.[0] ?? scenario.error ?? lastLine(stderr) } : {}),
      ...(inspect ? await inspect({ out, scenario }) : {}),
    }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}

function spawnCli(args, limitMs, onSpawn) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
    live.add(child)
    onSpawn?.(child)
    let stderr = ''
    let timedOut = false
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }, limitMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      live.delete(child)
      done({ code, stderr, timedOut })
    })
  })
}

const lastLine = (text) => text.trim().split('\n').at(-1)?.slice(0, 200) || 'no output'
