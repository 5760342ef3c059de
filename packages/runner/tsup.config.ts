import { libraryConfig } from '../../tools/tsup.shared.js'

// The runner forks dist/child.js for each scenario.
export default libraryConfig({ entry: { index: 'src/index.ts', child: 'src/runner/child.ts' } })
