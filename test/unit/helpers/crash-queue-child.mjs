// Child process for the import queue's crash test: runs the real engine worker
// (out/main/engine-worker.js, its own snapshot rule: one per queue) on a workspace and imports the
// master and then the village files as the app's queue does, printing "IMPORTED <file>" only after
// the engine answered (after the journal fsync). The parent kills it with SIGKILL at random moments.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { Worker } from 'node:worker_threads'

const [workerPath, workspace, masterPath, ...villagePaths] = process.argv.slice(2)
const worker = new Worker(workerPath, { workerData: { appVersion: 'crash', defaultOperator: 'crash' } })
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
const file = (path) => ({ fileName: basename(path), bytes: new Uint8Array(readFileSync(path)) })
await call('importMaster', { taskId: 'm', ...file(masterPath) })
process.stdout.write(`IMPORTED ${basename(masterPath)}\n`)
await call('readAhead', { files: [] })
for (const [i, path] of villagePaths.entries()) {
  const desa = /^musdes-([a-z]+)-/.exec(basename(path))[1].toUpperCase()
  await call('importVillage', { taskId: `v${i}`, ...file(path), desa })
  process.stdout.write(`IMPORTED ${basename(path)}\n`)
}
// The end of the queue: the engine writes its snapshot now, in turn.
await call('readAhead', { files: [] })
await call('getWorkspace', {})
process.stdout.write('QUEUE_DONE\n')
process.exit(0)
