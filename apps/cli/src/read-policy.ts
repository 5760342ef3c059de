import { readFile } from 'node:fs/promises'
import { GraderError, type Policy, resolvePolicy } from '@leakwatch/grader'
import { UsageError } from './errors.js'

/** The policy in a `--policy` file, validated; undefined without one. Errors name the file. */
export async function readPolicyFile(path: string | undefined): Promise<Policy | undefined> {
  if (path === undefined) return undefined
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new UsageError(err instanceof SyntaxError ? `${path}: not valid JSON (${why})` : `cannot read ${path}: ${why}`, { cause: err })
  }
  return namingFile(path, () => resolvePolicy(json))
}

/** The grader's errors do not know the file they came from; name it. */
export function namingFile<T>(file: string, compute: () => T): T {
  try {
    return compute()
  } catch (err) {
    if (err instanceof GraderError) throw new UsageError(`${file}: ${err.message}`, { cause: err })
    throw err
  }
}
