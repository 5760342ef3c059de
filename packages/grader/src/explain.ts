import type { Sample } from '@leakwatch/contracts'
import { mb } from './units.js'
import type { Points } from './envelope.js'
import { type JudgeContext, type Judged, judgeMemory } from './judge-memory.js'
import { LAYER_LABEL, type MemoryLayer } from './layers.js'
import type { LayerFinding } from './types.js'

// Where one layer's growth is explained by another, or by what the runner could not do:
// the rules that keep RSS, and memory outside the JS heap, from deciding on false evidence.

/**
 * A worker thread blocked in `Atomics.wait` whenever it is idle (piscina's default) never
 * returns to its event loop, so the runner cannot ask it to collect: its garbage, and the
 * native memory that garbage holds, grows until V8 decides to collect on its own, outside the
 * main JS heap. Growth there is then not evidence of a leak: at most a warn that says why.
 * Only for a steady number of such workers (at its most for at least half of the run): a
 * number that keeps growing is a thread leak, and is no excuse.
 */
export function excuseBlockedWorkers(findings: LayerFinding[], blocked: number): void {
  for (const f of findings) {
    if ((f.layer !== 'outside' && f.layer !== 'native') || f.status !== 'fail') continue
    f.status = 'warn'
    f.reason = `${f.reason}; but ${blocked} worker thread${blocked === 1 ? '' : 's'} could not be asked to collect garbage (blocked in Atomics.wait, as piscina's idle workers are), and their garbage grows here: not shown to be a leak (with piscina, atomics: 'disabled' lets them be measured)`
  }
}

/**
 * `outside` is a difference: RSS counts a page once it is touched, malloc counts a block once it
 * is handed out, so big fresh allocations move the two apart for a while. Growth outside that
 * RSS beyond the JS heap (native and outside together) does not show is that lag, not a leak.
 * The same holds of V8's heap: growth outside no larger than the heap V8 has reserved and not
 * used is not yet evidence (a warn, and more cycles).
 */
export function crossCheckOutside(outside: Judged, mem: readonly Sample[], ctx: JudgeContext): void {
  const points: Points = { xs: [], ts: [], ys: [] }
  for (const s of mem) {
    if (s.heapTotal === undefined || s.nativeHeap === undefined) return
    points.xs.push(ctx.per === 'cycle' ? (s.cycle as number) : s.t / 1000)
    points.ts.push(s.t / 1000)
    points.ys.push(s.rss - s.heapTotal)
  }
  const together = judgeMemory('outside', points, ctx)
  const finding = outside.finding
  if (together.finding.status === 'pass') {
    finding.reason = `${finding.reason}, but not with the native heap added (pages malloc counts before they are touched): not a leak`
    finding.status = 'pass'
    delete outside.extend
    return
  }
  // V8 reserves heap (heapTotal) before it touches it; as it touches those pages RSS rises and
  // nothing inside does. A rise no larger than the reserved, unused heap may be just that.
  const tail = mem.slice(-Math.max(1, Math.floor(mem.length / 10)))
  const unused = tail.reduce((least, s) => Math.min(least, (s.heapTotal ?? 0) - (s.heapUsed ?? 0)), Number.POSITIVE_INFINITY)
  const rose = finding.final - finding.baseline
  if (finding.status === 'fail' && rose <= unused) {
    finding.status = 'warn'
    finding.reason = `${finding.reason}; but no more than the V8 heap has reserved and not used (${mb(unused)}): V8 may be touching pages it had reserved, more cycles will tell`
    outside.extend = `RSS outside the JS heap and malloc rose no more than the reserved, unused V8 heap (${mb(unused)})`
  }
}

/**
 * RSS is the sum of the layers inside it, so where they are measured they decide and RSS
 * explains: RSS that rises while the JS heap, buffers, native heap and what lies outside
 * them do not is V8 reserving heap it does not use, or the allocator keeping pages: no leak.
 */
export function explainRss(rss: LayerFinding, memory: Map<MemoryLayer, { judged: Judged }>): void {
  if (rss.status === 'pass') return
  const leaking = [...memory.entries()].filter(([layer, m]) => layer !== 'rss' && m.judged.finding.status !== 'pass')
  if (leaking.length > 0) {
    rss.reason += ` (explained by ${leaking.map(([layer]) => LAYER_LABEL[layer]).join(', ')})`
  } else {
    rss.reason = `${rss.reason}, but no layer inside it does (V8 reserving heap, the allocator keeping pages): not a leak`
  }
  rss.status = 'pass'
}
