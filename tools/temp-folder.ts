import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A temporary folder for this test file, removed after it; `write` puts a file in it. */
export function tempFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return {
    dir,
    write(name: string, text: string): string {
      const path = join(dir, name)
      writeFileSync(path, text)
      return path
    },
  }
}
