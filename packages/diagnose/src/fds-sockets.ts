import { endianness } from 'node:os'

/** A socket as the kernel's tables in /proc/<pid>/net describe it. */
export interface SocketInfo {
  protocol: 'tcp' | 'udp' | 'unix'
  /** `127.0.0.1:43512`, `[::1]:8080`; for unix sockets the bound path, when there is one. */
  local?: string
  /** The peer, for connected inet sockets. */
  remote?: string
  /** A TCP socket that accepts connections (state LISTEN). */
  listening?: boolean
}

// TCP state 0A is LISTEN (include/net/tcp_states.h).
const TCP_LISTEN = '0A'

/**
 * Parses /proc/<pid>/net/{tcp,tcp6,udp,udp6} (`sl local_address rem_address st … uid timeout
 * inode …`) into sockets by inode. Addresses are hex words in the kernel's byte order, the
 * port is big-endian hex.
 */
export function parseInetTable(text: string, protocol: 'tcp' | 'udp', littleEndian = endianness() === 'LE'): Map<number, SocketInfo> {
  const sockets = new Map<number, SocketInfo>()
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    const inode = Number(fields[9])
    if (fields.length < 10 || !Number.isSafeInteger(inode) || inode === 0) continue
    const local = inetAddress(fields[1] ?? '', littleEndian)
    const remote = inetAddress(fields[2] ?? '', littleEndian)
    const info: SocketInfo = { protocol }
    if (local) info.local = local
    if (protocol === 'tcp' && fields[3] === TCP_LISTEN) info.listening = true
    // An unconnected socket's peer is all zeros, port 0.
    else if (remote && !remote.endsWith(':0')) info.remote = remote
    sockets.set(inode, info)
  }
  return sockets
}

/** `0100007F:1F90` → `127.0.0.1:8080`; 32 hex digits for IPv6 → `[::1]:8080`. */
export function inetAddress(hex: string, littleEndian: boolean): string | undefined {
  const [address, port] = hex.split(':')
  if (!address || !port || !/^[0-9A-Fa-f]+$/.test(address + port)) return undefined
  const bytes: number[] = []
  // The address is printed as 32-bit words, each in host byte order.
  for (let word = 0; word < address.length; word += 8) {
    const wordBytes = (address.slice(word, word + 8).match(/../g) ?? []).map((pair) => parseInt(pair, 16))
    bytes.push(...(littleEndian ? wordBytes.reverse() : wordBytes))
  }
  const portNumber = parseInt(port, 16)
  if (bytes.length === 4) return `${bytes.join('.')}:${portNumber}`
  if (bytes.length === 16) return `[${ipv6(bytes)}]:${portNumber}`
  return undefined
}

function ipv6(bytes: number[]): string {
  // An IPv4-mapped address (::ffff:a.b.c.d) is how a dual-stack socket shows IPv4 peers.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`
  }
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0))
  // RFC 5952: the longest run of two or more zero groups becomes `::`.
  let bestStart = -1
  let bestLength = 1
  for (let start = 0; start < 8; start++) {
    let length = 0
    while (start + length < 8 && groups[start + length] === 0) length++
    if (length > bestLength) [bestStart, bestLength] = [start, length]
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/**
 * Parses /proc/<pid>/net/unix (`Num RefCount Protocol Flags Type St Inode Path`). Only a
 * bound socket (a server's, or one it accepted) has a path; a client's end has none.
 */
export function parseUnixTable(text: string): Map<number, SocketInfo> {
  const sockets = new Map<number, SocketInfo>()
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    const inode = Number(fields[6])
    if (fields.length < 7 || !Number.isSafeInteger(inode)) continue
    const info: SocketInfo = { protocol: 'unix' }
    // The path is the rest of the line (it may hold spaces); abstract names start with `@`.
    const path = fields.slice(7).join(' ')
    if (path) info.local = path
    sockets.set(inode, info)
  }
  return sockets
}

/** How a socket reads in a finding: `tcp 127.0.0.1:43512 → 127.0.0.1:8080`, `tcp listen 0.0.0.0:8080`, `unix /run/x.sock`. */
export function describeSocket(info: SocketInfo): string {
  if (info.protocol === 'unix') return info.local ? `unix ${info.local}` : 'unix'
  if (info.listening) return `${info.protocol} listen ${info.local ?? '?'}`
  if (info.remote) return `${info.protocol} ${info.local ?? '?'} → ${info.remote}`
  return `${info.protocol} ${info.local ?? '?'}`
}

