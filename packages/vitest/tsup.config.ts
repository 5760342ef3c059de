import { libraryConfig } from '../../tools/tsup.shared.js'

export default libraryConfig()
