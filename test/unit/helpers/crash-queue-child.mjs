// Child process for the import queue's crash test: runs the real engine worker
// (out/main/engine-worker.js, its own snapshot rule: one per queue) on a workspace and imports the
// master and then the village files as the app's queue does, printing "IMPORTED <file>" only after
// the engine answered (after the journal fsync). The parent kills it with SIGKILL at random moments.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

import { openWorkerSession } from './worker-session.mjs'

const [workerPath, workspace, masterPath, ...villagePaths] = process.argv.slice(2)
const { call } = await openWorkerSession(workerPath, { appVersion: 'crash', defaultOperator: 'crash' }, workspace)
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
