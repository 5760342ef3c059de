// A short-lived demo process for `leakwatch sample`: for about three seconds it keeps a
// 10 MB frame every 250 ms, starts a worker thread each second and opens a file each second,
// then lets it all go and idles for a moment before it exits, so every column of the table
// moves both ways.
import { closeSync, openSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

const frames = []
const workers = []
const fds = []
let tick = 0

const timer = setInterval(() => {
  tick++
  frames.push(Buffer.alloc(10 * 2 ** 20, tick))
  if (tick % 4 === 0) {
    workers.push(new Worker('setInterval(() => {}, 1000)', { eval: true }))
    fds.push(openSync(new URL(import.meta.url), 'r'))
  }
  if (tick === 12) {
    clearInterval(timer)
    for (const fd of fds) closeSync(fd)
    frames.length = 0
    Promise.all(workers.map((w) => w.terminate())).then(() => {
      console.log('demo: released everything')
      setTimeout(() => {}, 750)
    })
  }
}, 250)
console.log('demo: growing for 3 s')
