import { describe, expect, it } from 'vitest'
import { extractExamples } from '../pack/lib/readme-examples.mjs'

const md = (...lines: string[]) => lines.join('\n')

describe('extractExamples()', () => {
  it('takes js and ts blocks with their line, and leaves other languages alone', () => {
    const readme = md('# x', '```sh', 'pnpm add x', '```', '```ts', "import { a } from 'x'", '```', '', '```javascript', 'console.log(1)', '```', '```json', '{}', '```')
    expect(extractExamples(readme, 'README.md')).toEqual({
      examples: [
        { file: 'README.md', line: 5, lang: 'ts', code: "import { a } from 'x'\n" },
        { file: 'README.md', line: 9, lang: 'js', code: 'console.log(1)\n' },
      ],
      errors: [],
    })
  })

  it('skips a block marked "not run" with its reason, blank lines between allowed', () => {
    const readme = md('<!-- example: not run (needs a camera) -->', '', '```js', 'camera()', '```')
    expect(extractExamples(readme, 'a.md').examples[0]).toMatchObject({ line: 3, skip: 'needs a camera' })
  })

  it('refuses a "not run" marker without a reason, and runs the block', () => {
    const { examples, errors } = extractExamples(md('<!-- example: not run -->', '```ts', 'x()', '```'), 'a.md')
    expect(errors).toEqual(['a.md:2: "example: not run" needs a reason: <!-- example: not run (why) -->'])
    expect(examples[0]?.skip).toBeUndefined()
  })

  it('does not end a block at a shorter fence inside it, nor take a marker from further up', () => {
    const readme = md('<!-- example: not run (old) -->', 'Some text.', '````ts', '```', 'x()', '````')
    expect(extractExamples(readme, 'a.md').examples).toEqual([{ file: 'a.md', line: 3, lang: 'ts', code: '```\nx()\n' }])
  })
})
