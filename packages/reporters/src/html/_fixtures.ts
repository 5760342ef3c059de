import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Diagnosis, Sample } from '@leakwatch/contracts'
import { gradeSeries } from '@leakwatch/grader'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'

// Samples and reports as a run writes them, for the tests, the benchmark and the docs' screenshot.

const MIB = 1024 * 1024

export interface FixtureScenario {
  name: string
  /** Heap growth per measured cycle, bytes (0: clean). */
  leakPerCycle: number
  cycles: number
  /** Cycles the plan asked for, when the run was extended past them. */
  planned?: number
  diagnosis?: Diagnosis
}

/**
 * A scenario's samples: a sample from outside every 100 ms (RSS, threads, fds) and a full
 * checkpoint every 4 cycles (heap, buffers, native heap, resources), warm-up, measure,
 * teardown and after, with a little deterministic noise.
 */
export function fixtureSamples({ leakPerCycle, cycles }: FixtureScenario, warmup = 20): Sample[] {
  const samples: Sample[] = []
  let t = 0
  let seed = 7
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2
  const at = (cycle: number, phase: Sample['phase'], checkpoint: boolean): Sample => {
    const grown = Math.max(0, cycle) * leakPerCycle
    const warm = Math.min(1, (cycle + warmup) / warmup) * 6 * MIB
    const heapUsed = 18 * MIB + warm + grown + noise() * 0.4 * MIB
    const s: Sample = { t, rss: 96 * MIB + warm + grown * 1.15 + noise() * 1.5 * MIB, threads: 11, handles: 21 + Math.floor(grown / (8 * MIB)), phase }
    if (checkpoint) {
      Object.assign(s, { heapUsed, heapTotal: heapUsed + 6 * MIB, external: 2.5 * MIB + grown * 0.05, arrayBuffers: 0.6 * MIB, nativeHeap: 9 * MIB + noise() * 0.2 * MIB, resources: 6 })
      if (phase !== 'warmup') s.cycle = Math.max(0, cycle)
    }
    return s
  }
  for (let c = -warmup; c < 0; c++, t += 120) samples.push(at(c, 'warmup', false))
  for (let c = 0; c <= cycles; c++) {
    samples.push(at(c, 'measure', c % 4 === 0 || c === cycles))
    t += 40
    samples.push(at(c, 'measure', false))
    t += 80
  }
  samples.push(at(cycles, 'teardown', true))
  t += 300
  const after = at(0, 'after', true)
  delete after.cycle
  samples.push(after)
  return samples
}

/** Writes each scenario's samples to `<dir>/<name>.ndjson` and returns the report of the run. */
export function fixtureRun(dir: string, scenarios: readonly FixtureScenario[]): RunReport {
  const reports: ScenarioReport[] = scenarios.map((fixture, i) => {
    const samples = fixtureSamples(fixture)
    const samplesFile = join(dir, `scenario-${i}.ndjson`)
    writeFileSync(samplesFile, `${samples.map((s) => JSON.stringify(s)).join('\n')}\n`)
    const verdict = gradeSeries(samples)
    const report: ScenarioReport = {
      name: fixture.name,
      suite: 'fixtures',
      description: fixture.leakPerCycle > 0 ? 'a cache that never evicts' : 'a cache with a bound',
      params: {},
      plan: { mode: 'cycles', cycles: fixture.planned ?? fixture.cycles, checkpointEvery: 4, warmup: { cycles: 20 }, timeoutMs: 600_000, scale: 1 },
      status: verdict.status,
      verdict,
      samplesFile,
      durationMs: (samples.at(-1) as Sample).t,
    }
    if (fixture.planned !== undefined) report.extended = { planned: fixture.planned, ran: fixture.cycles, unit: 'cycles', reasons: ['JS heap late slope is uncertain'] }
    if (fixture.diagnosis) report.diagnosis = fixture.diagnosis
    return report
  })
  const totals = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0 }
  for (const r of reports) totals[r.status]++
  return {
    schema: 'leakwatch/results@2',
    tool: { name: 'leakwatch', version: '0.1.0' },
    env: { node: 'v20.20.0', platform: 'linux', arch: 'x64', cpus: 8, totalMemory: 16 * 1024 * MIB, ci: false },
    startedAt: '2026-11-30T14:00:00.000Z',
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    scale: 1,
    interrupted: false,
    scenarios: reports,
    totals,
  }
}

/** A diagnosis like one of a cache that never evicts. */
export function fixtureDiagnosis(root: string): Diagnosis {
  return {
    cycles: 100,
    durationMs: 9_400,
    measureMs: 3_100,
    parts: ['sampling', 'snapshot', 'handles'],
    findings: [
      {
        kind: 'heap-object',
        what: 'FrameRecord',
        summary: 'FrameRecord +400 instances, +6.3 MiB (4.0 per cycle)',
        count: 400,
        perCycle: 4,
        bytes: 6.3 * MIB,
        site: { file: join(root, 'src/frame-cache.ts'), line: 42, column: 5, function: 'FrameCache.put' },
        retainers: ['(module) frame-cache', 'FrameCache', 'Map', 'FrameRecord'],
      },
      {
        kind: 'heap-site',
        what: 'decodeFrame',
        summary: 'decodeFrame: +6.1 MiB still live (62 KiB per cycle)',
        bytes: 6.1 * MIB,
        site: { file: join(root, 'src/decode.ts'), line: 17, column: 12, function: 'decodeFrame' },
      },
    ],
    notes: ['native: jemalloc is not installed, native stacks were not profiled'],
  }
}
