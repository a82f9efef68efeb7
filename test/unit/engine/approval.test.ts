import { createHash, generateKeyPairSync, sign } from 'node:crypto'

import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey, verifyEd25519 } from '../../../electron/engine-host/key-store'
import { approvePackage } from '../../../shared/engine/package/approve'
import { buildPackage } from '../../../shared/engine/package/build'
import { CHANGE_COLUMNS, type ChangeRow } from '../../../shared/engine/package/changes'
import { verifyPackage } from '../../../shared/engine/package/verify'
import { viewPackage } from '../../../shared/engine/package/view'
import { appendZipEntries, zipWithoutTrailing } from '../../../shared/engine/package/zip-append'
import type { Signer } from '../../../shared/engine/ports'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')
const deps = { sha256, verifyEd25519 }

function testSigner(): Signer & { publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { ...identity, identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

function change(nik: string): ChangeRow {
  const row = Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, ''])) as ChangeRow
  return { ...row, jenis: 'UBAH', nik, nama: 'SITI AMINAH', kolom: 'nama', nilai_induk: 'SITI AMINA', nilai_desa: 'SITI AMINAH' }
}

async function pkg(operator: Signer, opts: { approvalRequired?: boolean; seq?: number } = {}) {
  return buildPackage(
    {
      createdAt: '2026-12-06T10:00:00.000Z',
      appVersion: 'test',
      workspace: { id: 'ws1', name: 'Mlati' },
      kecamatan: 'Mlati',
      operator: 'Budi',
      seq: opts.seq ?? 1,
      previousPackageSha256: null,
      master: null,
      auditHead: { count: 3, hash: 'ab'.repeat(32) },
      desa: [{ desa: 'SUMBERADI', rows: [change('3404055708850002'), change('3404055708850003')], openFindings: 0, sources: [] }],
      ...(opts.approvalRequired ? { approvalRequired: true } : {})
    },
    operator,
    sha256
  )
}

const camat = { role: 'camat' as const, name: 'Drs. SUGENG', nip: '196805121990031004', approvedAt: '2026-12-07T08:00:00.000Z' }

describe('zip append', () => {
  it('adds entries after the old ones and takes them off again byte for byte', () => {
    const mtime = new Date(Date.UTC(2020, 0, 1))
    const base = zipSync({ 'a.txt': [strToU8('satu'), { mtime }], 'b/c.txt': [strToU8('dua'.repeat(100)), { mtime }] }, { level: 9 })
    const once = appendZipEntries(base, { 'x/1.json': strToU8('{"n":1}') })
    const twice = appendZipEntries(once, { 'x/2.json': strToU8('{"n":2}'), 'x/2.sig': strToU8('sig') })
    expect(Object.keys(unzipSync(twice))).toEqual(['a.txt', 'b/c.txt', 'x/1.json', 'x/2.json', 'x/2.sig'])
    expect(new TextDecoder().decode(unzipSync(twice)['x/2.json'])).toBe('{"n":2}')
    expect(sha256(zipWithoutTrailing(twice, (n) => n.startsWith('x/'))!)).toBe(sha256(base))
    expect(zipWithoutTrailing(base, (n) => n.startsWith('x/'))).toBe(base)
    // Entries picked out that are not all at the end: not made by appending.
    expect(zipWithoutTrailing(twice, (n) => n === 'a.txt')).toBeNull()
  })
})

describe('package approval', () => {
  it('adds a camat approval without touching the manifest, and verify names who approved and when', async () => {
    const operator = testSigner()
    const built = await pkg(operator)
    const key = testSigner()
    const r = await approvePackage(built.bytes, key, camat, deps)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const files = unzipSync(r.bytes)
    expect(Object.keys(files)).toEqual([
      'manifest.json',
      'manifest.sig',
      'perubahan.csv',
      'audit.csv',
      'persetujuan/1.json',
      'persetujuan/1.sig'
    ])
    expect(sha256(files['manifest.json']!)).toBe(sha256(unzipSync(built.bytes)['manifest.json']!))
    const v = verifyPackage(r.bytes, deps)
    expect(v).toMatchObject({
      valid: true,
      keyId: operator.keyId,
      packageSha256: sha256(built.bytes),
      approvals: [
        {
          n: 1,
          role: 'camat',
          name: 'Drs. SUGENG',
          nip: '196805121990031004',
          approvedAt: camat.approvedAt,
          keyId: key.keyId,
          trusted: null
        }
      ]
    })
    // A second approval (the kasi, another PC) keeps the first and the package's identity.
    const kasi = testSigner()
    const r2 = await approvePackage(r.bytes, kasi, { role: 'kasi', name: 'SRI W.', approvedAt: '2026-12-07T09:00:00.000Z' }, deps)
    if (!r2.ok) throw new Error(r2.reason)
    const v2 = verifyPackage(r2.bytes, { ...deps, trustedApprovers: [{ publicKey: key.publicKey }] })
    expect(v2).toMatchObject({ valid: true, packageSha256: sha256(built.bytes) })
    if (!v2.valid) return
    expect(v2.approvals.map((a) => [a.role, a.keyId, a.trusted])).toEqual([
      ['camat', key.keyId, true],
      ['kasi', kasi.keyId, false]
    ])
  })

  it('refuses an approval over other bytes, moved from another package, or altered', async () => {
    const operator = testSigner()
    const key = testSigner()
    const a = await pkg(operator)
    const b = await pkg(operator, { seq: 2 })
    const approvedB = await approvePackage(b.bytes, key, camat, deps)
    if (!approvedB.ok) throw new Error(approvedB.reason)
    const fromB = unzipSync(approvedB.bytes)
    // B's approval carried over onto A: it names B's manifest.
    const moved = appendZipEntries(a.bytes, {
      'persetujuan/1.json': fromB['persetujuan/1.json']!,
      'persetujuan/1.sig': fromB['persetujuan/1.sig']!
    })
    expect(verifyPackage(moved, deps)).toMatchObject({ valid: false, code: 'FORGED', reason: expect.stringContaining('manifest lain') })
    // The statement edited (another name): its signature fails.
    const edited = new TextEncoder().encode(new TextDecoder().decode(fromB['persetujuan/1.json']!).replace('Drs. SUGENG', 'Drs. SUGENK'))
    const forged = appendZipEntries(b.bytes, { 'persetujuan/1.json': edited, 'persetujuan/1.sig': fromB['persetujuan/1.sig']! })
    expect(verifyPackage(forged, deps)).toMatchObject({ valid: false, code: 'FORGED', reason: expect.stringContaining('tidak cocok') })
    // A signature missing, or an approval numbered 2 without 1.
    expect(verifyPackage(appendZipEntries(b.bytes, { 'persetujuan/1.json': fromB['persetujuan/1.json']! }), deps)).toMatchObject({
      valid: false,
      code: 'DAMAGED'
    })
    const renumbered = appendZipEntries(b.bytes, {
      'persetujuan/2.json': fromB['persetujuan/1.json']!,
      'persetujuan/2.sig': fromB['persetujuan/1.sig']!
    })
    expect(verifyPackage(renumbered, deps)).toMatchObject({ valid: false, code: 'DAMAGED' })
  })

  it('refuses the operator key, the same approver twice, and a package that does not verify', async () => {
    const operator = testSigner()
    const built = await pkg(operator)
    expect(await approvePackage(built.bytes, operator, camat, deps)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('kunci operator')
    })
    const key = testSigner()
    const once = await approvePackage(built.bytes, key, camat, deps)
    if (!once.ok) throw new Error(once.reason)
    expect(await approvePackage(once.bytes, key, camat, deps)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('sudah disetujui')
    })
    const files = unzipSync(built.bytes)
    const broken = zipSync({ ...files, 'perubahan/sumberadi.csv': strToU8('jenis\r\n') })
    expect(await approvePackage(broken, key, camat, deps)).toMatchObject({ ok: false, reason: expect.stringContaining('paket tidak sah') })
    expect(await approvePackage(built.bytes, key, { ...camat, name: '  ' }, deps)).toMatchObject({ ok: false })
  })

  it('says a package built under the approval rule is missing its approval until one is added', async () => {
    const operator = testSigner()
    const plain = await pkg(operator)
    expect(verifyPackage(plain.bytes, deps)).toMatchObject({ valid: true, approvalMissing: false })
    expect(new TextDecoder().decode(unzipSync(plain.bytes)['manifest.json'])).not.toContain('approvalRequired')
    const ruled = await pkg(operator, { approvalRequired: true })
    expect(verifyPackage(ruled.bytes, deps)).toMatchObject({ valid: true, approvalMissing: true })
    const key = testSigner()
    const approved = await approvePackage(ruled.bytes, key, camat, deps)
    if (!approved.ok) throw new Error(approved.reason)
    expect(verifyPackage(approved.bytes, deps)).toMatchObject({ valid: true, approvalMissing: false })
    // The package viewer shows the same: who approved, and whether the rule still waits.
    expect(viewPackage(ruled.bytes, 'paket.zip', deps).detail).toMatchObject({ approvals: [], approvalMissing: true })
    expect(viewPackage(approved.bytes, 'paket.zip', deps).detail).toMatchObject({
      approvals: [{ role: 'camat', name: 'Drs. SUGENG', nip: '196805121990031004', keyId: key.keyId, trusted: null }],
      approvalMissing: false
    })
    // With a registry of approvers, an unregistered key's approval does not count.
    expect(verifyPackage(approved.bytes, { ...deps, trustedApprovers: [{ publicKey: testSigner().publicKey }] })).toMatchObject({
      valid: true,
      approvalMissing: true
    })
  })
})
