import { LeakwatchError } from '@leakwatch/contracts'

export type HeapSnapshotErrorCode = 'LEAKWATCH_HEAP_SNAPSHOT_INVALID' | 'LEAKWATCH_HEAP_SNAPSHOT_OVER_BUDGET'

/** A file that is not a V8 heap snapshot we can read (truncated, or fields we do not know). */
export class HeapSnapshotError extends LeakwatchError<HeapSnapshotErrorCode> {
  override name = 'HeapSnapshotError'
}

/**
 * Comparing these snapshots would need more memory than the budget allows. The caller
 * skips the heap-snapshot part and says so, for example with `error.note()`.
 */
export class HeapSnapshotBudgetError extends HeapSnapshotError {
  override name = 'HeapSnapshotBudgetError'

  constructor(
    /** Bytes the comparison is estimated to need. */
    readonly neededBytes: number,
    /** The budget it would exceed. */
    readonly budgetBytes: number,
    /** Size of the larger snapshot file. */
    readonly snapshotBytes: number,
  ) {
    super(
      'LEAKWATCH_HEAP_SNAPSHOT_OVER_BUDGET',
      `comparing heap snapshots needs ~${formatBytes(neededBytes)}, over the ${formatBytes(budgetBytes)} budget`,
    )
  }

  /** One line for Diagnosis.notes: `heap snapshot skipped: a 1.2 GB snapshot needs ~2.0 GB to compare, over the 512 MiB budget`. */
  note(): string {
    return `heap snapshot skipped: a ${formatBytes(this.snapshotBytes)} snapshot needs ~${formatBytes(this.neededBytes)} to compare, over the ${formatBytes(this.budgetBytes)} budget`
  }
}

function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`
}
