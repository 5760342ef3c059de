import { describe as vitestDescribe, expect, it as vitestIt } from 'vitest'
import { bench, beforeAll, describe, it, test } from './vitest-stub.js'

vitestDescribe('the vitest stub of a scenario child', () => {
  vitestIt('declares no test, whatever the modifiers', () => {
    let ran = false
    const body = () => {
      ran = true
    }
    expect(() => {
      test('a', body)
      it.skip('b', body)
      it.only.concurrent('c', body)
      test.each([1, 2])('d %i', body)
      it.skipIf(true)('e', body)
      bench('f', body)
      beforeAll(body)
    }).not.toThrow()
    expect(ran).toBe(false)
  })

  vitestIt('runs describe bodies at once, for the test.leak calls in them', () => {
    const seen: unknown[] = []
    describe('outer', () => {
      seen.push('outer')
      describe.skip('inner', () => seen.push('inner'))
    })
    describe('with options', { timeout: 5 }, () => seen.push('options'))
    describe.each([[1, 'a'], [2, 'b']])('row %i', (n: number, s: string) => seen.push(`${String(n)}${String(s)}`))
    describe.skipIf(true)('skipped here too', () => seen.push('skipIf'))
    expect(seen).toEqual(['outer', 'inner', 'options', '1a', '2b', 'skipIf'])
  })
})
