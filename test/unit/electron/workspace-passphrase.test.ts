/** A new workspace passphrase (`cermat key --workspace … --new-passphrase`): the same data key, the old passphrase ends. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { changePassphrase, KEY_FILE, setRecoveryCode, workspaceDataKey } from '../../../electron/engine-host/workspace-key'
import { Engine } from '../../../shared/engine/engine'
import { cermat, useCliFolder } from '../helpers/cli'
import { passphraseDisk, TEST_PASSPHRASE } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'

const tmp = useCliFolder('passphrase', TEST_PASSPHRASE)
const phrase = (p: string | undefined, code?: string) => ({
  os: null,
  passphrase: async () => p,
  ...(code !== undefined ? { recoveryCode: async () => code } : {})
})
const wraps = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8')) as { wraps: { protection: string }[] }).wraps.map((w) => w.protection)

afterEach(() => {
  delete process.env.CERMAT_NEW_PASSPHRASE
  process.env.CERMAT_PASSPHRASE = TEST_PASSPHRASE
})

describe('new workspace passphrase', () => {
  it('re-wraps the same data key: the new passphrase opens, the old one is refused, the recovery code still opens', async () => {
    const dir = join(tmp, 'ganti')
    const key = await workspaceDataKey(dir, phrase('frasa lama sekali'))
    const code = await setRecoveryCode(dir, phrase('frasa lama sekali'))
    expect(await changePassphrase(dir, phrase('frasa lama sekali'), 'frasa baru sekali')).toBe(1)
    expect(await workspaceDataKey(dir, phrase('frasa baru sekali'))).toEqual(key)
    await expect(workspaceDataKey(dir, phrase('frasa lama sekali'))).rejects.toMatchObject({ code: 'WORKSPACE_PASSPHRASE_WRONG' })
    expect(await workspaceDataKey(dir, phrase(undefined, code))).toEqual(key)
    expect(wraps(dir).sort()).toEqual(['passphrase', 'recovery'])
  })

  it('a forgotten passphrase is replaced through the recovery code', async () => {
    const dir = join(tmp, 'lupa')
    const key = await workspaceDataKey(dir, phrase('frasa yang terlupa'))
    const code = await setRecoveryCode(dir, phrase('frasa yang terlupa'))
    await changePassphrase(dir, phrase(undefined, code), 'frasa pengganti')
    expect(await workspaceDataKey(dir, phrase('frasa pengganti'))).toEqual(key)
    await expect(workspaceDataKey(dir, phrase('frasa yang terlupa'))).rejects.toMatchObject({ code: 'WORKSPACE_PASSPHRASE_WRONG' })
  })

  it('a wrong old passphrase or a short new one changes nothing', async () => {
    const dir = join(tmp, 'salah')
    await workspaceDataKey(dir, phrase('frasa yang benar'))
    const before = readFileSync(join(dir, KEY_FILE), 'utf8')
    await expect(changePassphrase(dir, phrase('frasa yang salah'), 'frasa baru sekali')).rejects.toMatchObject({
      code: 'WORKSPACE_PASSPHRASE_WRONG'
    })
    await expect(changePassphrase(dir, phrase('frasa yang benar'), 'pendek')).rejects.toMatchObject({
      code: 'WORKSPACE_PASSPHRASE_REQUIRED'
    })
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe(before)
  })

  it('cermat key --new-passphrase: the workspace opens with the new one only, its data unchanged', async () => {
    const ws = join(tmp, 'cli')
    await (await Engine.open({ ...(await testPorts()), storage: await passphraseDisk(ws) }, { name: 'Uji Ganti' })).close()
    const before = readFileSync(join(ws, KEY_FILE), 'utf8')
    // No new passphrase given (no terminal in tests): usage, nothing changed.
    expect((await cermat(['key', '--workspace', ws, '--new-passphrase'])).code).toBe(2)
    process.env.CERMAT_NEW_PASSPHRASE = 'frasa sandi baru'
    process.env.CERMAT_PASSPHRASE = 'bukan frasa sandinya'
    const wrong = await cermat(['key', '--workspace', ws, '--new-passphrase'])
    expect(wrong.code).toBe(1)
    expect(wrong.err).toContain('salah')
    expect(readFileSync(join(ws, KEY_FILE), 'utf8')).toBe(before)
    process.env.CERMAT_PASSPHRASE = TEST_PASSPHRASE
    const ok = await cermat(['key', '--workspace', ws, '--new-passphrase'])
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toContain('diganti')
    expect(ok.out).toContain('Frasa sandi lama tidak dapat membuka')
    expect((await cermat(['settings', '--workspace', ws])).code).toBe(1)
    process.env.CERMAT_PASSPHRASE = 'frasa sandi baru'
    const opened = await cermat(['settings', '--workspace', ws])
    expect(opened.code, opened.err).toBe(0)
    expect(opened.out).toContain('Uji Ganti')
  })
})
