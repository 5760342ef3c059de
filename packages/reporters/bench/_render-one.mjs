// One render in a fresh process: `node _render-one.mjs <bundle dir> <report.json> <out.html>`.
// Prints { ms, maxRss, baseRss } as JSON: render time, peak RSS, and the RSS before rendering.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

const [bundleDir, reportFile, out] = process.argv.slice(2)
const { htmlReporter } = await import(pathToFileURL(join(bundleDir, 'reporters.js')).href)
const report = JSON.parse(readFileSync(reportFile, 'utf8'))
const baseRss = process.resourceUsage().maxRSS * 1024
const start = performance.now()
await htmlReporter({ stdout: process.stdout, outDir: '.', path: out }).onRunEnd(report)
const ms = performance.now() - start
process.stdout.write(`${JSON.stringify({ ms, maxRss: process.resourceUsage().maxRSS * 1024, baseRss })}\n`)
