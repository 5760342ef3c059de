import { describe, expect, it } from 'vitest'
import { scenarioName } from './_registry.js'

describe('scenarioName()', () => {
  // leakwatch's scenario names are letters, digits, '-', '_' and '.'; a test's name is anything
  it.each([
    ['remember keeps every frame', 'remember-keeps-every-frame'],
    ['  cache: LRU / 64 entries ', 'cache-LRU-64-entries'],
    ['already_fine.v2', 'already_fine.v2'],
    ['***', 'leak-test'],
  ])('turns %j into %j', (name, expected) => {
    expect(scenarioName(name)).toBe(expected)
  })
})
