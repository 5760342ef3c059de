// What diagnosis costs, measured on real runs of a few programs, one at a time (a run beside
// another skews timings): the plain run (`--no-diagnose`), the diagnosis pass with only the
// sampling profiler, and with every instrument. Times come from the runs' own records: the plain
// pass's measured phase from its samples file, the diagnosis pass's `measureMs`.
import { readFile } from 'node:fs/promises'

/**
 * Follows a process's peak RSS (VmHWM of /proc/<pid>/status, which the kernel keeps as a
 * high-water mark) every 100 ms while it lives; returns a function that reads the peak so far.
 */
export function watchPeakRss(child) {
  let peak = 0
  const read = () => {
    readFile(`/proc/${child.pid}/status`, 'utf8').then(
      (text) => {
        const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(text)?.[1])
        if (kb * 1024 > peak) peak = kb * 1024
      },
      () => {},
    )
  }
  read()
  const timer = setInterval(read, 100)
  child.once('exit', () => clearInterval(timer))
  return () => peak || undefined
}

/**
 * The measured phase of a run from its samples: from the first `measure` checkpoint (a sample
 * taken inside the process, so it has `heapUsed`) to the first `teardown` sample, in ms.
 */
export async function measuredPhaseMs(samplesFile) {
  const text = await readFile(samplesFile, 'utf8').catch(() => '')
  let start
  for (const line of text.split('\n')) {
    if (!line) continue
    let s
    try {
      s = JSON.parse(line)
    } catch {
      continue
    }
    if (start === undefined && s.phase === 'measure' && s.heapUsed !== undefined) start = s.t
    if (s.phase === 'teardown' && start !== undefined) return s.t - start
  }
  return undefined
}

/**
 * The configurations, each a list of `leakwatch run` arguments. `null` is a diagnosis pass whose
 * one instrument (`fds`: /proc read at setup, baseline and end) costs nothing while the cycles
 * run: the same pass as the others (source maps on, the child's diagnoser), so that its time
 * against the sampling pass's is the sampling profiler's cost alone.
 */
export function costConfigs(native) {
  return [
    { key: 'plain', args: ['--no-diagnose'] },
    { key: 'null', args: ['--diagnose', '--diagnose-parts', 'fds'] },
    { key: 'sampling', args: ['--diagnose', '--diagnose-parts', 'sampling'] },
    { key: 'all', args: ['--diagnose', ...(native ? ['--native-profile'] : [])] },
  ]
}

/** What a cost run keeps: wall time, the CLI's own peak RSS, the plain pass's measured phase, the diagnosis's figures. */
export function costInspector() {
  let peak = () => undefined
  return {
    onSpawn: (child) => {
      peak = watchPeakRss(child)
    },
    inspect: async ({ scenario }) => ({
      cliPeakRss: peak(),
      plainMeasureMs: await measuredPhaseMs(scenario.samplesFile),
      // the diagnosis pass's own samples, beside the run's: its measured phase, timed the same way
      passMeasureMs: scenario.diagnosis ? await measuredPhaseMs(scenario.samplesFile.replace(/\.ndjson$/, '.diagnose.ndjson')) : undefined,
      diagnosis: scenario.diagnosis && {
        measureMs: scenario.diagnosis.measureMs,
        durationMs: scenario.diagnosis.durationMs,
        peakRss: scenario.diagnosis.peakRss,
        cycles: scenario.diagnosis.cycles,
        parts: scenario.diagnosis.parts,
        error: scenario.diagnosis.error,
      },
      skipped: scenario.skipped,
    }),
  }
}

const secs = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`)
const mb = (b) => (b === undefined ? '-' : `${(b / 2 ** 20).toFixed(0)} MB`)
const plus = (x, base) => (x === undefined || !base ? '' : ` (${x >= base ? '+' : ''}${((100 * (x - base)) / base).toFixed(0)} %)`)
const median = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b)
  if (s.length === 0) return undefined
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * One row per program: the plain run (wall time, measured phase, leakwatch's own peak RSS),
 * the sampling pass's measured cycles against the plain pass's of the same invocation and
 * against the null pass's, and the all-instrument pass (measured cycles, whole pass, its
 * process's peak RSS, leakwatch's own); then the median sampling overheads beside the target.
 */
export function costRows(entries) {
  const width = Math.max(24, ...entries.map((e) => e.name.length))
  const lines = [
    `  ${'program'.padEnd(width)} ${'plain: wall / measured / own RSS'.padEnd(34)} ${'sampling: measured vs its plain; vs null pass'.padEnd(46)} all parts: measured / pass / pass RSS / own RSS`,
  ]
  const overheads = []
  const againstNull = []
  for (const e of entries) {
    const runs = e.cost ?? {}
    const med = (key, pick) => median((runs[key] ?? []).map(pick))
    const failed = Object.entries(runs).flatMap(([key, rs]) => rs.filter((r) => r.status === 'error').map((r) => `${key}: ${r.error}`))
    if ((runs.plain ?? []).some((r) => r.status === 'skip')) {
      lines.push(`  ${e.name.padEnd(width)} skipped: ${runs.plain.find((r) => r.skipped)?.skipped ?? ''}`)
      continue
    }
    const plainWall = med('plain', (r) => r.wallMs)
    const plainMeasure = med('plain', (r) => r.plainMeasureMs)
    const samplingMeasure = med('sampling', (r) => r.diagnosis?.measureMs)
    const samplingBase = med('sampling', (r) => r.plainMeasureMs)
    if (samplingMeasure !== undefined && samplingBase) overheads.push(samplingMeasure / samplingBase - 1)
    const plain = `${secs(plainWall)} / ${secs(plainMeasure)} / ${mb(med('plain', (r) => r.cliPeakRss))}`
    const nullMeasure = med('null', (r) => r.diagnosis?.measureMs)
    if (samplingMeasure !== undefined && nullMeasure) againstNull.push(samplingMeasure / nullMeasure - 1)
    const sampling = `${secs(samplingMeasure)} vs ${secs(samplingBase)}${plus(samplingMeasure, samplingBase)}; vs ${secs(nullMeasure)}${plus(samplingMeasure, nullMeasure)}`
    const allMeasure = med('all', (r) => r.diagnosis?.measureMs)
    const all = `${secs(allMeasure)}${plus(allMeasure, med('all', (r) => r.plainMeasureMs))} / ${secs(med('all', (r) => r.diagnosis?.durationMs))} / ${mb(med('all', (r) => r.diagnosis?.peakRss))} / ${mb(med('all', (r) => r.cliPeakRss))}`
    lines.push(`  ${e.name.padEnd(width)} ${plain.padEnd(34)} ${sampling.padEnd(46)} ${all}`)
    for (const f of failed) lines.push(`  ${''.padEnd(width)} error: ${f}`)
  }
  const told = (label, xs) => {
    const m = median(xs)
    return (
      `  sampling's added time on the measured cycles, ${label}: median ${m === undefined ? '-' : `${(100 * m).toFixed(1)} %`} over ${xs.length} programs` +
      ` (max ${xs.length ? `${(100 * Math.max(...xs)).toFixed(1)} %` : '-'})   target: ≤ 10 % → ${m === undefined ? '-' : m <= 0.1 ? 'met' : 'missed'}`
    )
  }
  lines.push(told("against the plain pass's measured phase", overheads), told('against the null pass (same pass, no instrument in the cycles)', againstNull))
  return lines
}
