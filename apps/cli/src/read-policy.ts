import { GraderError, type Policy, resolvePolicy } from '@leakwatch/grader'
import { UsageError } from './errors.js'
import { readJsonFile } from './read-samples.js'

/** The policy in a `--policy` file, validated; undefined without one. Errors name the file. */
export async function readPolicyFile(path: string | undefined): Promise<Policy | undefined> {
  if (path === undefined) return undefined
  const json = await readJsonFile(path)
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
