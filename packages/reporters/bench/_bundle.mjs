// The reporters and the grader bundled from source (as the diagnose bench does), so the
// benchmark and the screenshot need no build. The bundle goes under node_modules/.cache of
// this package: uPlot is resolved from where the code sits, as it is from dist.
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'tsup'

const here = dirname(fileURLToPath(import.meta.url))

/** Builds once and imports: `{ reporters, grader, fixtures }` as modules. */
export async function bundle() {
  const outDir = join(here, '..', 'node_modules', '.cache', 'leakwatch-html-bench')
  await build({
    entry: {
      reporters: join(here, '../src/index.ts'),
      grader: join(here, '../../grader/src/index.ts'),
      fixtures: join(here, '../src/html/_fixtures.ts'),
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
  return { outDir, reporters: await load('reporters'), grader: await load('grader'), fixtures: await load('fixtures') }
}

/** Chromium from LEAKWATCH_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on PATH. */
export async function findChromium() {
  if (process.env.LEAKWATCH_CHROMIUM) return process.env.LEAKWATCH_CHROMIUM
  const { accessSync, constants } = await import('node:fs')
  const { delimiter } = await import('node:path')
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return join(dir, name)
      } catch {}
    }
  }
  return undefined
}
