// Child process for the crash test: runs the real engine worker (out/main/engine-worker.js) on a
// workspace and edits rows in a loop, printing "ACK <n> <rowId>" only after the engine answered
// (i.e. after the journal fsync). The parent kills this process with SIGKILL at random moments.
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

const [workerPath, workspace, masterPath, villagePath, startAt] = process.argv.slice(2)
const worker = new Worker(workerPath, { workerData: { appVersion: 'crash', defaultOperator: 'crash', checkpointEvery: 3 } })
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

// The worker encrypts the workspace under the key its host gives it (the host unwraps key.json; a fixed test key here).
const opened = await request({ kind: 'open', location: workspace, key: new Uint8Array(32).fill(7) })
if (!opened.ok) {
  process.stdout.write(`OPEN_FAILED ${opened.error.code} ${opened.error.message}\n`)
  process.exit(3)
}
if (!opened.value.master) {
  await call('importMaster', { taskId: 'm', fileName: 'master.xlsx', bytes: new Uint8Array(readFileSync(masterPath)) })
  await call('importVillage', { taskId: 'v', fileName: 'desa.xlsx', bytes: new Uint8Array(readFileSync(villagePath)) })
}
const rows = (await call('listRowsPage', { limit: 50000 })).rows.filter((r) => r.kind === 'village').map((r) => r.id)
process.stdout.write(`READY ${rows.length}\n`)
for (let n = Number(startAt); ; n++) {
  const rowId = rows[n % rows.length]
  await call('editCell', { rowId, field: 'alamat', value: `JALAN ${n}` })
  process.stdout.write(`ACK ${n} ${rowId}\n`)
}
