#!/usr/bin/env node
// Installs leakwatch the way a user would, from what `pnpm pack` makes of the workspace:
// builds, packs every published package into a temporary folder outside the workspace,
// checks each tarball, installs them all there with npm (our packages from the tarballs
// only, the rest from the registry), then uses them: `npx leakwatch --help`, the quick suite,
// the video suite without the OpenCV binding, a scenario file, the Node API from ESM and from
// strict TypeScript, and every ```js and ```ts example of the READMEs.
// Usage: node pack/pack-install.mjs [--keep] [--no-build]   (exit 0 all passed, 1 a check failed)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { installTarballs, runTypeScriptConsumer, useInstalled } from './lib/consumer.mjs'
import { collectExamples, runExamples } from './lib/examples.mjs'
import { fitIntoProject } from './lib/project.mjs'
import { exec, firstErrorLine, userEnv } from './lib/exec.mjs'
import { checkTarballs, packAll, publishedPackages } from './lib/pack.mjs'
import { Fatal, Tally } from './lib/tally.mjs'
import { typecheck } from './lib/typecheck.mjs'

const root = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '')

async function main() {
  const { values: opts } = parseArgs({ options: { keep: { type: 'boolean' }, 'no-build': { type: 'boolean' } } })
  const started = performance.now()
  const tally = new Tally()
  const temp = mkdtempSync(join(tmpdir(), 'leakwatch-pack-'))
  const project = join(temp, 'project')
  mkdirSync(project)
  const env = userEnv(root)
  try {
    const { published, privateNames } = publishedPackages(root)
    if (!opts['no-build']) {
      await tally.step('build (pnpm build)', async () => {
        const run = await exec('pnpm', ['build'], { cwd: root, timeoutMs: 900_000 })
        if (run.code !== 0) throw new Fatal(`pnpm build failed: ${firstErrorLine(run, 900_000)}`)
      })
    }
    const tarballs = await tally.step(`pack ${published.length} packages (pnpm pack)`, () => packAll(root, published, join(temp, 'tarballs')))
    await tally.step('check the tarballs', () =>
      checkTarballs({ tally, packages: published, tarballs, privateNames, unpackDir: join(temp, 'unpacked'), workspaceRoot: root }))
    await tally.step('install the tarballs with npm', () => installTarballs({ tally, project, tarballs, env }))
    await tally.step('use the CLI and the Node API', () => useInstalled({ tally, project, env }))
    await tally.step("fit into a user's project (config, vitest, init and its hook, shards, metrics)", () => fitIntoProject({ tally, project, env, root }))

    const { examples } = collectExamples({ tally, root, packages: published, project })
    const tsFiles = ['api.ts', 'my-ts.scenario.ts', ...examples.filter((e) => e.lang === 'ts').map((e) => e.source)]
    const checked = await tally.step(`type-check ${tsFiles.length} TypeScript files (tsc)`, () => typecheck(project, tsFiles, env))
    for (const error of checked.other) tally.fail('tsc (installed declarations)', error)
    await tally.step('run the TypeScript consumer', () => runTypeScriptConsumer({ tally, project, env, errors: checked.byFile }))
    await tally.step(`run ${examples.length} README examples`, () => runExamples({ tally, project, examples, typeErrors: checked.byFile, env }))
  } catch (error) {
    if (!(error instanceof Fatal)) throw error
    tally.fail('fatal', error.message)
  } finally {
    if (opts.keep) console.log(`pack-install: kept ${temp}`)
    else rmSync(temp, { recursive: true, force: true })
  }
  if (tally.failures.length && !opts.keep) console.log('pack-install: run it with --keep to look at the temporary project')
  console.log(tally.summary(performance.now() - started))
  return tally.failures.length ? 1 : 0
}

process.exitCode = await main()
