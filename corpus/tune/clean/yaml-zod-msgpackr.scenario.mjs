// A config service: per cycle a fleet config is rendered as YAML, parsed with yaml, validated
// with a zod schema, and shipped to devices encoded with msgpackr (and decoded, as a device
// would). The service keeps the last 40 config versions (YAML text, validated object, packed
// bytes) for rollbacks: they fill during the first half of the measured run. zod and msgpackr
// build their internal caches during the first cycles.
import { Packr } from 'msgpackr'
import { parse, stringify } from 'yaml'
import { z } from 'zod'

const Camera = z.object({
  id: z.string().regex(/^cam-\d+$/),
  resolution: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  fps: z.number().min(1).max(120),
  codec: z.enum(['h264', 'h265', 'mjpeg']),
  zones: z.array(z.object({ name: z.string(), points: z.array(z.tuple([z.number(), z.number()])) })),
})
const Fleet = z.object({ version: z.number().int(), site: z.string(), cameras: z.array(Camera) })

function renderFleet(version, cameras) {
  return stringify({
    version,
    site: `site-${version % 17}`,
    cameras: Array.from({ length: cameras }, (_, k) => ({
      id: `cam-${k}`,
      resolution: { width: 1280, height: 720 },
      fps: 15 + ((k + version) % 16),
      codec: ['h264', 'h265', 'mjpeg'][k % 3],
      zones: [{ name: 'door', points: [[0, 0], [0.5, 0], [0.5, 0.5]] }, { name: `lane-${version % 5}`, points: [[0.2, 0.1], [0.9, 0.9]] }],
    })),
  })
}

export default {
  name: 'clean-yaml-zod-msgpackr',
  description: 'yaml parse -> zod validation -> msgpackr pack/unpack of a fleet config',
  clean: { why: 'the rollback history keeps 40 versions; the Packr keeps a bounded set of shared structures' },
  cycles: 100,
  timeoutMs: 90_000,
  warmup: 3,
  params: { cameras: 16, versions: 40 },
  setup(p) {
    return { p, packr: new Packr({ useRecords: true }), versions: new Map(), bytes: 0 }
  },
  cycle(ctx, i) {
    const text = renderFleet(i, ctx.p.cameras)
    const fleet = Fleet.parse(parse(text))
    const packed = ctx.packr.pack(fleet)
    const device = ctx.packr.unpack(packed)
    if (device.cameras.length !== ctx.p.cameras) throw new Error('lost cameras on the wire')
    ctx.bytes += packed.length
    ctx.versions.set(i, { text, fleet, packed })
    if (ctx.versions.size > ctx.p.versions) ctx.versions.delete(ctx.versions.keys().next().value)
  },
  teardown(ctx) {
    ctx.versions.clear()
  },
}
