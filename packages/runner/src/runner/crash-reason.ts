const SIGNALS: Partial<Record<NodeJS.Signals, string>> = {
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'arithmetic fault',
  SIGKILL: 'killed (out of memory?)',
}

/** One line on why a scenario's child process ended early, from how it exited and what it printed last. */
export function crashReason(
  ending: { kind: 'threw'; message: string } | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null },
  stderrTail: string,
): string {
  if (ending.kind === 'threw') return `threw: ${ending.message.split('\n')[0]}`
  if (/heap out of memory|Allocation failed/i.test(stderrTail)) return 'crashed: out of memory (JavaScript heap)'
  const lastLine = stderrTail.trim().split('\n').at(-1)?.trim()
  const detail = lastLine ? `; last output: ${lastLine.slice(0, 200)}` : ''
  if (ending.signal) return `crashed: ${SIGNALS[ending.signal] ?? 'killed'} (${ending.signal})${detail}`
  if (ending.code === 134) return `crashed: aborted (exit code 134)${detail}`
  // the child stays until the parent ends it: exiting by itself, and cleanly, is a process.exit()
  if (ending.code === 0) return `exited with code 0 before finishing (process.exit in the scenario?)${detail}`
  return `crashed: exited with code ${ending.code} before finishing${detail}`
}
