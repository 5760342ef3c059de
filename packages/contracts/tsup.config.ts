import { libraryConfig } from '../../tools/tsup.shared.js'

// Types only: nothing of it exists at run time.
export default libraryConfig({ dts: { only: true } })
