/**
 * One writer per workspace: sql.js has no cross-process locking, and two programs saving
 * snapshots into one folder would race. The lock file `cermat.lock` holds {pid, host, at, nonce}.
 *
 * - Taking a free lock is one atomic step: the content is written to a temp file first and then
 *   hard-linked to `cermat.lock`, which fails if the lock exists (exclusive create); nobody ever
 *   sees a half-written lock. Where hard links are not supported, `wx` create is used instead.
 * - A stale lock (its process is dead on this host; or, from another host, not refreshed for
 *   STALE_OTHER_HOST_MS; or empty/unreadable and older than EMPTY_GRACE_MS) is replaced by an
 *   atomic rename of a new lock over it, so the name never disappears and no third process can
 *   slip in between. Only the holder of `cermat.lock.takeover` (itself an exclusive create) may do
 *   that rename, so two processes never both take over the same stale lock.
 * - The holder refreshes the lock's time every REFRESH_MS so a long session on another PC of a
 *   shared folder is never mistaken for a stale one.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

import { cermatError } from '../../shared/engine/errors'
import { renameWithRetry } from './node-storage'

const LOCK = 'cermat.lock'
const GUARD = 'cermat.lock.takeover'
/** A lock from another PC (shared folder) not refreshed for this long belongs to a PC that stopped. */
export const STALE_OTHER_HOST_MS = 60 * 60 * 1000
const REFRESH_MS = 5 * 60 * 1000
/** An empty or unreadable lock younger than this may still be being written (wx fallback). */
export const EMPTY_GRACE_MS = 10 * 1000

interface Owner {
  pid: number
  host: string
  at: string
  nonce: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code

/** Creates `path` with `content` only if it does not exist; false when it does. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`
  await writeSynced(tmp, content)
  try {
    await fs.link(tmp, path)
    return true
  } catch (err) {
    if (code(err) === 'EEXIST') return false
    // File systems without hard links (some network shares, FAT): exclusive create directly.
    try {
      await fs.writeFile(path, content, { flag: 'wx', flush: true, mode: 0o600 })
      return true
    } catch (err2) {
      if (code(err2) === 'EEXIST') return false
      throw err2
    }
  } finally {
    await fs.rm(tmp, { force: true })
  }
}

async function writeSynced(path: string, content: string): Promise<void> {
  await fs.writeFile(path, content, { flag: 'wx', flush: true, mode: 0o600 })
}

/** Reads a lock: its owner (null when empty or unreadable) and its age from the last refresh. */
async function inspect(path: string): Promise<{ owner: Owner | null; ageMs: number; raw: string } | null> {
  try {
    const [raw, st] = await Promise.all([fs.readFile(path, 'utf8'), fs.stat(path)])
    let owner: Owner | null = null
    try {
      const parsed = JSON.parse(raw) as Partial<Owner>
      if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') owner = parsed as Owner
    } catch {
      // Empty or damaged (a power cut while it was written): judged by age alone.
    }
    return { owner, ageMs: Date.now() - st.mtimeMs, raw }
  } catch (err) {
    if (code(err) === 'ENOENT') return null
    throw err
  }
}

function isStale(lock: { owner: Owner | null; ageMs: number }): boolean {
  const { owner, ageMs } = lock
  if (!owner) return ageMs > EMPTY_GRACE_MS
  if (owner.host === hostname()) return owner.pid !== process.pid && !alive(owner.pid)
  return ageMs > STALE_OTHER_HOST_MS
}

/** Replaces the stale lock whose content is `staleRaw` by ours, by rename, under the takeover guard. */
async function takeOver(dir: string, staleRaw: string, mine: string): Promise<boolean> {
  const lockPath = join(dir, LOCK)
  const guardPath = join(dir, GUARD)
  if (!(await createExclusive(guardPath, mine))) {
    const guard = await inspect(guardPath)
    // A guard left by a process that died in the middle of a takeover is cleared for the next try.
    if (guard && isStale(guard)) await clearStaleGuard(dir, guard.raw)
    return false
  }
  try {
    // Still the same stale lock? Another process may have taken it over just before us.
    const now = await inspect(lockPath)
    if (!now || now.raw !== staleRaw) return false
    const tmp = `${lockPath}.${process.pid}.${randomUUID()}.tmp`
    await writeSynced(tmp, mine)
    await renameWithRetry(tmp, lockPath)
    return true
  } finally {
    const guard = await fs.readFile(guardPath, 'utf8').catch(() => '')
    if (guard === mine) await fs.rm(guardPath, { force: true })
  }
}

async function clearStaleGuard(dir: string, staleRaw: string): Promise<void> {
  const aside = join(dir, `${GUARD}.${process.pid}.${randomUUID()}.dead`)
  try {
    await fs.rename(join(dir, GUARD), aside)
  } catch {
    return
  }
  // If a live guard was moved by mistake (it replaced the dead one just now), put it back.
  const moved = await fs.readFile(aside, 'utf8').catch(() => staleRaw)
  if (moved !== staleRaw) await fs.link(aside, join(dir, GUARD)).catch(() => undefined)
  await fs.rm(aside, { force: true })
}

export async function acquireLock(location: string): Promise<() => Promise<void>> {
  const path = join(location, LOCK)
  const owner: Owner = { pid: process.pid, host: hostname(), at: new Date().toISOString(), nonce: randomUUID() }
  const mine = JSON.stringify(owner)
  let held = false
  for (let attempt = 0; attempt < 3 && !held; attempt++) {
    if (await createExclusive(path, mine)) {
      held = true
      break
    }
    const current = await inspect(path)
    if (!current) continue
    if (!isStale(current)) break
    held = await takeOver(location, current.raw, mine)
  }
  // The lock must say it is ours, whatever path led here.
  if (!held || (await fs.readFile(path, 'utf8').catch(() => '')) !== mine) throw cermatError('WORKSPACE_LOCKED', { location })
  const refresh = setInterval(() => {
    const t = new Date()
    fs.utimes(path, t, t).catch(() => undefined)
  }, REFRESH_MS)
  refresh.unref()
  return async () => {
    clearInterval(refresh)
    const current = await fs.readFile(path, 'utf8').catch(() => '')
    if (current === mine) await fs.rm(path, { force: true })
  }
}
