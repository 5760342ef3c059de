// A vitest setup file: `setupFiles: ['@leakwatch/vitest/setup']` registers the toLeak matcher.
import { expect } from 'vitest'
import { toLeak } from './matcher.js'

expect.extend({ toLeak })
