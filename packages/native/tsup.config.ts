import { libraryConfig } from '../../tools/tsup.shared.js'

// the binding is loaded at run time, when present: never bundled
export default libraryConfig({ external: ['@u4/opencv4nodejs', 'koffi'] })
