// A capture pipeline gets frame arenas straight from the kernel with mmap(2), as native video
// and GPU libraries do with their own allocators, bypassing malloc. Arenas are meant to be
// returned to a free list and reused; a stale "in use" flag on the dropped frames (one in
// eight) means they never are, and they are never unmapped: 256 KB of touched anonymous
// memory per dropped frame. Only RSS sees it: not the JS heap, not malloc's statistics.
import koffi from 'koffi'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const ARENA_BYTES = 256 * 1024
const PROT_READ_WRITE = 0x1 | 0x2
const MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20
const libc = koffi.load('libc.so.6')
const mmap = libc.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset)')
const munmap = libc.func('int munmap(void *addr, size_t length)')
const memset = libc.func('void *memset(void *s, int c, size_t n)')

class ArenaPool {
  free = []
  all = 0
  take() {
    if (this.free.length) return this.free.pop()
    this.all++
    return mmap(null, ARENA_BYTES, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0)
  }
  give(arena) { this.free.push(arena) }
  close() { for (const arena of this.free.splice(0)) munmap(arena, ARENA_BYTES) }
}

export default {
  name: 'leak-mmap-arenas',
  skip: () => (process.platform === 'linux' ? undefined : 'needs Linux mmap flags and glibc (libc.so.6)'),
  description: 'frame arenas mmap-ed outside malloc; dropped frames (1 in 8) never return theirs, never munmap-ed',
  leak: { layer: 'outside', rate: '32 KB/cycle' },
  where: { kind: 'native', what: ['*mmap*', 'anon*'], module: ['koffi'], line: 'return mmap(null, ARENA_BYTES', fn: 'take() {' },
  cycles: 2000,
  setup: () => ({ pool: new ArenaPool(), random: seededRandom(37) }),
  async cycle({ pool, random }, i) {
    const arena = pool.take()
    memset(arena, pick(random, 256), ARENA_BYTES) // the camera writes a frame into it
    await sleep(2) // the encoder consumes it
    const dropped = i % 8 === 7
    if (!dropped) pool.give(arena) // the leak: a dropped frame keeps its arena forever
  },
  teardown({ pool }) {
    pool.close() // the pooled arenas; the lost ones stay mapped
  },
}
