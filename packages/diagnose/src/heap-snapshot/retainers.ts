import { edgeNameOf, edgeTypeName, nodeNameOf, nodeTypeName, type HeapSnapshot } from './snapshot.js'

/** Shortest retaining paths from the GC root, one parent per node (BFS over strong edges). */
export interface RetainerTree {
  /** The node that reached node i first, or -1 (the root, and nodes only weakly held). */
  parent: Int32Array
  /** The edge from `parent[i]` to i. */
  parentEdge: Uint32Array
  /** Steps from the root, or -1 when unreachable. */
  depth: Int32Array
}

// Nodes a path should not go through while another way exists: V8's machinery (code, maps,
// feedback) reaches almost everything and names nothing a user wrote.
const DISCOURAGED_TYPES = new Set(['code', 'object shape', 'string', 'concatenated string', 'sliced string', 'number'])
const DISCOURAGED_NAMES = new Set([
  '(Internalized strings)',
  '(External strings)',
  '(Compilation cache)',
  '(Code flusher)',
  '(Startup object cache)',
  '(Builtins)',
  'system / Map',
  'system / DescriptorArray',
  'system / TransitionArray',
  'system / FeedbackVector',
  'system / FeedbackCell',
  'system / FeedbackMetadata',
  'system / ClosureFeedbackCellArray',
  'system / ScopeInfo',
  'system / SharedFunctionInfo',
  'system / PrototypeInfo',
])

/**
 * Breadth-first from the root over every edge but `weak` ones, first around V8's machinery
 * and then, for what that leaves unreached, through it: so a path names the user's variables
 * whenever one exists.
 */
export function retainerTree(snapshot: HeapSnapshot): RetainerTree {
  const n = snapshot.nodeCount
  const parent = new Int32Array(n).fill(-1)
  const parentEdge = new Uint32Array(n)
  const depth = new Int32Array(n).fill(-1)
  const discouraged = discouragedNodes(snapshot)
  const weak = snapshot.edgeTypes.indexOf('weak')
  const { firstEdge, edgeTo, edgeType } = snapshot
  // Nodes that had an edge into the machinery skipped: only they are expanded again. Each
  // node is in the first queue once and in this one at most once, so n slots each suffice.
  const deferred = new Uint32Array(n)
  let deferredCount = 0
  const run = (queue: Uint32Array, head: number, tail: number, avoid: boolean): number => {
    while (head < tail) {
      const from = queue[head++]!
      const end = firstEdge[from + 1]!
      let skipped = false
      for (let e = firstEdge[from]!; e < end; e++) {
        if (edgeType[e] === weak) continue
        const to = edgeTo[e]!
        if (depth[to] !== -1) continue
        if (avoid && discouraged[to] === 1) {
          skipped = true
          continue
        }
        depth[to] = depth[from]! + 1
        parent[to] = from
        parentEdge[to] = e
        queue[tail++] = to
      }
      if (skipped) deferred[deferredCount++] = from
    }
    return tail
  }
  const queue = new Uint32Array(n)
  depth[0] = 0
  queue[0] = 0
  run(queue, 0, 1, true)
  // Second pass, allowed through the machinery: from the nodes that skipped some of it, in
  // the order they were reached (so depths stay shortest), then on from what they reach.
  run(deferred, 0, deferredCount, false)
  return { parent, parentEdge, depth }
}

function discouragedNodes(snapshot: HeapSnapshot): Uint8Array {
  const flags = new Uint8Array(snapshot.nodeCount)
  const badType = new Uint8Array(256)
  snapshot.nodeTypes.forEach((t, i) => {
    if (DISCOURAGED_TYPES.has(t)) badType[i] = 1
  })
  const badName = new Uint8Array(snapshot.strings.length)
  snapshot.strings.forEach((s, i) => {
    if (DISCOURAGED_NAMES.has(s)) badName[i] = 1
  })
  for (let i = 0; i < snapshot.nodeCount; i++) {
    if (badType[snapshot.nodeType[i]!] === 1 || badName[snapshot.nodeName[i]!] === 1) flags[i] = 1
  }
  return flags
}

/** The raw path to node i, root first, as `type name -edge-> …` (for debugging and tests). */
export function rawPath(snapshot: HeapSnapshot, tree: RetainerTree, i: number): string[] {
  const steps: string[] = []
  for (let at = i; at !== -1; at = tree.parent[at]!) {
    const via = tree.parent[at] === -1 ? '' : ` <-${edgeTypeName(snapshot, tree.parentEdge[at]!)}:${edgeNameOf(snapshot, tree.parentEdge[at]!)}-`
    steps.push(`${nodeTypeName(snapshot, at)} ${JSON.stringify(nodeNameOf(snapshot, at).slice(0, 40))}${via}`)
  }
  return steps.reverse()
}
