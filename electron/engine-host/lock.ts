/**
 * One writer per workspace: sql.js has no cross-process locking, and two programs saving
 * snapshots into one folder would race. A lock file holds the owner's pid and host; a lock whose
 * process is gone (after a crash) is taken over.
 */
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { cermatError } from '../../shared/engine/errors'

const LOCK = 'cermat.lock'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function acquireLock(location: string): Promise<() => Promise<void>> {
  const path = join(location, LOCK)
  const mine = JSON.stringify({ pid: process.pid, host: hostname() })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(path, mine, { flag: 'wx' })
      return async () => {
        const current = await fs.readFile(path, 'utf8').catch(() => '')
        if (current === mine) await fs.rm(path, { force: true })
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      let owner: { pid?: number; host?: string } = {}
      try {
        owner = JSON.parse(await fs.readFile(path, 'utf8')) as typeof owner
      } catch {
        // Unreadable lock: treated as stale.
      }
      const stale = owner.host === hostname() && typeof owner.pid === 'number' && owner.pid !== process.pid && !alive(owner.pid)
      const broken = typeof owner.pid !== 'number'
      if (!stale && !broken) throw cermatError('WORKSPACE_LOCKED', { location })
      await fs.rm(path, { force: true })
    }
  }
  throw cermatError('WORKSPACE_LOCKED', { location })
}
