import { describe, expect, it } from 'vitest'
import { checkPackedManifest } from '../pack/lib/manifest-checks.mjs'

/** A tarball of a library as `pnpm pack` should make it, with `changes` over its package.json. */
function packed(changes: Record<string, unknown> = {}, files = ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']) {
  const manifest = {
    name: '@leakwatch/sampler',
    version: '0.1.0',
    type: 'module',
    license: 'MIT',
    repository: { type: 'git', url: 'git+https://example.com/leakwatch.git', directory: 'packages/sampler' },
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
    engines: { node: '>=20.19' },
    publishConfig: { access: 'public' },
    dependencies: { '@leakwatch/contracts': '^0.1.0', pidusage: '^4.1.0' },
    ...changes,
  }
  return {
    manifest,
    files,
    read: (path: string) => (path.startsWith('bin/') ? '#!/usr/bin/env node\nawait 1\n' : ''),
    dir: 'packages/sampler',
    versions: new Map([['@leakwatch/contracts', '0.1.0'], ['@leakwatch/sampler', '0.1.0']]),
    privateNames: new Set(['@leakwatch/corpus']),
  }
}

describe('checkPackedManifest()', () => {
  it('finds nothing wrong with a well-packed library', () => {
    expect(checkPackedManifest(packed())).toEqual({ problems: [], notes: [] })
  })

  it.each([
    ['a workspace range left in', { dependencies: { '@leakwatch/contracts': 'workspace:^' } }, /local range "workspace:\^"/],
    ['a range that misses the packed version', { dependencies: { '@leakwatch/contracts': '^0.2.0' } }, /does not accept the packed 0\.1\.0/],
    ['a private package as a dependency', { dependencies: { '@leakwatch/corpus': '0.0.0' } }, /is a private package/],
    ['the source condition', { exports: { '.': { '@leakwatch/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } } }, /source condition is published/],
    ['an entry without types', { exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './child': './dist/child.js' } }, /exports\["\.\/child"\] has no types/],
    ['an export of a missing file', { exports: { '.': { types: './dist/index.d.ts', default: './dist/main.js' } } }, /dist\/main\.js is not in the tarball/],
    ['a bin path npm drops', { bin: { leakwatch: './bin/leakwatch.js' } }, /not a plain relative path/],
    ['an install script', { scripts: { postinstall: 'node-gyp rebuild' } }, /has an postinstall script/],
    ['a repository without its folder', { repository: { type: 'git', url: 'git+https://example.com/leakwatch.git' } }, /repository\.directory is "undefined"/],
    ['restricted access', { publishConfig: {} }, /publishConfig\.access/],
    ['another license', { license: 'ISC' }, /license is "ISC"/],
  ])('fails %s', (_, changes, problem) => {
    const files = ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/child.js']
    const { problems } = checkPackedManifest(packed(changes, files))
    expect(problems).toEqual([expect.stringMatching(problem)])
  })

  it('fails a tarball without LICENSE, and one that ships sources and tests', () => {
    const files = ['package.json', 'dist/index.js', 'dist/index.d.ts', 'src/index.ts', 'dist/sample.test.js', 'tsconfig.json']
    expect(checkPackedManifest(packed({}, files)).problems).toEqual([
      'no LICENSE in the tarball',
      'ships src/index.ts, which does not run',
      'ships dist/sample.test.js, which does not run',
      'ships tsconfig.json, which does not run',
    ])
  })

  it('accepts a types-only entry and a bin that is shipped with its shebang', () => {
    const files = ['LICENSE', 'README.md', 'package.json', 'dist/index.d.ts', 'bin/leakwatch.js']
    const result = checkPackedManifest(packed({ exports: { '.': { types: './dist/index.d.ts' } }, bin: { leakwatch: 'bin/leakwatch.js' } }, files))
    expect(result.problems).toEqual([])
  })

  it('notes a missing README without failing', () => {
    expect(checkPackedManifest(packed({}, ['LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts']))).toEqual({ problems: [], notes: ['no README.md'] })
  })
})
