import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { KeyStore } from '../../../electron/engine-host/key-store'
import { type SafeStorageLike, safeStorageProtector } from '../../../electron/main/os-protector'

vi.mock('electron', () => {
  throw new Error('electron must not be loaded by os-protector.ts')
})

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>

/** A stand-in for safeStorage: reversible, tagged, and clearly not the plaintext. */
function fakeSafeStorage(opts: { available?: boolean; backend?: Backend } = {}) {
  const MAGIC = 'v10'
  const storage = {
    isAsyncEncryptionAvailable: vi.fn(async () => opts.available ?? true),
    getSelectedStorageBackend: vi.fn((): Backend => opts.backend ?? 'gnome_libsecret'),
    encryptStringAsync: vi.fn(async (plain: string) =>
      Buffer.concat([Buffer.from(MAGIC), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)])
    ),
    decryptStringAsync: vi.fn(async (encrypted: Buffer) => {
      if (encrypted.subarray(0, 3).toString() !== MAGIC)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      return { shouldReEncrypt: false, result: Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8') }
    })
  }
  return storage satisfies SafeStorageLike
}

describe('safeStorageProtector', () => {
  it('is null when encryption is unavailable', async () => {
    expect(await safeStorageProtector(fakeSafeStorage({ available: false }), 'win32')).toBeNull()
  })

  it('is null on Linux with the basic_text backend (a hard-coded password)', async () => {
    expect(await safeStorageProtector(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toBeNull()
  })

  it('is null on Linux when the backend is not known yet', async () => {
    expect(await safeStorageProtector(fakeSafeStorage({ backend: 'unknown' }), 'linux')).toBeNull()
  })

  it('is null when asking throws', async () => {
    const s = fakeSafeStorage()
    s.isAsyncEncryptionAvailable.mockRejectedValueOnce(new Error('keyring locked'))
    expect(await safeStorageProtector(s, 'win32')).toBeNull()
  })

  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const)('uses a real Linux keyring (%s)', async (backend) => {
    expect(await safeStorageProtector(fakeSafeStorage({ backend }), 'linux')).not.toBeNull()
  })

  it('does not look at the Linux backend on Windows or macOS', async () => {
    for (const platform of ['win32', 'darwin']) {
      const s = fakeSafeStorage({ backend: 'basic_text' })
      expect(await safeStorageProtector(s, platform)).not.toBeNull()
      expect(s.getSelectedStorageBackend).not.toHaveBeenCalled()
    }
  })

  it('round-trips every byte value through base64 strings', async () => {
    const s = fakeSafeStorage()
    const protector = (await safeStorageProtector(s, 'win32'))!
    const secret = Uint8Array.from({ length: 512 }, (_, i) => i % 256)
    const wrapped = await protector.wrap(secret)
    expect(wrapped).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(wrapped).includes(Buffer.from(secret.subarray(0, 16)))).toBe(false)
    expect(s.encryptStringAsync).toHaveBeenCalledWith(Buffer.from(secret).toString('base64'))
    expect(await protector.unwrap(wrapped)).toEqual(secret)
    expect(await protector.unwrap(await protector.wrap(new Uint8Array(0)))).toEqual(new Uint8Array(0))
  })

  it('rejects data it cannot decrypt', async () => {
    const protector = (await safeStorageProtector(fakeSafeStorage(), 'win32'))!
    await expect(protector.unwrap(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow()
  })
})

describe('with the key store', () => {
  let dir = ''
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('stores the signing key under OS protection and opens it again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cermat-osprot-'))
    const protector = await safeStorageProtector(fakeSafeStorage(), 'win32')
    const first = new KeyStore(dir, protector)
    expect(await first.status()).toMatchObject({ exists: false, protection: 'os', passphraseRequired: false })
    const identity = await (await first.unlock()).identity()
    const again = await (await new KeyStore(dir, protector).unlock()).identity()
    expect(again).toEqual(identity)
    expect(await first.status()).toMatchObject({ exists: true, keyId: identity.keyId, protection: 'os' })
  })

  it('falls back to passphrase protection on basic_text Linux', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cermat-osprot-'))
    const protector = await safeStorageProtector(fakeSafeStorage({ backend: 'basic_text' }), 'linux')
    expect(await new KeyStore(dir, protector).status()).toMatchObject({ protection: 'passphrase', passphraseRequired: true })
  })
})
