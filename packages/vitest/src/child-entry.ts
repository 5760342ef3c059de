// Imported by the runner's child process (as `ScenarioSource.module`, with the test file in the
// URL's `file` query): imports the test file without vitest's runner (`vitest` is a stub), and
// registers the scenarios its `test.leak` calls declared as a suite, where the runner's child
// finds the one it runs by name.
import { register } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { registerSuite, type Scenario } from '@leakwatch/runner'
import { createJiti } from 'jiti'
import { declaredLeaks, markLeakwatchChild } from './_registry.js'

const GLOBALS = ['describe', 'suite', 'test', 'it', 'bench', 'expect', 'vi', 'vitest', 'assert', 'chai', 'expectTypeOf', 'assertType', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'onTestFailed', 'onTestFinished']

const file = new URL(import.meta.url).searchParams.get('file')
if (!file) throw new Error(`${import.meta.url}: no test file (a 'file' query) to load`)

markLeakwatchChild()
// vitest's own expect, vi and the rest, for the stub to hand on; importing vitest outside its
// runner is fine, calling its test or describe is not
;(globalThis as Record<symbol, unknown>)[Symbol.for('leakwatch.vitest.real')] = await import('vitest').catch(() => ({}))
const stub = fileURLToPath(new URL('./vitest-stub.js', import.meta.url))
// with vitest's `globals: true` a test file calls describe, it and the hooks without importing them
const globals = (await import('./vitest-stub.js')) as Record<string, unknown>
for (const name of GLOBALS) (globalThis as Record<string, unknown>)[name] ??= globals[name]
// jiti imports a plain .mjs/.js test file natively (its alias does not apply there) and, when
// that throws, compiles and runs it a second time: so 'vitest' is the stub for Node's own
// loader too, and the file runs once
register(`data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {
  return specifier === 'vitest' ? { url: ${JSON.stringify(pathToFileURL(stub).href)}, shortCircuit: true } : next(specifier, context)
}`)}`)
const jiti = createJiti(import.meta.url, { moduleCache: false, alias: { vitest: stub } })
await jiti.import(file)

const scenarios: Scenario[] = [...declaredLeaks().values()].map(({ name, scenario }) => Object.assign(Object.create(scenario) as Scenario, { name }))
registerSuite({ name: `vitest:${file}`, module: import.meta.url, scenarios })
// the runner's registry holds them now; a heap snapshot's retainer paths need not name two
declaredLeaks().clear()
