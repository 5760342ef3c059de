// What fds, threads and handles share: when a group's growth is worth a finding, and how a
// rate reads.

/**
 * Whether a group that grew by `count` over `cycles` measured cycles grew with the cycles: at
 * least `floor` more, and at least one per `every` cycles. A pool that fills once (ten
 * keep-alive sockets, four piscina workers) stays under the second bar over a few hundred
 * cycles; a leak of one per cycle, or one every few cycles, clears both.
 */
export function grewWithCycles(count: number, cycles: number, floor: number, every: number): boolean {
  return count >= floor && count >= cycles / every
}

/** `1.0`, `12`, `0.25`: two significant digits below one, one decimal below ten. */
export function perCycleText(perCycle: number): string {
  if (perCycle >= 10) return perCycle.toFixed(0)
  if (perCycle >= 1) return perCycle.toFixed(1)
  return perCycle.toPrecision(2)
}

/** `count / cycles`, and 0 rather than Infinity for a pass with no measured cycles. */
export function perCycleOf(count: number, cycles: number): number {
  return cycles > 0 ? count / cycles : 0
}
