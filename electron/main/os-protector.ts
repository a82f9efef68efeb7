/**
 * The signing key's OS protection in Electron: safeStorage (DPAPI on Windows, Keychain on macOS,
 * the desktop keyring on Linux). Uses the async API: Electron 45 deprecates the sync
 * encryptString/decryptString, and sync-encrypted data still decrypts with decryptStringAsync.
 */
import type { SafeStorage } from 'electron'

import type { OsProtector } from '../engine-host/key-store'

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>

/**
 * null when the OS cannot really protect a secret: encryption unavailable, or on Linux the
 * 'basic_text' backend (a hard-coded password, like Signal we refuse it) or a backend not yet
 * known. The key store then falls back to passphrase protection. Call after app 'ready'.
 */
export async function safeStorageProtector(safeStorage: SafeStorageLike, platform: string): Promise<OsProtector | null> {
  try {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return null
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend()
      if (backend === 'basic_text' || backend === 'unknown') return null
    }
  } catch {
    return null
  }
  return {
    // safeStorage encrypts strings: the secret travels as base64 so any byte survives.
    async wrap(secret) {
      const encrypted = await safeStorage.encryptStringAsync(Buffer.from(secret).toString('base64'))
      return new Uint8Array(encrypted)
    },
    async unwrap(wrapped) {
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(wrapped))
      return new Uint8Array(Buffer.from(result, 'base64'))
    }
  }
}
