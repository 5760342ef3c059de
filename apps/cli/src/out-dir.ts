import { lstatSync, mkdirSync, readlinkSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { UsageError } from './errors.js'

/**
 * Makes `--out` a folder leakwatch can write, before any scenario starts: creates it and its
 * parents, then writes and removes a probe file. Returns its absolute path. Whatever is wrong
 * is one line, `--out <path>: <why>`.
 *
 * The folders are made one at a time, not with `mkdir -p` (`recursive: true`): where the kernel
 * answers ENOENT to a mkdir whose parent exists (under /proc or /sys), Node's recursive mkdir
 * makes the parent, finds it there, and tries again, forever, at 100 % CPU.
 */
export function prepareOutDir(path: string): string {
  if (path === '') throw new UsageError("--out '': the path is empty; give a folder")
  const dir = resolve(path)
  const name = (at: string) => (at === dir ? 'it' : at)
  try {
    makeFolder(dir, name)
    probe(dir)
  } catch (err) {
    if (!(err instanceof OutDirProblem)) throw err
    throw new UsageError(`--out ${path}: ${err.message}`, { cause: err.cause })
  }
  return dir
}

class OutDirProblem extends Error {}

function makeFolder(dir: string, name: (at: string) => string): void {
  let stat
  try {
    stat = lstatSync(dir)
  } catch (err) {
    // ENOTDIR: a part of the path is a file; the walk up finds which, and names it
    if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') throw problem(err, `cannot reach ${dir}`)
    const parent = dirname(dir)
    if (parent !== dir) makeFolder(parent, name)
    try {
      mkdirSync(dir)
    } catch (made) {
      if (code(made) === 'EEXIST') return makeFolder(dir, name) // made meanwhile: check what it is
      // the parent is a folder: ENOENT here means its file system makes no folders
      throw code(made) === 'ENOENT' ? new OutDirProblem(`cannot create a folder in ${parent}`, { cause: made }) : problem(made, `cannot create ${dir}`)
    }
    return
  }
  if (stat.isDirectory()) return
  const what = name(dir) === 'it' ? 'it is' : `${dir} is`
  if (!stat.isSymbolicLink()) throw new OutDirProblem(`${what} a file, not a folder`)
  const target = readlinkSync(dir)
  let real
  try {
    real = statSync(dir)
  } catch (err) {
    if (code(err) === 'ENOENT') throw new OutDirProblem(`${what} a symbolic link to ${target}, which does not exist`, { cause: err })
    throw problem(err, `cannot reach ${dir}`)
  }
  if (!real.isDirectory()) throw new OutDirProblem(`${what} a symbolic link to ${target}, which is not a folder`)
}

function probe(dir: string): void {
  const file = join(dir, `.leakwatch-probe-${process.pid}`)
  try {
    writeFileSync(file, 'leakwatch checks it can write here\n', { flag: 'wx' })
    unlinkSync(file)
  } catch (err) {
    throw code(err) === 'ENOENT' ? new OutDirProblem('cannot create files in it', { cause: err }) : problem(err, 'cannot write in it')
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
}

function problem(err: unknown, doing: string): OutDirProblem {
  const errno = code(err)
  const why = errno !== undefined && Object.hasOwn(REASONS, errno) ? `${REASONS[errno]} (${errno})` : (err as Error).message
  return new OutDirProblem(`${doing}: ${why}`, { cause: err })
}

const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code
