/**
 * The workspace folder on disk (RELIABILITY.md): atomic replace is temp → fsync → rename → fsync
 * of the folder; appends are fsynced before they resolve. Windows: a rename that antivirus or the
 * indexer briefly blocks is retried, and folders cannot be fsynced there.
 */
import { constants, promises as fs } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

import type { WorkspaceStorage } from '../../shared/engine/ports'

const RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY'])

export class NodeStorage implements WorkspaceStorage {
  readonly location: string
  private tmpSeq = 0

  constructor(location: string) {
    this.location = resolve(location)
  }

  private path(name: string): string {
    const p = resolve(this.location, name)
    if (!p.startsWith(this.location + sep)) throw new Error(`nama berkas di luar ruang kerja: ${name}`)
    return p
  }

  async read(name: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.path(name)))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async writeAtomic(name: string, data: Uint8Array): Promise<void> {
    const target = this.path(name)
    await fs.mkdir(dirname(target), { recursive: true, mode: 0o700 })
    const tmp = `${target}.${process.pid}.${++this.tmpSeq}.tmp`
    const handle = await fs.open(tmp, 'w', 0o600)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await renameWithRetry(tmp, target)
    await syncDir(dirname(target))
  }

  async append(name: string, data: Uint8Array): Promise<void> {
    const target = this.path(name)
    const handle = await fs.open(target, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600)
    try {
      await handle.write(data)
      await handle.datasync()
    } finally {
      await handle.close()
    }
  }

  async truncate(name: string, length: number): Promise<void> {
    const handle = await fs.open(this.path(name), 'r+')
    try {
      await handle.truncate(length)
      await handle.sync()
    } finally {
      await handle.close()
    }
  }

  async remove(name: string): Promise<void> {
    await fs.rm(this.path(name), { force: true })
  }

  async list(): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.location, { withFileTypes: true })
      return entries.filter((e) => e.isFile()).map((e) => e.name)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
  }

  async listAll(): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.location, { withFileTypes: true, recursive: true })
      return entries.filter((e) => e.isFile()).map((e) => relative(this.location, join(e.parentPath, e.name)).split(sep).join('/'))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
  }

  /**
   * Only the owner may read the workspace: folders 0700, files 0600 (POSIX; on Windows the
   * folder's ACL inherited from the user's profile applies, docs/security.md).
   */
  async restrictAccess(): Promise<void> {
    if (process.platform === 'win32') return
    await fs.chmod(this.location, 0o700)
    const entries = await fs.readdir(this.location, { withFileTypes: true, recursive: true })
    for (const e of entries) await fs.chmod(join(e.parentPath, e.name), e.isDirectory() ? 0o700 : 0o600).catch(() => undefined)
  }
}

export async function renameWithRetry(from: string, to: string): Promise<void> {
  // About 6 tries in the first ~150 ms, then up to 2 s in total (write-file-atomic, VS Code).
  const delays = [5, 10, 20, 40, 80, 150, 300, 600, 800]
  for (let i = 0; ; i++) {
    try {
      await fs.rename(from, to)
      return
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? ''
      if (process.platform !== 'win32' || !RETRY_CODES.has(code) || i >= delays.length) throw err
      await new Promise((r) => setTimeout(r, delays[i]))
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes a file outside a workspace (an exported package) with the same atomic replace. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const storage = new NodeStorage(dirname(path))
  await storage.writeAtomic(path.slice(dirname(path).length + 1), data)
}
