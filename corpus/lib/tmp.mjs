// Scratch folders for the corpus programs that write files: one per run, removed in teardown,
// so a run leaves nothing on disk and two runs in parallel never share a file.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const makeScratchDir = (name) => mkdtemp(join(tmpdir(), `leakwatch-corpus-${name}-`))
export const removeScratchDir = (dir) => rm(dir, { recursive: true, force: true })
