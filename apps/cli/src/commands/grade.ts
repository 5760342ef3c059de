import { gradeSeries, SeriesBuffer } from '@leakwatch/grader'
import { formatVerdict, styleFor } from '@leakwatch/reporters'
import { readSamples } from '@leakwatch/sampler'
import { defineCommand } from '../command.js'
import { EXIT, UsageError } from '../errors.js'
import { namingFile, readPolicyFile } from '../read-policy.js'

export const grade = defineCommand({
  name: 'grade',
  summary: 'grade a recorded series of samples and print the verdict',
  usage: ['leakwatch grade <samples.ndjson> [options]'],
  description: `Grades a recorded series (one Sample per line, as 'leakwatch sample --format ndjson' and
'leakwatch run' write them) and prints the verdict: each layer judged on sustained late
growth (a plateau passes, growth that goes on to the end does not), the layer that decided,
the leak signs with their numbers, and what to do next. A series without phases (a process
sampled from outside) has its start-up left out of the baseline.`,
  args: [['samples.ndjson', 'the series to grade']],
  options: {
    policy: { value: '<file.json>', description: 'thresholds and trend settings overriding the defaults field by field,\ne.g. {"tiers": {"short": {"failPct": 12}}, "startup": {"share": 0.3}}' },
    format: { value: '<name>', choices: ['text', 'json'], description: 'text (default) or json (the Verdict)' },
  },
  footer: `Exit codes: 0 pass or warn (inconclusive included), 1 fail, 2 bad input (a malformed line
names its line number), 130 interrupted.`,

  async run({ values, positionals }, io) {
    const [file, ...extra] = positionals
    if (file === undefined || extra.length > 0) throw new UsageError('give one samples file: leakwatch grade <samples.ndjson>')
    const policy = await readPolicyFile(values.policy)
    // streamed into a bounded series that grades as the whole one: a file of any size in constant memory
    const series = new SeriesBuffer()
    for await (const sample of readSamples(file)) {
      if (io.signal?.aborted) return EXIT.interrupted // Ctrl-C: stop reading, grade nothing
      series.push(sample)
    }
    if (io.signal?.aborted) return EXIT.interrupted
    const verdict = namingFile(file, () => gradeSeries(series.samples, policy))
    io.stdout.write(values.format === 'json' ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict, { style: styleFor(io.stdout as { isTTY?: boolean }) }))
    return verdict.status === 'fail' || verdict.status === 'error' ? EXIT.failed : EXIT.ok
  },
})
