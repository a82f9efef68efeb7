// Child process for the lock race: loads the lock code, says READY, waits for "go" on stdin, tries
// to take the workspace lock once and prints HELD or LOCKED. A held lock is kept until stdin closes,
// so the parent decides when it is let go.
import './ts-resolve.mjs'

import { createInterface } from 'node:readline'

const { acquireLock } = await import('../../../electron/engine-host/lock.ts')
const [location] = process.argv.slice(2)
const lines = createInterface({ input: process.stdin })
let release = null
lines.on('line', async (line) => {
  if (line !== 'go') return
  try {
    release = await acquireLock(location)
    process.stdout.write(`HELD ${process.pid}\n`)
  } catch (err) {
    process.stdout.write(`${err.code === 'WORKSPACE_LOCKED' ? 'LOCKED' : `ERROR ${err.stack}`}\n`)
  }
})
lines.on('close', async () => {
  if (release) await release()
  process.exit(0)
})
process.stdout.write('READY\n')
