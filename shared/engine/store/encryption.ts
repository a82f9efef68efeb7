/**
 * Opening a workspace folder encrypted at rest, and encrypting an older clear one in place.
 *
 * The marker file `ENCRYPTED` (itself sealed) is written only once every file is encrypted: while
 * it is missing the folder is new or its migration was cut off, and migration (re)runs. Each clear
 * file is replaced by its sealed copy with an atomic write, then read back and compared, so an
 * interruption at any point leaves every file either clear or sealed and complete; files sealed by
 * an earlier attempt are recognised by their tag and skipped. Once the marker exists nothing is
 * read in the clear: a clear file is damage (its checksums fail), not data.
 */
import { cermatError } from '../errors'
import type { DataCipher, WorkspaceStorage } from '../ports'
import { EncryptedStorage } from './encrypted-storage'

export type { EncryptedStorage }

export const MARKER = 'ENCRYPTED'
const MARKER_TEXT = 'cermat: AES-256-GCM, data key in key.json\n'

export interface OpenedEncrypted {
  storage: EncryptedStorage
  /** Files encrypted now (an older clear workspace, or the rest of a cut-off migration). */
  migrated: number
}

const isJournal = (name: string) => /^journal-\d+\.log$/.test(name)
/** The store's files (workspace-store.ts); key.json and the lock belong to the host and stay as they are. */
const isData = (name: string) =>
  /^(CURRENT|snapshot-\d+\.sqlite|journal-\d+\.log|blobs\/[^/]+|damaged\/.+)$/.test(name) && !name.endsWith('.tmp')

function same(a: Uint8Array, b: Uint8Array | null): boolean {
  return b !== null && a.length === b.length && a.every((x, i) => x === b[i])
}

export async function openEncrypted(inner: WorkspaceStorage, cipher: DataCipher): Promise<OpenedEncrypted> {
  const storage = new EncryptedStorage(inner, cipher)
  const marker = await inner.read(MARKER)
  if (marker) {
    if (await storage.isSealed(MARKER, marker)) return { storage, migrated: 0 }
    // A damaged marker, or a key that is not this workspace's: only the second refuses to open.
    if (!(await sealedUnderKey(inner, storage))) throw cermatError('WORKSPACE_KEY_WRONG', { location: inner.location })
    await storage.writeAtomic(MARKER, new TextEncoder().encode(MARKER_TEXT))
    return { storage, migrated: 0 }
  }
  let migrated = 0
  for (const name of (await inner.listAll()).sort()) {
    if (!isData(name)) continue
    const clear = await inner.read(name)
    if (!clear || (await storage.isSealed(name, clear))) continue
    await inner.writeAtomic(name, isJournal(name) ? await storage.frameBytes(name, clear) : await storage.wholeBytes(name, clear))
    // Verified before the next file: the clear copy is gone once the sealed one replaced it.
    if (!same(clear, await storage.read(name))) throw new Error(`${name}: salinan terenkripsi tidak sama dengan aslinya`)
    migrated++
  }
  await storage.writeAtomic(MARKER, new TextEncoder().encode(MARKER_TEXT))
  return { storage, migrated }
}

/** True when some workspace file opens under this key (so the marker alone is damaged). */
async function sealedUnderKey(inner: WorkspaceStorage, storage: EncryptedStorage): Promise<boolean> {
  for (const name of await inner.list()) {
    if (name === MARKER || !/^(CURRENT|snapshot-\d+\.sqlite|journal-\d+\.log)$/.test(name)) continue
    const raw = await inner.read(name)
    if (raw && (await storage.isSealed(name, raw))) return true
  }
  return false
}
