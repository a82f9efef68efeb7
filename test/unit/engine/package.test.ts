import { createHash, generateKeyPairSync, sign } from 'node:crypto'

import { strFromU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey, verifyEd25519 } from '../../../electron/engine-host/key-store'
import type { Command } from '../../../shared/engine/commands/types'
import { verifyPackage } from '../../../shared/engine/package/verify'
import type { Signer } from '../../../shared/engine/ports'
import { openEngine } from '../helpers/engine'
import { packageCsv } from '../helpers/package-csv'
import { masterFile, sumberadiFile } from '../helpers/sheets'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')

function testSigner(): Signer & { publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { publicKey: identity.publicKey, identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

async function exportedPackage() {
  const { engine } = await openEngine()
  await engine.updateSettings({ kecamatan: 'Mlati' })
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const rows = await engine.rows()
  const byNo = (n: number) => rows.find((r) => r.rowNo === n)!
  await engine.resolveFinding({ findingKey: byNo(6).findings[0]!.key, action: 'accept_village' })
  await engine.resolveFinding({
    findingKey: byNo(7).findings[0]!.key,
    action: 'accept_village',
    basis: { reason: 'MENINGGAL', kind: 'BA', number: '045/BA/XI/2026', date: '2026-11-02' }
  })
  const dup = byNo(10).findings.find((f) => f.code === 'DUPLICATE_NIK_IN_FILE')!
  await engine.resolveFinding({ findingKey: dup.key, action: 'exclude_row' })
  await engine.markVerified({ rowId: byNo(9).id })
  const missing = rows.find((r) => r.kind === 'master_only')!
  await engine.resolveFinding({
    findingKey: missing.findings[0]!.key,
    action: 'accept_village',
    basis: { reason: 'PINDAH', kind: 'SPTJM', number: ' 12/SPTJM/2026 ', date: '2026-10-30' }
  })
  const signer = testSigner()
  let saved: Uint8Array<ArrayBufferLike> = new Uint8Array()
  const result = await engine.exportPackage(['SUMBERADI'], signer, async (bytes, name) => {
    saved = bytes
    return { fileName: name, location: `/tmp/${name}` }
  })
  return { engine, result, bytes: saved, signer }
}

const deps = { sha256, verifyEd25519 }

describe('signed package', () => {
  it('carries the resolved changes of the desa as CSV with text NIKs, and verifies', async () => {
    const { bytes, result, signer, engine } = await exportedPackage()
    expect(result.changes).toBe(4)
    const verified = verifyPackage(bytes, { ...deps, trustedPublicKey: signer.publicKey })
    expect(verified).toMatchObject({ valid: true, trusted: true })
    const files = unzipSync(bytes)
    expect(Object.keys(files).sort()).toEqual(['audit.csv', 'manifest.json', 'manifest.sig', 'perubahan.csv'])
    expect(strFromU8(files['perubahan.csv']!).split('\r\n')[0]).toBe(
      'desa,jenis,nik,no_kk,nama,kolom,nilai_induk,nilai_desa,status,alasan,dasar,nomor_dasar,tanggal_dasar,koreksi_paket,file_sumber,baris_sumber,keputusan,diputuskan_oleh,waktu_keputusan,jenis_kelamin,tempat_lahir,tanggal_lahir,shdk,alamat,rt,rw,dusun'
    )
    // Read back through the shared reader, the rows are format 1's columns.
    const csv = packageCsv(bytes).split('\r\n')
    expect(csv[0]).toBe(
      'jenis,nik,no_kk,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,shdk,alamat,rt,rw,dusun,kolom,nilai_induk,nilai_desa,status,file_sumber,baris_sumber,keputusan,diputuskan_oleh,waktu_keputusan,alasan,dasar,nomor_dasar,tanggal_dasar,koreksi_paket'
    )
    const body = csv.slice(1).filter(Boolean)
    expect(body.map((l) => l.split(',')[0])).toEqual(['"UBAH"', '"STATUS"', '"BARU"', '"HAPUS"'])
    expect(body[0]).toContain('"3404055708850002"')
    expect(body[0]).toContain('"nama","SITI AMINAH","SITI AMINA"')
    // Removals carry their reason and basis; other changes leave those columns empty.
    expect(body[0]!.endsWith(',"","","","",""')).toBe(true)
    expect(body[1]).toContain('"MENINGGAL"')
    expect(body[1]!.endsWith(',"MENINGGAL","BA","045/BA/XI/2026","2026-11-02",""')).toBe(true)
    expect(body[2]!.endsWith(',"","","","",""')).toBe(true)
    expect(body[3]).toContain('"3404050101500009"')
    expect(body[3]!.endsWith(',"PINDAH","SPTJM","12/SPTJM/2026","2026-10-30",""')).toBe(true)
    const manifest = JSON.parse(strFromU8(files['manifest.json']!))
    expect(manifest).toMatchObject({
      format: 'cermat-paket/2',
      kecamatan: 'Mlati',
      seq: 1,
      previousPackageSha256: null,
      master: { file: 'master.xlsx', rows: 5 },
      counts: { changes: 4, byType: { UBAH: 1, STATUS: 1, BARU: 1, HAPUS: 1 } },
      signer: { algorithm: 'Ed25519', publicKey: signer.publicKey }
    })
    expect(manifest.files[0]).toMatchObject({ path: 'perubahan.csv', sha256: sha256(files['perubahan.csv']!), rows: 4 })
    // The first package carries the whole audit log, ending at the head it signs.
    const log = await engine.audit(undefined, 1000)
    expect(manifest.auditFrom).toEqual({ count: 0, sha256: '' })
    // The newest entry records this export, after the package was signed.
    expect(log[0]!.action).toBe('export')
    expect(manifest.auditHead.count).toBe(log.length - 1)
    expect(manifest.files[1]).toMatchObject({ path: 'audit.csv', rows: log.length - 1 })
    expect(verified.valid && verified.audit?.hashes.at(-1)).toBe(manifest.auditHead.sha256)
  })

  it('numbers packages and chains each to the previous one', async () => {
    const { engine, result } = await exportedPackage()
    let second: Uint8Array<ArrayBufferLike> = new Uint8Array()
    // Nothing new since package 1: only re-sending everything makes a second package.
    await engine.exportPackage(
      ['SUMBERADI'],
      testSigner(),
      async (b, name) => {
        second = b
        return { fileName: name, location: name }
      },
      { all: true }
    )
    const manifest = JSON.parse(strFromU8(unzipSync(second)['manifest.json']!))
    expect(manifest.seq).toBe(2)
    expect(manifest.previousPackageSha256).toBe(result.sha256)
  })

  it('is rejected after any one byte of any file in it changes', async () => {
    const { bytes } = await exportedPackage()
    const files = unzipSync(bytes)
    let checked = 0
    for (const [name, data] of Object.entries(files)) {
      // Every position of small files; at least 400 spread positions of larger ones.
      const step = Math.max(1, Math.floor(data.length / 400))
      for (let pos = 0; pos < data.length; pos += step) {
        for (const delta of [0x01, 0x80]) {
          const changed = { ...files, [name]: data.slice() }
          changed[name]![pos] = changed[name]![pos]! ^ delta
          const result = verifyPackage(zipSync(changed), deps)
          expect(result.valid, `${name}[${pos}] ^ ${delta}`).toBe(false)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(1000)
  })

  it('a changed byte of the zip itself is either rejected or changed nothing that is read', async () => {
    const { bytes } = await exportedPackage()
    const original = unzipSync(bytes)
    for (let pos = 0; pos < bytes.length; pos += 3) {
      const changed = bytes.slice()
      changed[pos] = changed[pos]! ^ 0x20
      const result = verifyPackage(changed, deps)
      if (result.valid) {
        const files = unzipSync(changed)
        expect(Object.keys(files).sort()).toEqual(Object.keys(original).sort())
        for (const [k, v] of Object.entries(files)) expect(sha256(v), `${k} after zip byte ${pos}`).toBe(sha256(original[k]!))
      }
    }
  })

  it('rejects added, removed and unsafe entries, another key, and a swapped signature', async () => {
    const { bytes } = await exportedPackage()
    const files = unzipSync(bytes)
    expect(verifyPackage(zipSync({ ...files, 'tambahan.csv': new Uint8Array([1]) }), deps)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('tidak tercantum')
    })
    const withoutCsv = { ...files }
    delete withoutCsv['perubahan.csv']
    expect(verifyPackage(zipSync(withoutCsv), deps)).toMatchObject({ valid: false, reason: expect.stringContaining('hilang') })
    expect(verifyPackage(zipSync({ ...files, '../evil.txt': new Uint8Array([1]) }), deps)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('tidak aman')
    })
    expect(verifyPackage(bytes, { ...deps, trustedPublicKey: testSigner().publicKey })).toMatchObject({
      valid: false,
      reason: expect.stringContaining('kunci lain')
    })
    const other = await exportedPackage()
    const swapped = zipSync({ ...files, 'manifest.sig': unzipSync(other.bytes)['manifest.sig']! })
    expect(verifyPackage(swapped, deps).valid).toBe(false)
    expect(verifyPackage(new Uint8Array([1, 2, 3]), deps).valid).toBe(false)
  })

  it('exports removals decided before bases were recorded with empty basis columns, and counts them', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const rows = await engine.rows()
    const status = rows.find((r) => r.rowNo === 7)!.findings[0]!
    const missing = rows.find((r) => r.kind === 'master_only')!.findings[0]!
    // As a journal written before bases existed replays them: commands without one, applied as they are.
    const execute = (engine as unknown as { execute(cmd: Command, taskId: null): Promise<unknown> }).execute.bind(engine)
    await execute({ type: 'resolveFinding', key: status.key, action: 'accept_village' }, null)
    await execute({ type: 'resolveFinding', key: missing.key, action: 'accept_village' }, null)
    expect((await engine.previewExport()).desa).toEqual([
      {
        desa: 'SUMBERADI',
        changes: 2,
        open: expect.any(Number),
        missingBasis: 2,
        held: 0,
        sent: 0,
        received: 0,
        corrections: 0,
        withdrawn: 0
      }
    ])

    let bytes: Uint8Array<ArrayBufferLike> = new Uint8Array()
    await engine.exportPackage(['SUMBERADI'], testSigner(), async (b, name) => {
      bytes = b
      return { fileName: name, location: name }
    })
    const body = packageCsv(bytes).split('\r\n').slice(1).filter(Boolean)
    expect(body.map((l) => l.split(',')[0])).toEqual(['"STATUS"', '"HAPUS"'])
    for (const line of body) expect(line.endsWith(',"","","","",""')).toBe(true)

    // Accepting again with the basis completes the decision, one by one or as a selection.
    await engine.resolveFinding({
      findingKey: status.key,
      action: 'accept_village',
      basis: { reason: 'MENINGGAL', kind: 'BA', number: '1/BA/2026', date: '2026-11-01' }
    })
    // The basis added is a correction of package 1; the removal still without one is not sent again.
    expect((await engine.previewExport()).desa[0]).toMatchObject({ changes: 1, missingBasis: 1, sent: 1, corrections: 1 })
    const accepted = async () => (await engine.audit(undefined, 1000)).filter((a) => a.action === 'resolve_accept_village').length
    const before = await accepted()
    await engine.resolveMany({
      findingKeys: [status.key, missing.key],
      action: 'accept_village',
      basis: { reason: 'PINDAH', kind: 'SPTJM', number: '2/SPTJM/2026', date: '2026-11-01' }
    })
    expect((await engine.previewExport()).desa[0]).toMatchObject({ changes: 2, missingBasis: 0, corrections: 2 })
    // The one that had its basis already was passed over.
    expect(await accepted()).toBe(before + 1)
    expect((await engine.audit(undefined, 1))[0]).toMatchObject({
      action: 'resolve_accept_village',
      rowId: rows.find((r) => r.kind === 'master_only')!.id
    })
  })

  it('refuses to build an empty package', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    await expect(engine.exportPackage(['SUMBERADI'], testSigner(), async () => ({ fileName: 'x', location: 'x' }))).rejects.toMatchObject({
      code: 'NOTHING_TO_EXPORT'
    })
  })
})
