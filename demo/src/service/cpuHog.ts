import { Worker } from 'node:worker_threads'

// A worker, not the event loop: the host's CPU goes red while the service itself keeps answering.
const burnSource = `
const { workerData } = require('node:worker_threads')
const end = Date.now() + workerData.forMs
while (Date.now() < end) { for (let i = 0; i < 1e6; i++) Math.sqrt(i) }
`

/** Burns one core for `forMs`; the returned function stops early. */
export const cpuHog = (forMs: number): (() => void) => {
  const worker = new Worker(burnSource, { eval: true, workerData: { forMs } })
  worker.unref()
  worker.on('error', () => {})
  return () => {
    void worker.terminate()
  }
}
