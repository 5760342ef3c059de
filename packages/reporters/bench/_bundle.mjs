// The reporters and the grader bundled from source (as the diagnose bench does), so the
// benchmark and the screenshot need no build. The bundle goes under node_modules/.cache of
// this package: uPlot is resolved from where the code sits, as it is from dist.
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'tsup'

const here = dirname(fileURLToPath(import.meta.url))

/** Builds once and imports: `{ reporters, grader, fixtures, chromium }` as modules. */
export async function bundle() {
  const outDir = join(here, '..', 'node_modules', '.cache', 'leakwatch-html-bench')
  await build({
    entry: {
      reporters: join(here, '../src/index.ts'),
      grader: join(here, '../../grader/src/index.ts'),
      fixtures: join(here, '../src/html/_fixtures.ts'),
      chromium: join(here, '../../../tools/chromium.ts'),
    },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    silent: true,
    config: false,
    splitting: false,
    noExternal: [/^@leakwatch\//],
    esbuildOptions(options) {
      options.conditions = ['@leakwatch/source']
    },
  })
  const load = (name) => import(pathToFileURL(join(outDir, `${name}.js`)).href)
  return { outDir, reporters: await load('reporters'), grader: await load('grader'), fixtures: await load('fixtures'), chromium: await load('chromium') }
}

