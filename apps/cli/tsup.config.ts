import { libraryConfig } from '../../tools/tsup.shared.js'

// Types too: the CLI's package is also the Node API (src/index.ts re-exports the libraries).
export default libraryConfig()
