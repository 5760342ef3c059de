// The Node API, in one place: what `leakwatch run`, `report`, `sample` and `grade` do, as functions.
// Importing it registers the built-in suites (quick, stress, video).
import '@leakwatch/suites'

export type { DiagnosePart, Diagnosis, FdKinds, Finding, FindingKind, Phase, Sample, SourceLocation } from '@leakwatch/contracts'
export { gradeSeries, resolvePolicy } from '@leakwatch/grader'
export type { Policy, PolicyOverrides, Verdict } from '@leakwatch/grader'
export {
  consoleReporter, createReporters, formatDiagnosis, formatSummary, formatVerdict, githubReporter, htmlReporter, jsonReporter, junitReporter, markdownReporter,
  parseReporterSpecs, renderHtml, renderJunit, renderMarkdown, REPORTERS, SampleTable, styleFor,
} from '@leakwatch/reporters'
export type { ReporterName, ReporterOptions, ReporterSpec } from '@leakwatch/reporters'
export {
  applyBaseline, compareScenario, DEFAULT_BASELINE_TOLERANCE, defineScenario, loadScenarioFile, mergeReports, planScenario, registeredSuites, registerSuite, resolveScenarios,
  runScenario, runSuite,
} from '@leakwatch/runner'
export type {
  BaselineComparison, BaselineOptions, BaselineTolerance, DiagnoseOptions, Reporter, RunPlan, RunReport, RunSuiteOptions, Scenario, ScenarioReport, ScenarioRun,
} from '@leakwatch/runner'
export { forceGC, MemoryMonitor, ndjsonSink, readSamples, Sampler, sampleProcess, watchProcess } from '@leakwatch/sampler'
export type { MemoryMonitorOptions, SamplerOptions, WatchProcessOptions, WatchResult } from '@leakwatch/sampler'
export { defineConfig } from './config/define.js'
export type { ConfigProfile, LeakwatchConfig, ScenarioOverride } from './config/define.js'
export { main } from './main.js'
export type { Io } from './io.js'
export { runCli } from './run-cli.js'
export { assignShards, estimateMs, parseShard, selectShard } from './shard.js'
export type { Shard } from './shard.js'
