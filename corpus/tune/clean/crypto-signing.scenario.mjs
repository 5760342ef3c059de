// An upload signer: per cycle 20 chunks of 64 KB are hashed with SHA-256, HMAC-signed,
// encrypted with AES-256-GCM and decrypted back to check them; every tenth cycle derives a
// session key with scrypt on libuv's thread pool. A per-uploader key cache (derived keys for
// up to 200 uploaders) fills during the first third of the measured run. OpenSSL's internal
// caches and the allocator's arenas settle early.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt } from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt)

export default {
  name: 'clean-crypto-signing',
  description: 'SHA-256, HMAC, AES-256-GCM round trips and scrypt key derivation on the thread pool',
  clean: { why: 'ciphers and hashes are finished each cycle; the key cache is bounded by 200 uploaders' },
  cycles: 400,
  timeoutMs: 90_000,
  warmup: 5,
  params: { chunks: 20, chunkBytes: 64 * 1024, uploaders: 200 },
  setup(p) {
    return { p, keys: new Map(), chunk: randomBytes(p.chunkBytes), digests: 0 }
  },
  async cycle(ctx, i) {
    const uploader = i % Math.min(ctx.p.uploaders, 1 + Math.floor(i * 1.5)) // new uploaders join early
    let key = ctx.keys.get(uploader)
    if (!key) {
      key = { aes: await scryptAsync(`uploader-${uploader}`, 'salt', 32, { N: 1024 }), hmac: randomBytes(32), history: Buffer.alloc(32 * 1024) }
      ctx.keys.set(uploader, key)
    }
    if (i % 10 === 0) await scryptAsync(`session-${i}`, 'salt', 32, { N: 2048 })
    for (let c = 0; c < ctx.p.chunks; c++) {
      ctx.chunk[c] = (i + c) & 0xff
      const digest = createHash('sha256').update(ctx.chunk).digest()
      const signature = createHmac('sha256', key.hmac).update(digest).digest('hex')
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key.aes, iv)
      const sealed = Buffer.concat([cipher.update(ctx.chunk), cipher.final()])
      const decipher = createDecipheriv('aes-256-gcm', key.aes, iv).setAuthTag(cipher.getAuthTag())
      const opened = Buffer.concat([decipher.update(sealed), decipher.final()])
      if (opened[c] !== ctx.chunk[c] || signature.length !== 64) throw new Error('round trip failed')
      key.history.set(digest, (c * 32) % key.history.length)
      ctx.digests++
    }
  },
  teardown(ctx) {
    ctx.keys.clear()
  },
}
