import { spawn } from 'node:child_process'
import { delimiter, sep } from 'node:path'

/**
 * Runs a command to its end and returns its exit code and output; never throws for a
 * non-zero exit. A command past `timeoutMs` is killed with its whole process group (a
 * leakwatch run forks children) and reported as `timedOut`.
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, ms: number, timedOut: boolean }>}
 */
export function exec(command, args, { cwd, env = process.env, timeoutMs = 120_000 } = {}) {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d })
    const timer = setTimeout(() => {
      timedOut = true
      try { process.kill(-child.pid, 'SIGKILL') } catch { /* already gone */ }
    }, timeoutMs)
    const done = (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: performance.now() - started, timedOut })
    }
    child.on('error', (error) => { stderr += String(error.message); done(null) })
    child.on('close', (code) => done(code))
  })
}

/**
 * The environment of a user's shell, as far as this process can tell: without what pnpm
 * hands its scripts (npm_* settings, the workspace's node_modules/.bin on PATH) and without
 * LEAKWATCH_* switches (CI sets LEAKWATCH_REQUIRE_NATIVE, but the temporary project has no
 * OpenCV binding on purpose).
 */
export function userEnv(workspaceRoot, extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|LEAKWATCH_|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$)/.test(key)) continue
    env[key] = value
  }
  const inWorkspace = (dir) => dir === workspaceRoot || dir.startsWith(workspaceRoot + sep)
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((dir) => !inWorkspace(dir)).join(delimiter)
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra }
}

/** The first line of output that says what went wrong, for one-line failure reports. */
export function firstErrorLine({ stdout, stderr, timedOut }, timeoutMs) {
  if (timedOut) return `timed out after ${Math.round(timeoutMs / 1000)} s`
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter(Boolean)
  // a thrown error's own line ("TypeError: …", "AssertionError [ERR_ASSERTION]: …") first
  return lines.find((l) => /^\w*Error\b[^:]{0,40}: /.test(l))
    ?? lines.find((l) => /error|fail|cannot|not found|TS\d+/i.test(l)) ?? lines[0] ?? 'no output'
}
