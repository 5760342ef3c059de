// A message decoder backed by C (libc through koffi, as a thin native binding would be): each
// message is copied into a malloc'd scratch buffer, validated and decoded there. The success
// path frees the buffer; the validation-error path (one message in four) returns early and
// forgets to: 32 KB of malloc memory lost per rejected message.
import koffi from 'koffi'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const MESSAGE_BYTES = 32 * 1024
const libc = koffi.load('libc.so.6')
const malloc = libc.func('void *malloc(size_t size)')
const free = libc.func('void free(void *ptr)')
const memcpy = libc.func('void *memcpy(void *dest, const void *src, size_t n)')
const memchr = libc.func('void *memchr(const void *s, int c, size_t n)')

/** Returns the offset of the first 0xff marker, or -1 for a message without one (rejected). */
function decode(message) {
  const scratch = malloc(message.length)
  memcpy(scratch, message, message.length)
  const marker = memchr(scratch, 0xff, message.length)
  if (!marker) return -1 // the leak: `scratch` is not freed on this path
  const offset = Number(BigInt(marker) - BigInt(scratch))
  free(scratch)
  return offset
}

export default {
  name: 'leak-native-decoder',
  skip: () => (process.platform === 'linux' ? undefined : 'needs glibc (libc.so.6)'),
  description: 'a koffi-bound decoder mallocs a scratch buffer per message and does not free it on the error path (1 in 4)',
  leak: { layer: 'native', rate: '8 KB/cycle' },
  where: { kind: 'native', what: ['*koffi*'], module: ['koffi'], line: 'const scratch = malloc(message.length)', fn: 'function decode(message)' },
  cycles: 3000,
  setup: () => ({ random: seededRandom(31), message: Buffer.alloc(MESSAGE_BYTES) }),
  async cycle({ random, message }, i) {
    message.fill(pick(random, 200))
    if (i % 4 !== 3) message[pick(random, MESSAGE_BYTES)] = 0xff
    decode(message)
    await sleep(1) // the next message arrives
  },
}
