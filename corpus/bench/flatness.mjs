#!/usr/bin/env node
// How a corpus program was checked to be clean: reads the checkpoints of a run
// (`<out>/samples/<name>.ndjson`, the after-GC 'measure' lines with a `cycle`) and prints, per
// layer, its level at the baseline, at a third, half and the end of the measured run, and the
// growth that the last half's Theil-Sen slope would add over the whole run, in % of the
// late level. A clean program's layers level off: that last figure stays near 0 however long
// the run, and a run five times longer ends at the same levels.
//   node corpus/bench/flatness.mjs <samples.ndjson>...
import { readFileSync } from 'node:fs'

const LAYERS = {
  heap: (s) => s.heapUsed,
  // not a layer the verdict judges: V8's reservation, which explains RSS that heapUsed does not
  heapTotal: (s) => s.heapTotal,
  buffers: (s) => s.external,
  native: (s) => s.nativeHeap,
  rss: (s) => s.rss,
  threads: (s) => s.threads,
  fds: (s) => s.handles,
  resources: (s) => s.resources,
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Theil-Sen: the median of the pairwise slopes, robust to a GC-timing outlier or two. */
function theilSen(points) {
  const slopes = []
  for (let a = 0; a < points.length; a++)
    for (let b = a + 1; b < points.length; b++) if (points[b].x !== points[a].x) slopes.push((points[b].y - points[a].y) / (points[b].x - points[a].x))
  return slopes.length ? median(slopes) : 0
}

const fmt = (v, layer) => (v === undefined ? '-' : ['threads', 'fds', 'resources'].includes(layer) ? String(v) : `${(v / 1048576).toFixed(1)}M`)

export function flatness(lines) {
  const series = lines.filter((s) => s.phase === 'measure' && typeof s.cycle === 'number')
  const before = lines.find((s) => s.phase === 'warmup' && s.heapUsed !== undefined)
  // the inside sample (it has the heap and libuv resources), else the outside one
  const after = lines.findLast((s) => s.phase === 'after' && s.heapUsed !== undefined) ?? lines.findLast((s) => s.phase === 'after')
  const cycles = series.at(-1)?.cycle ?? 0
  const at = (frac) => series.find((s) => s.cycle >= frac * cycles)
  const rows = []
  for (const [layer, read] of Object.entries(LAYERS)) {
    if (series[0] === undefined || read(series[0]) === undefined) continue
    const late = series.filter((s) => s.cycle >= cycles / 2).map((s) => ({ x: s.cycle, y: read(s) }))
    const level = median(late.map((p) => p.y))
    const lateGrowthPct = level > 0 ? ((theilSen(late) * cycles) / level) * 100 : 0
    rows.push({
      layer,
      base: read(series[0]),
      third: read(at(1 / 3)),
      half: read(at(1 / 2)),
      end: read(series.at(-1)),
      lateGrowthPct,
      before: before && read(before),
      after: after && read(after),
    })
  }
  return { cycles, checkpoints: series.length, rows }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    const { cycles, checkpoints, rows } = flatness(lines)
    console.log(`${file}: ${cycles} cycles, ${checkpoints} checkpoints`)
    console.log('  layer      base      1/3      1/2      end   late-half slope x run   before→after')
    for (const r of rows) {
      const counter = ['threads', 'fds', 'resources'].includes(r.layer)
      console.log(
        `  ${r.layer.padEnd(9)} ${fmt(r.base, r.layer).padStart(7)}  ${fmt(r.third, r.layer).padStart(7)}  ${fmt(r.half, r.layer).padStart(7)}  ${fmt(r.end, r.layer).padStart(7)}   ${(r.lateGrowthPct >= 0 ? '+' : '') + r.lateGrowthPct.toFixed(1)}%`.padEnd(70) +
          (counter ? `${r.before ?? '-'}→${r.after ?? '-'}` : ''),
      )
    }
  }
}
