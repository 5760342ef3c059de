// A frame index: `indexFrame` forgets nothing (the leak), `indexLatest` keeps the last 16.
const everyFrame = new Map()
const latest = new Map()

export function indexFrame(i) {
  everyFrame.set(i, { frame: i, histogram: new Float64Array(8192).fill(i % 255) })
}

export function indexLatest(i) {
  latest.set(i, { frame: i, histogram: new Float64Array(8192).fill(i % 255) })
  latest.delete(i - 16)
}
