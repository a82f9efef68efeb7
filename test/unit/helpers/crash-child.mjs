// Child process for the crash test: runs the real engine worker (out/main/engine-worker.js) on a
// workspace and edits rows in a loop, printing "ACK <n> <rowId>" only after the engine answered
// (i.e. after the journal fsync). The parent kills this process with SIGKILL at random moments.
import { readFileSync } from 'node:fs'

import { openWorkerSession } from './worker-session.mjs'

const [workerPath, workspace, masterPath, villagePath, startAt] = process.argv.slice(2)
const { call, opened } = await openWorkerSession(
  workerPath,
  { appVersion: 'crash', defaultOperator: 'crash', checkpointEvery: 3 },
  workspace
)
if (!opened.master) {
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
