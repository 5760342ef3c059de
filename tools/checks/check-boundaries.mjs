#!/usr/bin/env node
// Fails (exit 1, one line per violation) when a workspace package imports or depends on one of
// ours that the `arrows` block of docs/architecture.md does not allow. Exit 2: the check
// itself cannot run (bad arguments, no arrows block). Usage: node check-boundaries.mjs [--root <dir>]
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { checkBoundaries, DOC } from './lib/boundaries.mjs'

function main() {
  let root
  try {
    const { values } = parseArgs({ options: { root: { type: 'string' } } })
    root = resolve(values.root ?? fileURLToPath(new URL('../..', import.meta.url)))
  } catch (error) {
    console.error(`check-boundaries: ${error.message}`)
    return 2
  }
  let result
  try {
    result = checkBoundaries(root)
  } catch (error) {
    // Known setup problems carry a code or an errno; anything else is a bug: show its stack.
    if (!error.code) throw error
    console.error(`check-boundaries: ${error.message}`)
    return 2
  }
  const { violations, packages, files } = result
  for (const line of violations) console.log(line)
  if (violations.length) {
    console.log(`check-boundaries: ${violations.length} violation${violations.length === 1 ? '' : 's'} of the arrows in ${DOC}`)
    return 1
  }
  console.log(`check-boundaries: ok, ${packages} packages and ${files} source files follow the arrows in ${DOC}`)
  return 0
}

process.exitCode = main()
