import { libraryConfig } from '../../tools/tsup.shared.js'

// The runner's child imports dist/child.js (and it dist/vitest-stub.js) to find a test file's
// leak tests; dist/inspect.js lists them for a { file, name } reference.
export default libraryConfig({
  entry: { index: 'src/index.ts', setup: 'src/setup.ts', reporter: 'src/reporter.ts', child: 'src/child-entry.ts', inspect: 'src/inspect-entry.ts', 'vitest-stub': 'src/vitest-stub.ts' },
})
