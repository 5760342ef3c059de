import { libraryConfig } from '../../tools/tsup.shared.js'

// An app, not a library: nothing imports its types.
export default libraryConfig({ dts: false })
