/** The recovery code: a third wrap of the workspace's data key, for a lost Windows profile or passphrase. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { main } from '../../../electron/cli/index'
import type { OsProtector } from '../../../electron/engine-host/key-store'
import { KEY_FILE, setRecoveryCode, workspaceDataKey } from '../../../electron/engine-host/workspace-key'
import { formatRecoveryCode, normalizeRecoveryCode } from '../../../shared/domain/recovery-code'
import { Engine } from '../../../shared/engine/engine'
import { passphraseDisk } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'

const tmp = mkdtempSync(join(tmpdir(), 'cermat-recovery-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const phrase = (p: string | undefined, code?: string) => ({
  os: null,
  passphrase: async () => p,
  ...(code !== undefined ? { recoveryCode: async () => code } : {})
})
const CODE = /^([A-Z2-7]{5}-){5}[A-Z2-7]{5}$/

/** An OS double that unwraps only what it wrapped itself: a reinstalled Windows profile is a new one. */
function fakeOs(): OsProtector {
  const secrets = new Map<string, Uint8Array>()
  let n = 0
  return {
    async wrap(secret) {
      const id = new Uint8Array([++n, Math.floor(Math.random() * 256)])
      secrets.set(Buffer.from(id).toString('hex'), secret.slice())
      return id
    },
    async unwrap(w) {
      const s = secrets.get(Buffer.from(w).toString('hex'))
      if (!s) throw new Error('DPAPI: kunci akun lain')
      return s
    }
  }
}

describe('recovery code', () => {
  it('reads back as typed: any case, spaces or dashes, 0/1/8 for O/I/B; not a code otherwise', () => {
    const code = formatRecoveryCode(new Uint8Array(30).map((_, i) => i * 7))
    expect(code).toMatch(CODE)
    const plain = code.replace(/-/g, '')
    expect(normalizeRecoveryCode(code.toLowerCase().replace(/-/g, ' '))).toBe(plain)
    expect(normalizeRecoveryCode(plain.replace(/O/g, '0').replace(/I/g, '1').replace(/B/g, '8'))).toBe(plain)
    expect(normalizeRecoveryCode(plain.slice(1))).toBeNull()
    expect(normalizeRecoveryCode(plain.slice(1) + '9')).toBeNull()
  })

  it('opens a passphrase workspace without the passphrase, refuses a wrong code, and a new code ends the old one', async () => {
    const dir = join(tmp, 'frasa')
    const key = await workspaceDataKey(dir, phrase('frasa sandi uji'))
    const code = await setRecoveryCode(dir, phrase('frasa sandi uji'))
    expect(code).toMatch(CODE)
    // The code is stored nowhere in the clear.
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).not.toContain(code.replace(/-/g, ''))
    expect(await workspaceDataKey(dir, phrase(undefined, code.toLowerCase()))).toEqual(key)
    const before = readFileSync(join(dir, KEY_FILE), 'utf8')
    const wrong = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A')
    await expect(workspaceDataKey(dir, phrase('frasa sandi uji', wrong))).rejects.toMatchObject({ code: 'WORKSPACE_RECOVERY_CODE_WRONG' })
    await expect(setRecoveryCode(dir, phrase('salah sekali'))).rejects.toMatchObject({ code: 'WORKSPACE_PASSPHRASE_WRONG' })
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe(before)
    const next = await setRecoveryCode(dir, phrase(undefined, code))
    expect(next).not.toBe(code)
    await expect(workspaceDataKey(dir, phrase(undefined, code))).rejects.toMatchObject({ code: 'WORKSPACE_RECOVERY_CODE_WRONG' })
    expect(await workspaceDataKey(dir, phrase(undefined, next))).toEqual(key)
    // The passphrase still opens it.
    expect(await workspaceDataKey(dir, phrase('frasa sandi uji'))).toEqual(key)
  })

  it('a reinstalled Windows profile opens with the code once, then with its own OS wrap', async () => {
    const dir = join(tmp, 'windows')
    const old = fakeOs()
    const key = await workspaceDataKey(dir, { os: old, passphrase: async () => undefined })
    const code = await setRecoveryCode(dir, { os: old, passphrase: async () => undefined })
    const fresh = fakeOs()
    await expect(workspaceDataKey(dir, { os: fresh, passphrase: async () => undefined })).rejects.toMatchObject({
      code: 'WORKSPACE_KEY_UNAVAILABLE',
      message: expect.stringContaining('kode pemulihan')
    })
    expect(await workspaceDataKey(dir, { os: fresh, passphrase: async () => undefined, recoveryCode: async () => code })).toEqual(key)
    expect(await workspaceDataKey(dir, { os: fresh, passphrase: async () => undefined })).toEqual(key)
    // The old profile's wrap is kept (a shared folder may be opened from it too).
    expect(await workspaceDataKey(dir, { os: old, passphrase: async () => undefined })).toEqual(key)
  })

  it('cermat key recovery prints the code once, and --recovery-code opens the workspace without the passphrase', async () => {
    const ws = join(tmp, 'cli')
    const out: string[] = []
    const err: string[] = []
    const run = (args: string[]) =>
      main(
        args,
        (s) => out.push(s),
        (s) => err.push(s)
      )
    expect(await run(['settings', '--workspace', ws])).toBe(2) // none there yet
    await workspaceDataKey(ws, phrase(process.env.CERMAT_PASSPHRASE))
    await (await Engine.open({ ...(await testPorts()), storage: await passphraseDisk(ws) }, { name: 'Uji' })).close()
    expect(await run(['key', 'recovery', '--workspace', ws]), err.join('\n')).toBe(0)
    const code = out.map((l) => l.trim()).find((l) => CODE.test(l))!
    expect(code).toBeDefined()
    expect(out.join('\n')).toContain('tidak akan ditampilkan lagi')
    const saved = process.env.CERMAT_PASSPHRASE
    process.env.CERMAT_PASSPHRASE = 'bukan frasa sandinya'
    try {
      out.length = 0
      expect(await run(['settings', '--workspace', ws, '--recovery-code', code]), err.join('\n')).toBe(0)
      expect(out.join('\n')).toContain('Uji')
      expect(await run(['settings', '--workspace', ws, `--recovery-code=${code.slice(0, -1)}${code.endsWith('Q') ? 'R' : 'Q'}`])).toBe(1)
      expect(err.join('\n')).toContain('Kode pemulihan ruang kerja')
    } finally {
      process.env.CERMAT_PASSPHRASE = saved
    }
  })
})
