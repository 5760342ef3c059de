// Corpus programs make the same work on every run, so two runs of one scenario differ only by
// what the machine and the runtime do, never by their input.
export { seededRandom } from '../../tools/random.mjs'

/** An integer in [0, n). */
export const pick = (random, n) => Math.floor(random() * n)
