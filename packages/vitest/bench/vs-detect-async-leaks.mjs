#!/usr/bin/env node
// Runs the same leaky code under vitest's own --detectAsyncLeaks and under leakwatch's
// test.leak, one case at a time, and prints what each reported. Needs the packages built
// (`pnpm --filter @leakwatch/vitest... build`). Usage: node bench/vs-detect-async-leaks.mjs [--json]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../test/fixtures/async-leaks', import.meta.url))
const VITEST = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')

export const CASES = [
  { id: 'a-intervals', what: '(a) 2,200 setInterval never cleared' },
  { id: 'b-worker', what: '(b) a Worker never terminated' },
  { id: 'c-fds', what: '(c) 200 fds opened, never closed' },
  { id: 'd-sockets', what: '(d) 20 TCP servers + connections left open' },
  { id: 'e-http-clean', what: '(e) clean: 20 HTTP responses read to the end' },
]

function runVitest(args, env = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--root', ROOT, ...args], { env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c) => (output += c))
    child.stderr.on('data', (c) => (output += c))
    child.once('error', fail)
    child.once('close', (code) => done({ code, output }))
  })
}

/** vitest --detectAsyncLeaks on the plain test of a case: its "Leaks" count, the resource types it names, its exit code. */
export async function detectAsyncLeaks(id) {
  const { code, output } = await runVitest(['--detectAsyncLeaks', `cases/${id}.test.ts`])
  const count = Number(/Leaks\s+(\d+) leaks?/.exec(output)?.[1] ?? 0)
  const types = [...new Set([...output.matchAll(/^(\w+) leaking in /gm)].map((m) => m[1]))]
  return { caught: count > 0, count, types, code }
}

/** The changes a verdict's reasons give for what was left after teardown: "+2200: Timeout +2200" → counts by layer. */
export function leftovers(reasons) {
  const found = []
  for (const reason of reasons) {
    const m = /^(Threads|Open fds|Live libuv resources|Processes)[^:]* left after teardown: \d+ → \d+ \(\+(\d+)(?::\s*([^)]*))?\)/.exec(reason)
    if (m) found.push({ what: m[1], count: Number(m[2]), detail: m[3] ?? '' })
  }
  return found
}

/** leakwatch's test.leak on the same code: its status, counts from the verdict's reasons, whether the test failed. */
export async function leakwatch(id) {
  const out = mkdtempSync(join(tmpdir(), 'leakwatch-bench-'))
  try {
    const { code } = await runVitest([`cases/${id}.leak.test.ts`], { LEAKWATCH_FIXTURE_OUT: out })
    const report = JSON.parse(readFileSync(join(out, 'leakwatch-results.json'), 'utf8'))
    const scenario = report.scenarios[0]
    const counts = leftovers(scenario?.verdict?.reasons ?? [])
    return { status: scenario?.status, caught: scenario?.status === 'fail', counts, failed: code !== 0, code }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

async function main() {
  const rows = []
  for (const c of CASES) rows.push({ ...c, vitest: await detectAsyncLeaks(c.id), leakwatch: await leakwatch(c.id) })
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2))
    return
  }
  const table = [
    ['case', 'vitest: caught?', 'vitest: leaks (types)', 'vitest: exit', 'leakwatch: caught?', 'leakwatch: counts (from reasons)', 'leakwatch: test failed?'],
    ...rows.map((r) => [
      r.what,
      r.vitest.caught ? 'yes' : 'no',
      `${r.vitest.count}${r.vitest.types.length ? ` (${r.vitest.types.join(', ')})` : ''}`,
      String(r.vitest.code),
      r.leakwatch.caught ? 'yes' : `no (${r.leakwatch.status})`,
      r.leakwatch.counts.map((c) => `${c.what} +${c.count}${c.detail ? ` (${c.detail})` : ''}`).join('; ') || '-',
      r.leakwatch.failed ? `yes (exit ${r.leakwatch.code})` : `no (exit ${r.leakwatch.code})`,
    ]),
  ]
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)))
  const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`
  console.log(line(table[0]))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of table.slice(1)) console.log(line(row))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
