import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const VITEST = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')

export interface VitestRun {
  code: number | null
  output: string
}

/** Runs `vitest run` on a fixture project as a child process, and returns its exit code and output. */
export function runVitest(root: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<VitestRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--root', root, ...args], { env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', fail)
    child.once('close', (code) => done({ code, output }))
  })
}

/** One test of vitest's JSON report: its title, status and failure messages. */
export interface JsonTestResult {
  title: string
  fullName: string
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo'
  failureMessages: string[]
}

/** The tests of vitest's JSON report (`--reporter json`), every file's. */
export function readVitestJson(file: string): JsonTestResult[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { testResults: Array<{ assertionResults: JsonTestResult[] }> }
  return report.testResults.flatMap((r) => r.assertionResults)
}
