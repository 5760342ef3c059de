import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { exec } from './exec.mjs'

const require = createRequire(import.meta.url)

/**
 * Type-checks TypeScript files of the temporary project the way a user's strict NodeNext
 * project would, declarations of the installed packages included (skipLibCheck off), and
 * emits each file's .js beside it. The compiler and @types/node are the workspace's: they
 * check the packages, they are not part of what is tested.
 * @param {string} project the temporary project's folder
 * @param {string[]} files relative to it
 * @returns {Promise<{ byFile: Map<string, string[]>, other: string[], ms: number }>} errors
 */
export async function typecheck(project, files, env) {
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc')
  const typeRoots = [dirname(dirname(require.resolve('@types/node/package.json')))]
  const tsconfig = {
    compilerOptions: {
      strict: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      lib: ['ES2023'],
      types: ['node'],
      typeRoots,
      skipLibCheck: false,
      noEmitOnError: false,
      pretty: false,
    },
    files,
  }
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
  const run = await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, env, timeoutMs: 180_000 })
  const byFile = new Map()
  const other = []
  for (const line of run.stdout.split('\n')) {
    const error = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line)
    if (!error) continue
    const [, file, row, , message] = error
    if (files.includes(file)) {
      byFile.set(file, [...(byFile.get(file) ?? []), `line ${row}: ${message}`])
    } else other.push(`${file}(${row}): ${message}`)
  }
  if (run.code !== 0 && byFile.size === 0 && other.length === 0) other.push(run.stdout.trim() || run.stderr.trim() || `tsc exited ${run.code}`)
  return { byFile, other, ms: run.ms }
}
