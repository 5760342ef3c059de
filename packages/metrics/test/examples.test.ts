import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const MiB = 2 ** 20
const running = new Set<ChildProcess>()

beforeAll(() => {
  // the examples import the package by its name, which resolves to dist/ as it would for a user
  for (const dist of ['dist/index.js', 'node_modules/@leakwatch/sampler/dist/index.js']) {
    if (!existsSync(join(packageDir, dist))) throw new Error(`${dist} is missing: run \`pnpm --filter @leakwatch/metrics... build\``)
  }
})

afterEach(async () => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
    }
  }
  running.clear()
})

/** Starts an example on a free port with a 100 ms monitor and no warm-up; resolves to its base URL once it listens. */
async function startExample(name: string): Promise<{ child: ChildProcess; base: string }> {
  // pnpm's bin shims put the whole store on NODE_PATH: without it, the example resolves as a user's app does
  const { NODE_PATH: _storePath, ...env } = process.env
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: join(packageDir, 'examples', name),
    env: { ...env, PORT: '0', CHECK_INTERVAL_MS: '100', WARMUP_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let output = ''
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /(http:\/\/[\d.]+:\d+)\/metrics/.exec(output)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${output}`)))
  })
  return { child, base }
}

/** Ends an example as its operator would (SIGTERM) and checks that it shuts down cleanly and is gone. */
async function stopExample(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const [code, signal] = await exited
  expect({ code, signal }).toEqual({ code: 0, signal: null })
  expect(() => process.kill(child.pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
}

async function scrape(base: string): Promise<{ text: string; values: Map<string, number> }> {
  const response = await fetch(`${base}/metrics`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
  const text = await response.text()
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})? (\S+)$/.exec(line)
    if (match) values.set(match[1]!, Number(match[2]))
  }
  return { text, values }
}

/** Calls /work a few times, then scrapes until `name` has grown past `before` (the monitor checks every 100 ms). */
async function workUntilGrown(base: string, name: string, before: number): Promise<number> {
  for (let i = 0; i < 5; i++) expect((await fetch(`${base}/work`)).status).toBe(200)
  const deadline = Date.now() + 5000
  for (;;) {
    const now = (await scrape(base)).values.get(name) ?? 0
    if (now > before || Date.now() > deadline) return now
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('examples/prometheus (prom-client)', () => {
  it('serves the memory layers and monitor state at /metrics, the counters moving on', async () => {
    const { child, base } = await startExample('prometheus')
    const { text, values } = await scrape(base)
    for (const name of ['rss_bytes', 'heap_used_bytes', 'heap_total_bytes', 'external_bytes', 'array_buffers_bytes', 'native_heap_bytes', 'threads', 'open_fds', 'active_resources', 'growth_ratio', 'baseline_rss_bytes', 'warning_level', 'warmed_up']) {
      expect(text).toContain(`# HELP leakwatch_${name} `)
      expect(text).toContain(`# TYPE leakwatch_${name} gauge\n`)
    }
    for (const name of ['samples_total', 'warnings_total', 'recoveries_total']) expect(text).toContain(`# TYPE leakwatch_${name} counter\n`)
    expect(text).toMatch(/^leakwatch_rss_bytes\{service="example"\} \d+$/m)
    expect(values.get('leakwatch_rss_bytes')).toBeGreaterThan(10 * MiB)
    expect(values.get('leakwatch_heap_used_bytes')).toBeGreaterThan(MiB)
    expect(values.has('leakwatch_native_heap_bytes')).toBe(false) // no native probe: not measured, so no value (not 0)
    if (process.platform === 'linux') {
      expect(values.get('leakwatch_threads')).toBeGreaterThanOrEqual(1)
      expect(values.get('leakwatch_open_fds')).toBeGreaterThanOrEqual(3)
    }
    expect(values.get('leakwatch_warmed_up')).toBe(1)
    expect(values.get('leakwatch_baseline_rss_bytes')).toBeGreaterThan(10 * MiB)
    expect(values.get('leakwatch_warnings_total')).toBe(0)
    const samples = values.get('leakwatch_samples_total')!
    expect(samples).toBeGreaterThanOrEqual(1)
    expect(await workUntilGrown(base, 'leakwatch_samples_total', samples)).toBeGreaterThan(samples)
    expect(values.has('process_cpu_user_seconds_total')).toBe(true) // prom-client's default metrics beside ours
    await stopExample(child)
  })
})

describe('examples/opentelemetry (sdk-metrics + exporter-prometheus)', () => {
  it('serves the instruments through the Prometheus exporter, the counters moving on', async () => {
    const { child, base } = await startExample('opentelemetry')
    const { text, values } = await scrape(base)
    for (const name of ['memory_rss', 'memory_heap_used', 'threads', 'open_fds', 'active_resources', 'memory_growth_ratio', 'memory_baseline', 'memory_warning_level', 'memory_warmed_up']) {
      expect(text).toContain(`# HELP leakwatch_${name} `)
      expect(text).toContain(`# TYPE leakwatch_${name} gauge\n`)
    }
    expect(text).toContain('# UNIT leakwatch_memory_rss By\n')
    expect(text).toContain('# TYPE leakwatch_samples_total counter\n')
    expect(text).toMatch(/^leakwatch_memory_rss\{service="example",otel_scope_name="leakwatch"\} \d+$/m)
    expect(values.get('leakwatch_memory_rss')).toBeGreaterThan(10 * MiB)
    expect(values.has('leakwatch_memory_native_heap')).toBe(false)
    if (process.platform === 'linux') expect(values.get('leakwatch_threads')).toBeGreaterThanOrEqual(1)
    expect(values.get('leakwatch_memory_warmed_up')).toBe(1)
    expect(values.get('leakwatch_memory_warnings_total')).toBe(0)
    const samples = values.get('leakwatch_samples_total')!
    expect(samples).toBeGreaterThanOrEqual(1)
    expect(await workUntilGrown(base, 'leakwatch_samples_total', samples)).toBeGreaterThan(samples)
    await stopExample(child)
  })
})
