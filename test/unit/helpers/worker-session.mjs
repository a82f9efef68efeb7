// The crash tests' children drive the real engine worker (out/main/engine-worker.js) the way the host
// does: requests by id, replies matched back. The workspace is opened under a fixed test key (the host
// would unwrap key.json; the worker never reads it), and a failed open ends the child with OPEN_FAILED.
import { Worker } from 'node:worker_threads'

export async function openWorkerSession(workerPath, workerData, workspace) {
  const worker = new Worker(workerPath, { workerData })
  let seq = 0
  const pending = new Map()
  worker.on('message', (m) => {
    if (m.kind === 'reply') {
      pending.get(m.id)?.(m.result)
      pending.delete(m.id)
    }
  })
  const request = (msg) =>
    new Promise((resolve) => {
      const id = ++seq
      pending.set(id, resolve)
      worker.postMessage({ ...msg, id })
    })
  const call = async (method, args) => {
    const r = await request({ kind: 'call', method, args })
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`)
    return r.value
  }
  const opened = await request({ kind: 'open', location: workspace, key: new Uint8Array(32).fill(7) })
  if (!opened.ok) {
    process.stdout.write(`OPEN_FAILED ${opened.error.code} ${opened.error.message}\n`)
    process.exit(3)
  }
  return { call, opened: opened.value }
}
