import { execFileSync } from 'node:child_process'

/**
 * The files of an npm tarball (paths without the leading `package/`) and its package.json,
 * read with the system's tar.
 * @returns {{ files: string[], manifest: any, read: (path: string) => string }}
 */
export function readTarball(tgz) {
  const tar = (...args) => execFileSync('tar', ['-xzOf', tgz, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
  const files = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''))
    .sort()
  return { files, manifest: JSON.parse(tar('package/package.json')), read: (path) => tar(`package/${path}`) }
}
