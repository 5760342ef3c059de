// A user's leak tests: one leaky function (must fail), its bounded twin (must pass), isolated,
// in-process and through the toLeak matcher.
import { expect, it } from 'vitest'
import { expectNoLeak, test } from '@leakwatch/vitest'
import { indexFrame, indexLatest } from './src/frames.mjs'

test.leak('indexFrame keeps every frame', { cycles: 200, warmup: 10, cycle: (_ctx, i) => indexFrame(i) })

test.leak('indexLatest stays bounded', { cycles: 200, warmup: 10, cycle: (_ctx, i) => indexLatest(i) })

it('indexLatest passes the in-process check too', async () => {
  await expectNoLeak((i) => indexLatest(100_000 + i), { cycles: 200 })
  expect(true).toBe(true)
}, 60_000)

it('indexLatest does not leak, says the matcher', async () => {
  await expect((i) => indexLatest(200_000 + i)).not.toLeak({ cycles: 200 })
}, 60_000)
