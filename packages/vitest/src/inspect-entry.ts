// Forked by `inspectLeakTests`: imports a test file as a scenario's child would (argv[2] is the
// child module's URL), and sends back the data of the scenarios its `test.leak` calls declared.
import { registeredSuites } from '@leakwatch/runner'
import { scenarioData } from './_scenario-data.js'

const url = process.argv[2] ?? ''
try {
  await import(url)
  const suite = registeredSuites().find((s) => s.module === url)
  process.send?.({ type: 'scenarios', scenarios: (suite?.scenarios ?? []).map((s) => scenarioData(s, s.name)) }, () => process.exit(0))
} catch (err) {
  process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) }, () => process.exit(1))
}
