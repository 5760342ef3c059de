import { type CounterChange, LAYER_LABEL, type LayerFinding, units, type Verdict } from '@leakwatch/grader'
import { escapeControl } from './escape-control.js'
import { plainStyle, type Style } from './style.js'

const { deltaBytes, deltaMb, mb, pct } = units


/**
 * A verdict as the guide prints one: the final line, threads and handles, then each memory
 * layer with its late slope and the growth it adds over the run, the status, its reasons
 * (the first says which layer decided and why) and the actions to take.
 *
 * `durationMs`, when given, follows the status: "PASS (4.2 s)". `style` dresses the status
 * (colour, emoji) for a terminal; the default is plain text.
 *
 * @example
 * process.stdout.write(formatVerdict(gradeSeries(samples)))
 */
export function formatVerdict(verdict: Verdict, { durationMs, style = plainStyle }: { durationMs?: number; style?: Style } = {}): string {
  const lines = [`Final: ${mb(verdict.initial)} → ${mb(verdict.final)} (${deltaMb(verdict.growth)}, ${pct(verdict.growthPct)})`]
  const counters = [
    ['Threads', verdict.threads, 'threads'],
    ['Open fds', verdict.handles, 'fds'],
    ['Live resources', verdict.resources, 'resources'],
  ] as const
  for (const [label, change, unit] of counters) if (change) lines.push(`${label}: ${counter(change, unit)}`)
  const memory = verdict.layers.filter((l) => l.unit === 'bytes')
  if (memory.length > 0) {
    lines.push('Layers (late slope, and the growth it adds over the run):')
    const width = Math.max(...memory.map((l) => LAYER_LABEL[l.layer].length))
    for (const layer of memory) lines.push(`  ${layerLine(layer, width, layer.layer === verdict.decidedBy)}`)
  }
  const headline = style.status(verdict.status)
  lines.push('', durationMs === undefined ? headline : `${headline} (${(durationMs / 1000).toFixed(1)} s)`)
  // reasons quote what the samples name (resource types, fd kinds): escaped, as a file may say anything
  for (const reason of verdict.reasons) lines.push(`  - ${escapeControl(reason)}`)
  if (verdict.actions.length > 0) {
    lines.push('Actions:')
    verdict.actions.forEach((action, i) => lines.push(`  ${i + 1}. ${escapeControl(action)}`))
  }
  return `${lines.join('\n')}\n`
}

/** "JS heap   5.2 MB → 13.4 MB  +8.1 KB/cycle  adds +153.8%  rising ◀" */
function layerLine(layer: LayerFinding, width: number, decided: boolean): string {
  const levels = `${mb(layer.baseline).padStart(9)} → ${mb(layer.final).padStart(9)}`
  const slope = layer.slope ? `${deltaBytes(layer.slope.value)}/${layer.slope.per === 'cycle' ? 'cycle' : 's'}` : ''
  const adds = layer.projectedPct === undefined ? '' : `adds ${pct(layer.projectedPct)}`
  const shape = `${layer.shape ?? ''}${layer.troughs ? ' (troughs)' : ''}`
  return `${LAYER_LABEL[layer.layer].padEnd(width)} ${levels}  ${slope.padStart(14)}  ${adds.padEnd(13)} ${shape}${decided ? ' ◀' : ''}`.trimEnd()
}

function counter({ initial, final }: CounterChange, unit: string): string {
  const delta = final - initial
  return delta === 0 ? `${initial} → ${final}` : `${initial} → ${final} (${delta > 0 ? '+' : ''}${delta} ${unit})`
}
