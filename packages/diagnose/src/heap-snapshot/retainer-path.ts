import type { RetainerTree } from './retainers.js'
import { edgeNameOf, edgeTypeName, nodeNameOf, nodeTypeName, type HeapSnapshot } from './snapshot.js'

/** Longest path shown; longer ones keep their first two and last three steps around '…'. */
const MAX_STEPS = 6

/**
 * The path to node i as people read it, root first: `['(module scope) cache', 'Map', 'FrameRecord']`.
 * V8's own objects on the way (contexts, backing stores, hash tables) are left out; what they
 * say is folded into the steps around them (a context's variable name, an element's index).
 */
export function retainerPath(snapshot: HeapSnapshot, tree: RetainerTree, i: number): string[] {
  if (tree.depth[i]! < 0) return []
  const chain: number[] = []
  for (let at = i; at !== -1; at = tree.parent[at]!) chain.push(at)
  chain.reverse()
  const steps: string[] = []
  let lastSynthetic = ''
  let pending: string | undefined // the label of the last user object, waiting for the edge out of it
  for (let k = 0; k < chain.length; k++) {
    const node = chain[k]!
    const next = chain[k + 1]
    const edge = next === undefined ? -1 : tree.parentEdge[next]!
    const type = nodeTypeName(snapshot, node)
    const name = nodeNameOf(snapshot, node)
    if (type === 'synthetic') {
      if (name !== '') lastSynthetic = name
      continue
    }
    const edgeType = edge === -1 ? '' : edgeTypeName(snapshot, edge)
    const edgeName = edge === -1 ? '' : edgeNameOf(snapshot, edge)
    if (name === 'system / Context') {
      if (edgeType === 'context') steps.push(`(${scopeKind(snapshot, node)}) ${edgeName}`)
      continue
    }
    if (isGlobal(name, type) && edgeType === 'property') {
      steps.push(`(global) ${edgeName}`)
      continue
    }
    if (!isUserNode(type, name)) continue
    pending = userLabel(type, name)
    if (edgeType === 'property' && edgeName !== '') pending += `.${edgeName}`
    else if (edgeType === 'element') pending += `[${edgeName}]`
    steps.push(pending)
  }
  const first = steps[0]
  if (first !== undefined && !first.startsWith('(') && lastSynthetic !== '') steps.unshift(lastSynthetic)
  if (steps.length <= MAX_STEPS) return steps
  return [...steps.slice(0, 2), '…', ...steps.slice(-(MAX_STEPS - 3))]
}

/**
 * A context whose parent is the native context, or that carries its module, holds a module's
 * (or a CommonJS wrapper's) top-level variables; any other holds a closure's.
 */
function scopeKind(snapshot: HeapSnapshot, context: number): string {
  for (let e = snapshot.firstEdge[context]!; e < snapshot.firstEdge[context + 1]!; e++) {
    const edge = edgeNameOf(snapshot, e)
    const target = nodeNameOf(snapshot, snapshot.edgeTo[e]!)
    if (edge === 'extension' && target === 'system / SourceTextModule') return 'module scope'
    if (edge === 'previous' && target === 'system / NativeContext') return 'module scope'
  }
  return 'closure'
}

function isGlobal(name: string, type: string): boolean {
  return type === 'object' && (name === 'global' || name.startsWith('global /') || name === 'Window' || name.startsWith('Window /'))
}

function isUserNode(type: string, name: string): boolean {
  if (name.startsWith('system /')) return false
  return type === 'object' || type === 'closure' || type === 'regexp' || type === 'native'
}

function userLabel(type: string, name: string): string {
  if (type === 'closure') return `${name === '' ? '(anonymous)' : name}()`
  return name === '' ? `(${type})` : name
}
