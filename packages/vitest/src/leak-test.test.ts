import { describe, expect } from 'vitest'
import { leakTest, test } from './leak-test.js'

// `test` is vitest's own with `.leak`: plain tests and their modifiers declare as usual
describe('test', () => {
  test('declares a plain test', () => {
    expect(test.leak).toBe(leakTest)
  })

  test.each([1, 2])('declares a table, row %i', (n) => {
    expect(n).toBeGreaterThan(0)
  })

  test('refuses a scenario without a cycle function', () => {
    expect(() => leakTest('no cycle', {} as never)).toThrow(/must be an object with a cycle function/)
  })
})
