import type { Finding, FindingKind } from '@leakwatch/contracts'

// The order of a diagnosis's findings: most likely first.

/**
 * Which kinds of finding speak to each layer of the verdict. Allocation sites (`heap-site`)
 * come after every other kind whatever the layer: they name a function, not what grows, and a
 * busy function's live allocations are there in any program.
 */
const KINDS_OF_LAYER: Record<string, FindingKind[]> = {
  heap: ['heap-object'],
  buffers: ['heap-object', 'native'],
  native: ['native', 'heap-object'],
  outside: ['native', 'thread', 'heap-object'],
  rss: ['heap-object', 'native', 'thread'],
  threads: ['thread'],
  fds: ['fd'],
  resources: ['handle'],
  processes: ['handle'],
}
const DEFAULT_ORDER: FindingKind[] = ['heap-object', 'handle', 'fd', 'thread', 'native', 'heap-site']

/** The kinds that speak to the verdict's layers first (the deciding layer's first of all), each kind's own order kept. */
export function rank(findings: readonly Finding[], layers: readonly string[]): Finding[] {
  const order: FindingKind[] = []
  for (const kind of [...layers.flatMap((l) => KINDS_OF_LAYER[l] ?? []), ...DEFAULT_ORDER]) if (!order.includes(kind)) order.push(kind)
  let ranked = order.flatMap((kind) => {
    const ofKind = findings.filter((f) => f.kind === kind && !catchAll(f))
    return kind === 'heap-object' ? ofKind.sort((a, b) => objectRank(a) - objectRank(b)) : ofKind
  })
  // native memory that Node itself allocated for JavaScript objects (an ArrayBuffer's bytes)
  // is told better by the objects that hold it: after them
  const lastObject = ranked.findLastIndex((f) => f.kind === 'heap-object')
  if (lastObject >= 0) {
    const nodes = ranked.filter((f, i) => i < lastObject && inNode(f))
    ranked = ranked.filter((f) => !nodes.includes(f))
    ranked.splice(ranked.findLastIndex((f) => f.kind === 'heap-object') + 1, 0, ...nodes)
  }
  // what says least comes last: resident memory by mapping, then allocation sites by function
  return [...ranked, ...findings.filter((f) => catchAll(f) && f.kind !== 'heap-site'), ...findings.filter((f) => catchAll(f) && f.kind === 'heap-site')]
}

/** A native finding whose stack is in the `node` executable itself. */
function inNode(finding: Finding): boolean {
  return finding.kind === 'native' && finding.module !== undefined && /(^|\/)node$/.test(finding.module)
}

/** A finding that names no object, handle or stack: a mapping that grew, or a function's live allocations. */
function catchAll(finding: Finding): boolean {
  return finding.kind === 'heap-site' || (finding.kind === 'native' && finding.stack === undefined && finding.module === undefined)
}

/**
 * Among objects that grew, the ones whose statement the probes found come first (a person can
 * open that line), then the program's own constructors, then the embedder's (`Node / …`:
 * native state that a JavaScript object holds, and so grows with it). The sort is stable.
 */
function objectRank(finding: Finding): number {
  if (finding.site) return 0
  return finding.what.startsWith('Node / ') ? 2 : 1
}
