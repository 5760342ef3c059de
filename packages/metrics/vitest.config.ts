import { packageTestConfig } from '../../tools/vitest.shared.js'

const config = packageTestConfig()
// Without the shared 'module' condition: prom-client require()s @opentelemetry/api, and that
// condition hands it the 'module' build, whose extensionless imports Node cannot load.
const conditions = ['@leakwatch/source', 'node', 'development|production']
config.resolve = { ...config.resolve, conditions }
config.ssr = { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } }

export default config
