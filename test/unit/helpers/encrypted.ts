/** Disk workspaces in tests, opened as the hosts open them: encrypted at rest under a data key. */
import { dataCipher } from '../../../electron/engine-host/data-cipher'
import { NodeStorage } from '../../../electron/engine-host/node-storage'
import { workspaceDataKey } from '../../../electron/engine-host/workspace-key'
import type { WorkspaceStorage } from '../../../shared/engine/ports'
import { type EncryptedStorage, openEncrypted } from '../../../shared/engine/store/encryption'

/** The passphrase of test workspaces (vitest.config.mts sets CERMAT_PASSPHRASE to it for the CLI children). */
export const TEST_PASSPHRASE = 'frasa sandi uji'
/** The fixed data key the crash children (worker-session.mjs) hand the worker (the worker never reads key.json). */
export const CRASH_CHILD_KEY = new Uint8Array(32).fill(7)

/** A workspace folder under a known data key (no key.json involved). */
export async function encryptedDisk(dir: string, key: Uint8Array = CRASH_CHILD_KEY): Promise<EncryptedStorage> {
  return (await openEncrypted(new NodeStorage(dir), dataCipher(key))).storage
}

/** A workspace folder whose key is in its key.json under the test passphrase, as the CLI opens it. */
export async function passphraseDisk(dir: string, passphrase = TEST_PASSPHRASE): Promise<EncryptedStorage> {
  const key = await workspaceDataKey(dir, { os: null, passphrase: async () => passphrase })
  return (await openEncrypted(new NodeStorage(dir), dataCipher(key))).storage
}

/** Any storage sealed under a key, for in-memory tests. */
export async function encrypted(inner: WorkspaceStorage, key: Uint8Array = CRASH_CHILD_KEY): Promise<EncryptedStorage> {
  return (await openEncrypted(inner, dataCipher(key))).storage
}
