// A map server's tile index, built lazily: the world is 64 x 64 tiles, and a tile's index (a
// Float64Array of 1,024 precomputed elevations plus a few objects) is built the first time a
// viewport touches it and kept for good. The viewport sweeps across the whole map during the
// first third of the measured run, then pans back and forth over tiles already built: the
// heap and buffers grow early, then stay flat while the work goes on.

const WORLD = 64

function buildTile(tx, ty) {
  const elevations = new Float64Array(1024)
  for (let k = 0; k < elevations.length; k++) elevations[k] = Math.sin((tx * 1024 + k) / 97) * Math.cos((ty * 1024 + k) / 89) * 1000
  const features = Array.from({ length: 8 }, (_, f) => ({ kind: ['road', 'river', 'building', 'park'][f % 4], x: tx + f / 8, y: ty }))
  return { tx, ty, elevations, features }
}

/** The viewport's column: one sweep across the map, then back and forth over it. */
function viewportColumn(i, sweepCycles) {
  if (i < sweepCycles) return Math.floor((i / sweepCycles) * WORLD)
  const bounce = (i - sweepCycles) % (2 * WORLD)
  return bounce < WORLD ? WORLD - 1 - bounce : bounce - WORLD
}

export default {
  name: 'clean-lazy-tile-index',
  description: 'map tiles indexed lazily on first view and kept; the viewport covers the whole bounded map early',
  clean: { why: 'the map is 64 x 64 tiles: once every tile has been viewed, the index never grows again' },
  cycles: 15000,
  timeoutMs: 90_000,
  warmup: 10,
  params: { sweepCycles: 5000 },
  setup(p) {
    return { p, tiles: new Map(), peak: 0 }
  },
  cycle(ctx, i) {
    const column = viewportColumn(i, ctx.p.sweepCycles)
    // a viewport is one column of the map, all rows: 64 tiles queried per cycle
    for (let ty = 0; ty < WORLD; ty++) {
      const key = column * WORLD + ty
      let tile = ctx.tiles.get(key)
      if (!tile) ctx.tiles.set(key, (tile = buildTile(column, ty)))
      // the query: the highest point along the tile's diagonal
      for (let k = 0; k < tile.elevations.length; k += 4) if (tile.elevations[k] > ctx.peak) ctx.peak = tile.elevations[k]
    }
  },
  teardown(ctx) {
    ctx.tiles.clear()
  },
}
