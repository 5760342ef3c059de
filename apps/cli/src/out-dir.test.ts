import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { prepareOutDir } from './out-dir.js'

const { dir } = tempFolder('leakwatch-out-')

describe('prepareOutDir()', () => {
  it('creates the folder and its parents, and leaves no probe file behind', () => {
    const out = join(dir, 'a', 'b', 'out')
    expect(prepareOutDir(out)).toBe(out)
    expect(statSync(out).isDirectory()).toBe(true)
    expect(readdirSync(out)).toEqual([])
  })

  it('takes a folder that exists, and a symbolic link to one', () => {
    const real = join(dir, 'real')
    mkdirSync(real)
    symlinkSync(real, join(dir, 'link'))
    expect(prepareOutDir(real)).toBe(real)
    expect(prepareOutDir(join(dir, 'link'))).toBe(join(dir, 'link'))
  })

  it.each([
    ['an empty path', () => '', "--out '': the path is empty; give a folder"],
    ['a file', () => file('results.txt'), (p: string) => `--out ${p}: it is a file, not a folder`],
    ['a path through a file', () => join(file('plain'), 'sub'), (p: string) => `--out ${p}: ${join(dir, 'plain')} is a file, not a folder`],
    ['a dangling symbolic link', () => link('dangling', join(dir, 'nowhere')), (p: string) => `--out ${p}: it is a symbolic link to ${join(dir, 'nowhere')}, which does not exist`],
    ['a symbolic link to a file', () => link('to-file', file('target.txt')), (p: string) => `--out ${p}: it is a symbolic link to ${join(dir, 'target.txt')}, which is not a folder`],
  ])('refuses %s in one line', (_what, make, message) => {
    const path = make()
    expect(() => prepareOutDir(path)).toThrow(typeof message === 'string' ? message : message(path))
    try {
      prepareOutDir(path)
    } catch (err) {
      expect(err).toMatchObject({ code: 'LEAKWATCH_USAGE' })
    }
  })

  it('refuses a folder it cannot write in, or create', () => {
    // root may write anywhere: as root, step down to 'nobody' for the check (forks pool: seteuid works here)
    const asRoot = process.getuid?.() === 0
    const locked = join(dir, 'locked')
    mkdirSync(locked, { mode: 0o555 })
    chmodSync(dir, 0o755)
    if (asRoot) process.seteuid?.(65534)
    try {
      expect(() => prepareOutDir(locked)).toThrow(`--out ${locked}: cannot write in it: permission denied (EACCES)`)
      expect(() => prepareOutDir(join(locked, 'sub'))).toThrow(`--out ${join(locked, 'sub')}: cannot create ${join(locked, 'sub')}: permission denied (EACCES)`)
    } finally {
      if (asRoot) process.seteuid?.(0)
      chmodSync(dir, 0o700)
    }
  })
})

function file(name: string): string {
  const path = join(dir, name)
  writeFileSync(path, 'x')
  return path
}

function link(name: string, target: string): string {
  const path = join(dir, name)
  if (!existsSync(path)) symlinkSync(target, path)
  return path
}
