import { libraryConfig } from '../../tools/tsup.shared.js'

// The runner forks dist/child.js for each scenario, and dist/inspect.js to load each scenario file.
export default libraryConfig({ entry: { index: 'src/index.ts', child: 'src/runner/child.ts', inspect: 'src/runner/inspect.ts' } })
