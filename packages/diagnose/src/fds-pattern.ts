// Puts the fds of one leak in one group: a leak opens the same kind of target each cycle,
// and what differs between them (a counter, a temp name, a peer's ephemeral port) is noise.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
// A letters-and-digits run of a name; the dots, dashes and underscores between them stay.
const TOKEN = /[A-Za-z0-9]+/g
// A file extension a person recognises (`.json`, `.mp4`), which is kept even with a digit.
const EXTENSION = /\.([A-Za-z][A-Za-z0-9]{0,4})$/
const DELETED = ' (deleted)'

/**
 * The group of an fd target, fine first:
 * - a file: its path with what varies replaced by `*` (`/tmp/state-*.json.tmp`);
 * - a connected socket: its protocol and peer (`tcp to 127.0.0.1:8080`), since each
 *   connection has an ephemeral local port of its own;
 * - a listening or unconnected socket, a unix socket, `anon_inode:[eventfd]`: as it is;
 * - a pipe: `pipe` (its inode differs for each).
 */
export function fdGroup(target: string): string {
  if (target.startsWith('/')) return pathPattern(target)
  if (/^(pipe|socket):\[\d+\]$/.test(target)) return target.slice(0, target.indexOf(':'))
  const connection = /^(tcp|udp) \S+ → (.+)$/.exec(target)
  if (connection) return `${connection[1]} to ${connection[2]}`
  return target
}

/**
 * A coarser group, for fds whose fine group is too small to tell on its own: 600 files with
 * random names (`/tmp/q/AbCdEf`) are one group `/tmp/q/*`, 600 listeners on ephemeral ports
 * one group `tcp listen 127.0.0.1:*`.
 */
export function fdCoarseGroup(target: string): string {
  const fine = fdGroup(target)
  if (fine.startsWith('/')) return `${fine.slice(0, fine.lastIndexOf('/'))}/*`
  return fine.replace(/:\d+$/, ':*')
}

/**
 * Replaces the parts of a path that differ from one file to the next with `*`: UUIDs, digit
 * runs, and runs of six or more letters and digits that hold a digit (hashes, `mkdtemp`
 * suffixes). A short extension (`.mp4`) stays.
 *
 * @example
 * pathPattern('/tmp/leakwatch-a8Zk3q/state-600.json.tmp') // '/tmp/leakwatch-*\/state-*.json.tmp'
 */
export function pathPattern(path: string): string {
  // The kernel marks a file unlinked while open (a temp file written, renamed away, never closed).
  if (path.endsWith(DELETED)) return pathPattern(path.slice(0, -DELETED.length)) + DELETED
  const extension = EXTENSION.exec(path)
  const stem = extension ? path.slice(0, extension.index) : path
  const pattern = stem.replace(UUID, '*').replace(TOKEN, (token) => {
    if (token.length >= 6 && /\d/.test(token)) return '*'
    return token.replace(/\d+/g, '*')
  })
  return pattern.replace(/\*{2,}/g, '*') + (extension?.[0] ?? '')
}
