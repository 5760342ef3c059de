import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exec, firstErrorLine } from './exec.mjs'
import { extractExamples } from './readme-examples.mjs'

const TIMEOUT_MS = 60_000

/**
 * The ```js and ```ts examples of the root README and of each published package's README,
 * each written to a folder of its own in the temporary project (`ex/<id>/example.mjs|ts`).
 * Marker errors (a "not run" without a reason) are failures.
 */
export function collectExamples({ tally, root, packages, project }) {
  const readmes = ['README.md', ...packages.map((p) => `${p.dir}/README.md`)].filter((f) => existsSync(join(root, f)))
  const examples = []
  for (const file of readmes) {
    const found = extractExamples(readFileSync(join(root, file), 'utf8'), file)
    for (const error of found.errors) tally.fail('README marker', error)
    for (const example of found.examples) {
      const where = `${example.file}:${example.line}`
      if (example.skip) {
        tally.skip(`example ${where}`, example.skip)
        continue
      }
      const id = `${file.replace(/\/?README\.md$/, '').replace(/\W+/g, '-') || 'root'}-L${example.line}`
      const source = `ex/${id}/example.${example.lang === 'ts' ? 'ts' : 'mjs'}`
      mkdirSync(join(project, 'ex', id), { recursive: true })
      writeFileSync(join(project, source), example.code)
      examples.push({ ...example, where, id, source })
    }
  }
  return { examples, readmes }
}

/** Where in the README a line of the example file is (the fence is line 0). */
const readmeLine = (example, row) => example.line + Number(row)

/** Runs each example with node in its own folder, one after another (TS: the emitted .js). */
export async function runExamples({ tally, project, examples, typeErrors, env }) {
  for (const example of examples) {
    const name = `example ${example.where} (${example.lang})`
    const errors = typeErrors.get(example.source)
    if (errors) {
      const first = errors[0].replace(/^line (\d+): /, (_, row) => `README line ${readmeLine(example, row)}: `)
      tally.fail(name, `does not type-check: ${first}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`)
      continue
    }
    const file = example.lang === 'ts' ? 'example.js' : 'example.mjs'
    const run = await exec('node', [file], { cwd: join(project, 'ex', example.id), env, timeoutMs: TIMEOUT_MS })
    if (run.code === 0) {
      tally.pass(name, `${(run.ms / 1000).toFixed(1)} s`)
      continue
    }
    const at = new RegExp(`example\\.(?:mjs|js):(\\d+)`).exec(run.stderr)?.[1]
    const where = at && example.lang === 'js' ? ` (README line ${readmeLine(example, at)})` : ''
    tally.fail(name, `exit ${run.code}${where}: ${firstErrorLine(run, TIMEOUT_MS)}`)
  }
}
