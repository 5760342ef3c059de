export { main } from './main.js'
export type { Io } from './io.js'
export { runCli } from './run-cli.js'
export { UsageError } from './errors.js'
