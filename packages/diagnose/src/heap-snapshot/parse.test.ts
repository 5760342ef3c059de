import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../../tools/temp-folder.js'
import { HeapSnapshotError } from './errors.js'
import { readHeapSnapshotHeader } from './header.js'
import { readHeapSnapshot } from './parse.js'
import { edgeNameOf, nodeNameOf, nodeTypeName } from './snapshot.js'

const temp = tempFolder('leakwatch-parse-')

// A snapshot written by hand: node fields in an order V8 never uses, escapes and multi-byte
// characters in the strings, and the arrays V8 adds that the parser must skip.
const handMade = JSON.stringify({
  snapshot: {
    meta: {
      node_fields: ['id', 'edge_count', 'name', 'self_size', 'type', 'trace_node_id'],
      node_types: [['hidden', 'object', 'string', 'synthetic'], 'number', 'number', 'string', 'number', 'number', 'number'],
      edge_fields: ['to_node', 'type', 'name_or_index'],
      edge_types: [['context', 'element', 'property', 'internal'], 'node', 'number', 'string_or_number'],
    },
    node_count: 3,
    edge_count: 2,
  },
  nodes: [1, 2, 0, 0, 3, 0, 7, 0, 1, 5_000_000_000, 1, 0, 9, 0, 3, 24, 2, 0],
  edges: [6, 2, 2, 12, 1, 0],
  trace_function_infos: [],
  trace_tree: [1, 2, [3, [4, []]]],
  samples: [],
  locations: [],
  strings: ['', 'Café "ü" \\ \n\u2603 😀', 'tab\there', 'string contents nobody needs'],
})

describe('readHeapSnapshot()', () => {
  it.each([
    [1, 'wasm'],
    [2, 'wasm'],
    [7, 'wasm'],
    [64, 'wasm'],
    [1 << 20, 'wasm'],
    [1, 'js'],
    [7, 'js'],
  ] as const)('reads fields by their names in meta, in chunks of %i bytes (%s)', async (chunkBytes, engine) => {
    const path = temp.write(`hand-${chunkBytes}-${engine}.heapsnapshot`, handMade)
    const s = await readHeapSnapshot(path, { chunkBytes, engine })
    expect([s.nodeCount, s.edgeCount]).toEqual([3, 2])
    expect(Array.from(s.nodeId)).toEqual([1, 7, 9])
    expect(Array.from(s.nodeSelfSize)).toEqual([0, 5_000_000_000, 24])
    expect([0, 1, 2].map((i) => nodeTypeName(s, i))).toEqual(['synthetic', 'object', 'string'])
    expect(nodeNameOf(s, 1)).toBe('Café "ü" \\ \n\u2603 😀')
    expect(Array.from(s.firstEdge)).toEqual([0, 2, 2, 2])
    expect(Array.from(s.edgeTo)).toEqual([1, 2])
    expect([edgeNameOf(s, 0), edgeNameOf(s, 1)]).toEqual(['tab\there', '0'])
    // Node 2 is a string: its content is never decoded.
    expect(s.strings[3]).toBe('')
  })

  it.each(['wasm', 'js'] as const)('agrees with JSON.parse on every node, edge and kept string of a real snapshot (%s)', { timeout: 60_000 }, async (engine) => {
    const path = `${temp.dir}/real-${engine}.heapsnapshot`
    execFileSync(process.execPath, ['-e', `require('v8').writeHeapSnapshot(${JSON.stringify(path)})`])
    const s = await readHeapSnapshot(path, { chunkBytes: 4093, engine })
    const json = JSON.parse(readFileSync(path, 'utf8')) as { nodes: number[]; edges: number[]; strings: string[] }
    expect(s.nodeCount * 7).toBe(json.nodes.length)
    expect(s.edgeCount * 3).toBe(json.edges.length)
    let mismatches = 0
    for (let i = 0; i < s.nodeCount; i++) {
      const at = i * 7
      if (s.nodeType[i] !== json.nodes[at] || s.nodeName[i] !== json.nodes[at + 1] || s.nodeId[i] !== json.nodes[at + 2]) mismatches++
      if (s.nodeSelfSize[i] !== json.nodes[at + 3] || s.firstEdge[i + 1]! - s.firstEdge[i]! !== json.nodes[at + 4]) mismatches++
    }
    for (let e = 0; e < s.edgeCount; e++) {
      const at = e * 3
      if (s.edgeType[e] !== json.edges[at] || s.edgeName[e] !== json.edges[at + 1] || s.edgeTo[e]! * 7 !== json.edges[at + 2]) mismatches++
    }
    let kept = 0
    s.strings.forEach((str, k) => {
      if (str === '') return
      kept++
      if (str !== json.strings[k]) mismatches++
    })
    expect(mismatches).toBe(0)
    expect(kept).toBeGreaterThan(1000)
    expect(kept).toBeLessThan(json.strings.length)
  })

  it.each([1, 3, 4096])('reads names made of digits as they are written, in chunks of %i bytes', async (chunkBytes) => {
    // Slot numbers are read as numbers: a leading zero, or ten digits, must stay text.
    const names = ['', '0', '007', '1207', '1234567890', '12a', '-1']
    const doc = JSON.stringify({
      snapshot: {
        meta: {
          node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
          node_types: [['object'], 'string', 'number', 'number', 'number'],
          edge_fields: ['type', 'name_or_index', 'to_node'],
          edge_types: [['property'], 'string_or_number', 'node'],
        },
        node_count: 6,
        edge_count: 0,
      },
      nodes: [1, 2, 3, 4, 5, 6].flatMap((name) => [0, name, name * 2 + 1, 16, 0]),
      edges: [],
      strings: names,
    })
    for (const engine of ['wasm', 'js'] as const) {
      const s = await readHeapSnapshot(temp.write(`digits-${chunkBytes}-${engine}.heapsnapshot`, doc), { chunkBytes, engine })
      expect([0, 1, 2, 3, 4, 5].map((i) => nodeNameOf(s, i))).toEqual(names.slice(1))
    }
  })

  it('throws HeapSnapshotError when the file holds more nodes than its header says', async () => {
    const path = temp.write('more.heapsnapshot', handMade.replace('"node_count":3', '"node_count":2'))
    await expect(readHeapSnapshot(path)).rejects.toThrow(/more nodes than the snapshot's header counts/)
  })

  it('throws HeapSnapshotError on a truncated file', async () => {
    const path = temp.write('cut.heapsnapshot', handMade.slice(0, handMade.indexOf('"edges"') + 12))
    await expect(readHeapSnapshot(path)).rejects.toThrow(HeapSnapshotError)
  })

  it('throws HeapSnapshotError on a file that is not a snapshot', async () => {
    const path = temp.write('not.heapsnapshot', '{"hello": [1, 2, 3]}')
    await expect(readHeapSnapshot(path)).rejects.toMatchObject({ code: 'LEAKWATCH_HEAP_SNAPSHOT_INVALID' })
  })
})

describe('readHeapSnapshotHeader()', () => {
  it('reads the counts and field names without the arrays', async () => {
    const path = temp.write('head.heapsnapshot', handMade)
    const header = await readHeapSnapshotHeader(path)
    expect(header).toMatchObject({ nodeCount: 3, edgeCount: 2, fileBytes: Buffer.byteLength(handMade) })
    expect(header.nodeFields[0]).toBe('id')
  })
})
