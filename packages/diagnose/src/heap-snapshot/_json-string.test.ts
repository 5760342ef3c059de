import { describe, expect, it } from 'vitest'
import { unescapeJsonString } from './_json-string.js'

describe('unescapeJsonString()', () => {
  // Each body is what sits between the quotes in the file; JSON.parse is the reference.
  it.each(['plain', 'a\\"b', 'back\\\\slash', 'line\\nbreak\\ttab\\r\\b\\f', 'slash\\/', '\\u00e9t\\u00E9', '\\ud83d\\ude00 pair', 'caf\u00e9 raw', ''])(
    'reads %j as JSON.parse does',
    (body) => {
      expect(unescapeJsonString(body)).toBe(JSON.parse(`"${body}"`))
    },
  )
})
