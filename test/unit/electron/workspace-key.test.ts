/** The workspace's data key in key.json: wrapped by the OS (app) or a scrypt passphrase (CLI, test host). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import type { OsProtector } from '../../../electron/engine-host/key-store'
import { KEY_FILE, workspaceDataKey } from '../../../electron/engine-host/workspace-key'
import { MARKER } from '../../../shared/engine/store/encryption'

const tmp = mkdtempSync(join(tmpdir(), 'cermat-wskey-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const phrase = (p: string | undefined) => ({ os: null, passphrase: async () => p })

/** An OS double that can only unwrap what it wrapped itself (another Windows account cannot). */
function fakeOs(): OsProtector & { wrapped: number } {
  const secrets = new Map<string, Uint8Array>()
  const os = {
    wrapped: 0,
    async wrap(secret: Uint8Array) {
      const id = new Uint8Array([++os.wrapped, 0xaa])
      secrets.set(Buffer.from(id).toString('hex'), secret.slice())
      return id
    },
    async unwrap(w: Uint8Array) {
      const s = secrets.get(Buffer.from(w).toString('hex'))
      if (!s) throw new Error('DPAPI: kunci akun lain')
      return s
    }
  }
  return os
}

describe('workspace data key', () => {
  it('is made once under a passphrase (scrypt N ≥ 2^15, salt in the file, 0600) and unwrapped again', async () => {
    const dir = join(tmp, 'baru')
    const key = await workspaceDataKey(dir, phrase('frasa sandi uji'))
    expect(key).toHaveLength(32)
    const file = JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8')) as {
      wraps: { protection: string; kdf: { N: number; salt: string }; wrapped: string }[]
    }
    expect(file.wraps[0]).toMatchObject({ protection: 'passphrase', kdf: { name: 'scrypt', r: 8, p: 1 } })
    expect(file.wraps[0]!.kdf.N).toBeGreaterThanOrEqual(1 << 15)
    expect(Buffer.from(file.wraps[0]!.kdf.salt, 'base64')).toHaveLength(16)
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).not.toContain(Buffer.from(key).toString('base64'))
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
    }
    expect(Buffer.from(await workspaceDataKey(dir, phrase('frasa sandi uji')))).toEqual(Buffer.from(key))
  })

  it('refuses a wrong or missing passphrase in Indonesian, writing nothing', async () => {
    const dir = join(tmp, 'salah')
    await workspaceDataKey(dir, phrase('frasa sandi uji'))
    const before = readFileSync(join(dir, KEY_FILE))
    await expect(workspaceDataKey(dir, phrase('frasa lain sekali'))).rejects.toMatchObject({
      code: 'WORKSPACE_PASSPHRASE_WRONG',
      message: expect.stringContaining('Frasa sandi ruang kerja')
    })
    await expect(workspaceDataKey(dir, phrase(undefined))).rejects.toMatchObject({ code: 'WORKSPACE_PASSPHRASE_REQUIRED' })
    expect(readFileSync(join(dir, KEY_FILE))).toEqual(before)
    expect(readdirSync(dir)).toEqual([KEY_FILE])
    // A new workspace needs a passphrase of 8 characters or more; nothing is created without one.
    await expect(workspaceDataKey(join(tmp, 'pendek'), phrase('pendek'))).rejects.toMatchObject({ code: 'WORKSPACE_PASSPHRASE_REQUIRED' })
    expect(readdirSync(tmp)).not.toContain('pendek')
  })

  it('in the app is wrapped by the OS (safeStorage/DPAPI); another account cannot unwrap it', async () => {
    const dir = join(tmp, 'os')
    const os = fakeOs()
    const key = await workspaceDataKey(dir, { os, passphrase: async () => undefined })
    expect(JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8')).wraps[0].protection).toBe('os')
    expect(Buffer.from(await workspaceDataKey(dir, { os, passphrase: async () => undefined }))).toEqual(Buffer.from(key))
    await expect(workspaceDataKey(dir, { os: fakeOs(), passphrase: async () => 'frasa sandi uji' })).rejects.toMatchObject({
      code: 'WORKSPACE_KEY_UNAVAILABLE',
      message: expect.stringContaining('akun Windows atau PC lain')
    })
  })

  it('four concurrent openings of a new workspace agree on one key', async () => {
    const dir = join(tmp, 'balapan')
    const keys = await Promise.all([1, 2, 3, 4].map(() => workspaceDataKey(dir, phrase('frasa sandi uji'))))
    for (const k of keys) expect(Buffer.from(k)).toEqual(Buffer.from(keys[0]!))
    expect(readdirSync(dir)).toEqual([KEY_FILE])
  })

  it('an encrypted workspace whose key.json is gone is not given a new key', async () => {
    const dir = join(tmp, 'hilang')
    await workspaceDataKey(dir, phrase('frasa sandi uji'))
    rmSync(join(dir, KEY_FILE))
    writeFileSync(join(dir, MARKER), 'CEW1')
    await expect(workspaceDataKey(dir, phrase('frasa sandi uji'))).rejects.toMatchObject({
      code: 'WORKSPACE_KEY_UNAVAILABLE',
      message: expect.stringContaining('key.json hilang')
    })
    expect(readdirSync(dir)).toEqual([MARKER])
  })
})
