import type { CounterChange, Status, Verdict } from '@leakwatch/grader'
import { deltaMb, mb, pct } from './_units.js'

const HEADLINE: Record<Status, string> = {
  pass: '✅ PASS',
  warn: '⚠️  WARN',
  fail: '❌ FAIL',
  skip: '⏭️  SKIP',
  error: '💥 ERROR',
}

/**
 * A verdict as the guide prints one: the final line, threads and handles, the status, then
 * its reasons and the actions to take.
 *
 * @example
 * process.stdout.write(formatVerdict(gradeSeries(samples)))
 */
export function formatVerdict(verdict: Verdict): string {
  const lines = [`Final: ${mb(verdict.initial)} → ${mb(verdict.final)} (${deltaMb(verdict.growth)}, ${pct(verdict.growthPct)})`]
  const counters = [
    ['Threads', verdict.threads, 'threads'],
    ['Open fds', verdict.handles, 'fds'],
    ['Live resources', verdict.resources, 'resources'],
  ] as const
  for (const [label, change, unit] of counters) if (change) lines.push(`${label}: ${counter(change, unit)}`)
  lines.push('', HEADLINE[verdict.status])
  for (const reason of verdict.reasons) lines.push(`  - ${reason}`)
  if (verdict.actions.length > 0) {
    lines.push('Actions:')
    verdict.actions.forEach((action, i) => lines.push(`  ${i + 1}. ${action}`))
  }
  return `${lines.join('\n')}\n`
}

function counter({ initial, final }: CounterChange, unit: string): string {
  const delta = final - initial
  return delta === 0 ? `${initial} → ${final}` : `${initial} → ${final} (${delta > 0 ? '+' : ''}${delta} ${unit})`
}
