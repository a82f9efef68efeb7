/**
 * Approval in the app, host side: the approver's own key on this PC (created under their
 * passphrase, never the operator's), a package approved from the viewer (written where the operator
 * chooses) or from the export list (written over the file this PC saved, which the queue sends),
 * and a key file made with `cermat key --new`.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { APPROVER_KEY_FILE } from '../../../electron/engine-host/approvals'
import type { EngineClient } from '../../../electron/engine-host/client'
import { createHostHandlers, SAVED_PACKAGES_FILE } from '../../../electron/engine-host/host'
import { keyIdOf, KeyStore, rawPublicKey, verifyEd25519 } from '../../../electron/engine-host/key-store'
import { packageIdentity } from '../../../shared/engine/package/approval'
import { verifyPackage } from '../../../shared/engine/package/verify'
import type { Signer } from '../../../shared/engine/ports'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')
const tmp = mkdtempSync(join(tmpdir(), 'cermat-approve-host-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let zip: Uint8Array
let operatorKey: string

beforeAll(async () => {
  const { privateKey, publicKey: pub } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(pub)
  operatorKey = Buffer.from(raw).toString('base64')
  const identity = { publicKey: operatorKey, keyId: keyIdOf(raw) }
  const signer: Signer = { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
  const { engine } = await openEngine()
  await engine.updateSettings({ kecamatan: 'Mlati', approvalRequired: true })
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const row = (await engine.rows()).find((r) => r.rowNo === 6)!
  await engine.resolveFinding({ findingKey: row.findings[0]!.key, action: 'accept_village' })
  await engine.exportPackage(['SUMBERADI'], signer, async (bytes, name) => {
    zip = bytes
    return { fileName: name, location: `/tmp/${name}` }
  })
})

function host(name: string, saveTo: string | null = null) {
  const userDataDir = mkdtempSync(join(tmp, `${name}-`))
  const handlers = createHostHandlers({
    engine: {} as EngineClient,
    dialogs: { chooseFolder: async () => null, saveFile: async () => saveTo },
    userDataDir,
    demoDir: tmp,
    appVersion: '0.0.0-test',
    platform: 'linux',
    locale: 'id',
    osProtector: null,
    now: () => new Date('2026-12-07T08:00:00Z')
  })
  return { handlers, userDataDir }
}

const approvalsIn = (bytes: Uint8Array) => {
  const v = verifyPackage(bytes, { sha256, verifyEd25519 })
  if (!v.valid) throw new Error(v.reason)
  return v
}

describe('approval in the app (host)', () => {
  it('creates the approver key under their passphrase, apart from the operator key, once', async () => {
    const { handlers, userDataDir } = host('key')
    expect(await handlers.getApproverKey({})).toEqual({ exists: false, keyId: null, publicKey: null, protection: null })
    // No OS protection here: a passphrase is required.
    await expect(handlers.createApproverKey({})).rejects.toMatchObject({ code: 'KEY_PASSPHRASE_REQUIRED' })
    const made = await handlers.createApproverKey({ passphrase: 'frasa sandi camat' })
    expect(made).toMatchObject({ exists: true, protection: 'passphrase', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) })
    expect(made.publicKey).not.toBe(operatorKey)
    const file = readFileSync(join(userDataDir, 'keys', APPROVER_KEY_FILE), 'utf8')
    expect(file).toContain('"protection": "passphrase"')
    // The operator's key file is not this one.
    expect((await handlers.getKeyStatus({})).exists).toBe(false)
    await expect(handlers.createApproverKey({ passphrase: 'frasa sandi lain' })).rejects.toMatchObject({ code: 'APPROVAL_FAILED' })
  })

  it('approves a package shown in the viewer: a wrong passphrase refused, then written where chosen and listed', async () => {
    const out = join(tmp, 'disetujui.zip')
    const { handlers } = host('viewer', out)
    const camat = await handlers.createApproverKey({ passphrase: 'frasa sandi camat' })
    const shown = await handlers.viewPackage({ fileName: 'paket-mlati-1.zip', bytes: zip })
    expect(shown.detail).toMatchObject({ approvals: [], approvalMissing: true, packageSha256: sha256(zip) })
    const ask = { sha256: shown.sha256, role: 'camat' as const, name: 'Drs. SUGENG', nip: '196801011990031001' }
    await expect(handlers.approvePackage({ ...ask, passphrase: 'bukan frasanya' })).rejects.toMatchObject({ code: 'KEY_PASSPHRASE_WRONG' })
    const approved = await handlers.approvePackage({ ...ask, passphrase: 'frasa sandi camat' })
    expect(approved?.valid).toBe(true)
    expect(approved?.detail).toMatchObject({
      approvalMissing: false,
      packageSha256: sha256(zip),
      approvals: [
        { role: 'camat', name: 'Drs. SUGENG', nip: '196801011990031001', keyId: camat.keyId, approvedAt: '2026-12-07T08:00:00.000Z' }
      ]
    })
    const written = new Uint8Array(readFileSync(out))
    expect(sha256(written)).toBe(approved?.sha256)
    expect(packageIdentity(written, sha256)).toBe(sha256(zip))
    expect(approvalsIn(written).approvals.map((a) => a.publicKey)).toEqual([camat.publicKey])
    // The same key twice is refused, nothing written.
    await expect(handlers.approvePackage({ ...ask, sha256: approved!.sha256, passphrase: 'frasa sandi camat' })).rejects.toMatchObject({
      code: 'APPROVAL_FAILED'
    })
    // A package never shown is not approved blind.
    await expect(handlers.approvePackage({ ...ask, sha256: 'a'.repeat(64), passphrase: 'frasa sandi camat' })).rejects.toMatchObject({
      code: 'APPROVAL_FAILED'
    })
  })

  it('approves a package this PC saved in place: the export list shows the approval, under the same package identity', async () => {
    const { handlers, userDataDir } = host('saved')
    const path = join(tmp, 'paket-tersimpan.zip')
    writeFileSync(path, zip)
    writeFileSync(join(userDataDir, SAVED_PACKAGES_FILE), JSON.stringify({ [sha256(zip)]: path }))
    await handlers.createApproverKey({ passphrase: 'frasa sandi kasi' })
    const before = await handlers.viewSavedPackage({ sha256: sha256(zip) })
    expect(before.detail?.approvalMissing).toBe(true)
    // saveFile answers null here: an in-place approval never asks where.
    const approved = await handlers.approvePackage({
      sha256: before.sha256,
      role: 'kasi',
      name: 'Kasi Kesra',
      passphrase: 'frasa sandi kasi'
    })
    expect(approved?.detail?.approvals).toHaveLength(1)
    const after = await handlers.viewSavedPackage({ sha256: sha256(zip) })
    expect(after.detail).toMatchObject({ approvalMissing: false, approvals: [{ role: 'kasi', name: 'Kasi Kesra', nip: null }] })
    expect(approvalsIn(new Uint8Array(readFileSync(path))).approvals).toHaveLength(1)
  })

  it('approves with a key file made by cermat key --new, opened with its passphrase', async () => {
    const out = join(tmp, 'disetujui-berkas.zip')
    const { handlers } = host('file', out)
    const keyDir = mkdtempSync(join(tmp, 'kunci-'))
    const id = await (await new KeyStore(keyDir, null).unlock('frasa kunci berkas')).identity()
    const keyFile = { fileName: 'signing-key.json', bytes: new Uint8Array(readFileSync(join(keyDir, 'signing-key.json'))) }
    const shown = await handlers.viewPackage({ fileName: 'paket.zip', bytes: zip })
    const approved = await handlers.approvePackage({
      sha256: shown.sha256,
      role: 'camat',
      name: 'Drs. SUGENG',
      keyFile,
      passphrase: 'frasa kunci berkas'
    })
    expect(approved?.detail?.approvals).toMatchObject([{ keyId: id.keyId }])
    await expect(
      handlers.approvePackage({
        sha256: shown.sha256,
        role: 'camat',
        name: 'X',
        keyFile: { fileName: 'bukan.json', bytes: new Uint8Array([1]) }
      })
    ).rejects.toMatchObject({ code: 'KEY_UNAVAILABLE' })
  })
})
