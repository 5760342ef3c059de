/** A fatal problem: the run cannot go on (a build, a pack or the install failed). */
export class Fatal extends Error {}

/**
 * Records each check's outcome and each step's time, and prints them: a failure as one line
 * the moment it happens, everything in the closing summary.
 */
export class Tally {
  passed = 0
  failures = []
  skipped = []
  steps = []

  /** A check that passed; `detail` is printed after its name. */
  pass(name, detail = '') {
    this.passed++
    console.log(`  ok    ${name}${detail ? `: ${detail}` : ''}`)
  }

  fail(name, why) {
    const line = `${name}: ${why}`
    this.failures.push(line)
    console.log(`  FAIL  ${line}`)
  }

  skip(name, why) {
    this.skipped.push(`${name}: ${why}`)
    console.log(`  skip  ${name}: ${why}`)
  }

  /** Runs one step of the flow and records how long it took. */
  async step(name, fn) {
    console.log(`pack-install: ${name}`)
    const started = performance.now()
    try {
      return await fn()
    } finally {
      this.steps.push([name, performance.now() - started])
    }
  }

  /** The closing lines; the last one is 'pack-install: N passed, N failed, N skipped'. */
  summary(totalMs) {
    const lines = ['', 'pack-install: timings']
    for (const [name, ms] of this.steps) lines.push(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`)
    lines.push(`  ${(totalMs / 1000).toFixed(1).padStart(6)} s  total`)
    if (this.skipped.length) lines.push('pack-install: not run', ...this.skipped.map((s) => `  ${s}`))
    if (this.failures.length) lines.push('pack-install: failed', ...this.failures.map((f) => `  ${f}`))
    lines.push(`pack-install: ${this.passed} passed, ${this.failures.length} failed, ${this.skipped.length} skipped`)
    return lines.join('\n')
  }
}
