import { open } from 'node:fs/promises'
import { HeapSnapshotError } from './errors.js'
import type { HeapSnapshotHeader } from './snapshot.js'

/** Where the head ends: the key of the first array. */
export const HEADER_END = '"nodes"'

/**
 * Reads only the head of a snapshot (meta, node and edge counts): a few kilobytes, so the
 * cost of a full parse can be judged before paying it.
 */
export async function readHeapSnapshotHeader(path: string): Promise<HeapSnapshotHeader> {
  const file = await open(path)
  try {
    const fileBytes = (await file.stat()).size
    const buf = Buffer.alloc(64 * 1024)
    let text = ''
    for (let at = 0; at < 1 << 20; ) {
      const { bytesRead } = await file.read(buf, 0, buf.length, at)
      if (bytesRead === 0) break
      at += bytesRead
      text += buf.toString('latin1', 0, bytesRead)
      const end = text.indexOf(HEADER_END)
      if (end !== -1) return parseHeader(text.slice(0, end), fileBytes, path)
    }
  } finally {
    await file.close()
  }
  throw invalidSnapshot(path, 'no "nodes" array after the snapshot meta')
}

/** The head `{"snapshot":{…},` read as JSON: field names and types, node and edge counts. */
export function parseHeader(text: string, fileBytes: number, path: string): HeapSnapshotHeader {
  // The head is `{"snapshot":{…},` up to "nodes": close it and it is a small JSON document.
  const json = `${text.trimEnd().replace(/,$/, '')}}`
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (cause) {
    throw invalidSnapshot(path, 'the snapshot meta is not JSON', cause)
  }
  const snapshot = (parsed as { snapshot?: { meta?: Record<string, unknown>; node_count?: number; edge_count?: number } })
    .snapshot
  const meta = snapshot?.meta
  const nodeFields = meta?.node_fields
  const edgeFields = meta?.edge_fields
  const nodeTypes = (meta?.node_types as unknown[] | undefined)?.[0]
  const edgeTypes = (meta?.edge_types as unknown[] | undefined)?.[0]
  if (!isStrings(nodeFields) || !isStrings(edgeFields) || !isStrings(nodeTypes) || !isStrings(edgeTypes)) {
    throw invalidSnapshot(path, 'the snapshot meta lacks node or edge fields and types')
  }
  return {
    nodeFields,
    edgeFields,
    nodeTypes,
    edgeTypes,
    nodeCount: snapshot?.node_count ?? 0,
    edgeCount: snapshot?.edge_count ?? 0,
    fileBytes,
  }
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}

/** The error for a file that is not a snapshot we can read, and why. */
export function invalidSnapshot(path: string, why: string, cause?: unknown): HeapSnapshotError {
  return new HeapSnapshotError('LEAKWATCH_HEAP_SNAPSHOT_INVALID', `${path} is not a heap snapshot we can read: ${why}`, {
    cause,
  })
}
