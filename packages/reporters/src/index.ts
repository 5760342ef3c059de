export { formatVerdict } from './format-verdict.js'
