/**
 * Package format 2 (docs/package-format.md): the change list reads back exactly as written, the
 * audit entries chain to the signed head and a changed or missing one is refused by name, and the
 * verifier, the viewer and the berita acara read format 1 and format 2 alike.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'

import { verifyEd25519 } from '../../../electron/engine-host/key-store'
import { type BeritaAcaraSettings, buildBeritaAcara } from '../../../shared/engine/outputs/berita-acara'
import {
  type AuditContent,
  auditContinues,
  checkAuditChain,
  decodeAuditV2,
  encodeAuditV2,
  segmentHead
} from '../../../shared/engine/package/audit-v2'
import { toBase64 } from '../../../shared/engine/package/base64'
import { CHANGE_COLUMNS, type ChangeRow } from '../../../shared/engine/package/change-row'
import type { Manifest } from '../../../shared/engine/package/format'
import { packageRows } from '../../../shared/engine/package/read'
import { asCarried, decodeChangesV2, type DesaRow, encodeChangesV2 } from '../../../shared/engine/package/rows-v2'
import { verifyPackage } from '../../../shared/engine/package/verify'
import { viewPackage } from '../../../shared/engine/package/view'
import { chain } from '../receiver/helpers/audit'
import { makeOffice, sha256, syntheticChanges } from '../receiver/helpers/office'

const deps = { sha256, verifyEd25519 }

function row(values: Partial<ChangeRow>): ChangeRow {
  return { ...(Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, ''])) as ChangeRow), ...values }
}

const person = {
  no_kk: '3404051212120001',
  nama: 'SITI AMINAH',
  jenis_kelamin: 'P',
  tempat_lahir: 'SLEMAN',
  tanggal_lahir: '1985-08-17',
  shdk: 'PASANGAN',
  alamat: 'JL. MAGELANG, KM 9 "BARAT"',
  rt: '001',
  rw: '002',
  dusun: 'SENDARI'
}
const decided = { keputusan: 'accept_village', diputuskan_oleh: 'Operator', waktu_keputusan: '2026-11-02T03:00:00.000Z' }

/** Rows with every value the codec has to keep apart from its markers and from formulas. */
const tricky: DesaRow[] = [
  {
    desa: 'SUMBERADI',
    row: row({
      jenis: 'UBAH',
      nik: '3404055708850002',
      ...person,
      kolom: 'nama',
      nilai_induk: 'SITI AMINA',
      nilai_desa: 'SITI AMINAH',
      file_sumber: 'musdes.xlsx',
      baris_sumber: '6',
      ...decided
    })
  },
  {
    desa: 'SUMBERADI',
    row: row({
      jenis: 'UBAH',
      nik: '3404055708850003',
      ...person,
      kolom: 'alamat',
      nilai_induk: '^',
      nilai_desa: '=HYPERLINK("x")',
      file_sumber: 'musdes.xlsx',
      baris_sumber: '7',
      ...decided
    })
  },
  {
    desa: 'SUMBERADI',
    row: row({
      jenis: 'BARU',
      nik: '3404055708850004',
      ...person,
      nama: "'+62 811",
      status: 'ANGGOTA_BARU',
      file_sumber: '^',
      baris_sumber: '~',
      ...decided
    })
  },
  {
    desa: 'SUMBERADI',
    row: row({
      jenis: 'HAPUS',
      nik: '3404050101500009',
      ...person,
      status: 'TIDAK_ADA_DI_DAFTAR_DESA',
      alasan: 'PINDAH',
      dasar: 'SPTJM',
      nomor_dasar: '12/SPTJM/2026',
      tanggal_dasar: '2026-10-30',
      ...decided
    })
  },
  {
    desa: 'TLOGOADI',
    row: row({
      jenis: 'STATUS',
      nik: '3404055708850005',
      ...person,
      no_kk: '',
      status: 'MENINGGAL',
      alasan: 'MENINGGAL',
      dasar: 'BA',
      nomor_dasar: '045/BA/XI/2026',
      tanggal_dasar: '2026-11-02',
      file_sumber: 'musdes-tlogoadi.xlsx',
      baris_sumber: '8',
      ...decided,
      diputuskan_oleh: ''
    })
  },
  // A kind this version does not know keeps the whole person: nothing is dropped by guess.
  {
    desa: 'TLOGOADI',
    row: row({ jenis: 'DITARIK', nik: '3404055708850006', ...person, file_sumber: 'musdes-tlogoadi.xlsx', baris_sumber: '9', ...decided })
  }
]

describe('perubahan.csv (format 2)', () => {
  it('reads back every row as written, the person whole only where the kind carries it', () => {
    const text = encodeChangesV2(tricky)
    const back = decodeChangesV2(text)
    expect(back).toEqual(tricky.map((r) => ({ desa: r.desa, row: asCarried(r.row) })))
    expect(back[2]!.row).toMatchObject({ ...person, nama: "'+62 811", file_sumber: '^', baris_sumber: '~' })
    expect(back[0]!.row).toMatchObject({ nama: 'SITI AMINAH', no_kk: person.no_kk, tanggal_lahir: '', alamat: '' })
    expect(back[5]!.row).toMatchObject({ ...person, jenis: 'DITARIK' })
    // Repeats and the next source row are markers; formulas never start a cell.
    const lines = text.split('\r\n')
    expect(lines[2]!.startsWith('^,UBAH,3404055708850003,^,')).toBe(true)
    expect(lines[2]).toContain(',"\'=HYPERLINK(""x"")",')
    expect(lines[2]).toContain(',~,')
    expect(lines.every((l) => !/(^|,)[=+@-]/.test(l))).toBe(true)
  })

  it('names the line of a marker with nothing above it', () => {
    const header = encodeChangesV2(tricky).split('\r\n')[0]
    expect(() => decodeChangesV2(`${header}\r\n^,UBAH,1\r\n`)).toThrow(/perubahan.csv baris 2 kolom desa/)
  })
})

describe('audit.csv (format 2)', () => {
  const rows = tricky.map((r) => r.row)
  const contents: AuditContent[] = [
    ['2026-11-01T01:00:00.000Z', 'Operator', 'import_village', null, null, null, null, '{"file":"musdes.xlsx"}'],
    [decided.waktu_keputusan, 'Operator', 'resolve_accept_village', 'v6', 'nama', 'SITI AMINA', 'SITI AMINAH', 'FIELD_MISMATCH'],
    [decided.waktu_keputusan, 'Operator', 'resolve_accept_village', 'v7', 'alamat', '^', '=HYPERLINK("x")', 'FIELD_MISMATCH'],
    [decided.waktu_keputusan, 'Operator', 'verify', 'v7', null, null, null, null],
    [
      decided.waktu_keputusan,
      'Operator',
      'resolve_accept_village',
      'm9',
      null,
      null,
      null,
      'MISSING_FROM_VILLAGE; PINDAH; SPTJM 12/SPTJM/2026 tanggal 2026-10-30'
    ],
    [
      decided.waktu_keputusan,
      '',
      'resolve_accept_village',
      'v8',
      null,
      null,
      null,
      'STATUS_CHANGE; MENINGGAL; BA 045/BA/XI/2026 tanggal 2026-11-02'
    ],
    ['2026-11-03T01:00:00.000Z', 'Operator', 'settings', null, 'kecamatan', '', 'Mlati', null]
  ]
  const segment = chain({ count: 10, sha256: 'a'.repeat(64) }, contents, sha256)
  const head = segmentHead(segment)

  it('restates decisions by the change they made and chains to the head', () => {
    const text = encodeAuditV2(segment.entries, rows)
    const decoded = decodeAuditV2(text, rows)
    expect(decoded.map((d) => d.content)).toEqual(contents)
    // Only the import and the settings entries are carried whole.
    expect(text.split('\r\n').filter((l) => l.includes('[')).length).toBe(2)
    expect(checkAuditChain(segment.from, decoded, head, sha256)).toEqual({ ok: true, hashes: segment.entries.map((e) => e.hash) })
  })

  it('names the first entry that was changed, removed or added, and a missing tail', () => {
    const decoded = decodeAuditV2(encodeAuditV2(segment.entries, rows), rows)
    const changed = decoded.map((d, i) => (i === 3 ? { ...d, content: [...d.content.slice(0, 7), 'lain'] as AuditContent } : d))
    expect(checkAuditChain(segment.from, changed, head, sha256)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^entri audit ke-1[45] /)
    })
    const removed = decoded.filter((_, i) => i !== 2)
    expect(checkAuditChain(segment.from, removed, head, sha256)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^entri audit ke-1[34] /)
    })
    expect(checkAuditChain(segment.from, decoded.slice(0, 5), head, sha256)).toMatchObject({
      ok: false,
      reason: 'entri audit hilang: paket membawa sampai entri ke-15, manifest menyebut 17 entri'
    })
  })

  it('lets a receiver see that the log runs on from the previous package', () => {
    const carried = { from: segment.from, hashes: segment.entries.map((e) => e.hash) }
    expect(auditContinues({ seq: 1, auditHead: segment.from }, carried)).toBeNull()
    expect(auditContinues({ seq: 1, auditHead: { count: 13, sha256: segment.entries[2]!.hash } }, carried)).toBeNull()
    expect(auditContinues({ seq: 1, auditHead: { count: 13, sha256: 'b'.repeat(64) } }, carried)).toMatch(
      /rantai audit tidak bersambung: entri audit ke-13/
    )
    expect(auditContinues({ seq: 1, auditHead: { count: 9, sha256: 'b'.repeat(64) } }, carried)).toMatch(
      /paket ke-1 berakhir di entri audit ke-9/
    )
    expect(auditContinues(null, carried)).toMatch(/paket pertama harus membawa log audit dari awal/)
    expect(auditContinues(null, null)).toBeNull()
  })
})

/** A package's manifest and files edited, then signed again by the office's own key (a dishonest or broken office). */
async function resigned(
  bytes: Uint8Array,
  signer: { sign(d: Uint8Array): Promise<Uint8Array> },
  edit: (files: Record<string, Uint8Array>) => void
) {
  const files = unzipSync(bytes)
  edit(files)
  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Manifest
  manifest.files = manifest.files.map((f) => ({ ...f, sha256: sha256(files[f.path]!), bytes: files[f.path]!.length }))
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 2) + '\n')
  const sig = await signer.sign(manifestBytes)
  return zipSync({ ...files, 'manifest.json': manifestBytes, 'manifest.sig': strToU8(toBase64(sig) + '\n') })
}

describe('both formats', () => {
  const desa = syntheticChanges(60, 5)
  const rowsOf = (zip: Uint8Array) => {
    const entries = unzipSync(zip)
    return packageRows(entries, JSON.parse(strFromU8(entries['manifest.json']!)) as Manifest)
  }

  it('verify, the viewer and the berita acara read format 1 and 2 to the same changes', async () => {
    const office = makeOffice('Mlati')
    const one = await office.build(1, null, 60, 5, desa, { format: 1 })
    const two = await office.build(1, null, 60, 5, desa, { format: 2 })
    expect(two.bytes.length).toBeLessThan(one.bytes.length)
    const v1 = verifyPackage(one.bytes, { ...deps, trustedPublicKey: office.publicKey })
    const v2 = verifyPackage(two.bytes, { ...deps, trustedPublicKey: office.publicKey })
    expect(v1).toMatchObject({ valid: true, trusted: true, manifest: { format: 'cermat-paket/1' }, audit: null })
    expect(v2).toMatchObject({ valid: true, trusted: true, manifest: { format: 'cermat-paket/2', auditFrom: { count: 0, sha256: '' } } })
    expect(v2.valid && v2.audit?.hashes.length).toBe(62)
    expect(rowsOf(two.bytes)).toEqual(rowsOf(one.bytes).map((r) => ({ ...r, row: asCarried(r.row) })))

    const viewed = [one, two].map((p) => viewPackage(p.bytes, 'paket.zip', deps))
    expect(viewed[0]!.valid && viewed[1]!.valid).toBe(true)
    expect(viewed[1]!.detail!.changes).toEqual(viewed[0]!.detail!.changes)
    expect(viewed[1]!.detail!.counts).toEqual(viewed[0]!.detail!.counts)
    expect(viewed[1]!.detail!.changes).toHaveLength(60)

    const settings: BeritaAcaraSettings = {
      id: office.workspaceId,
      kecamatan: 'Mlati',
      kabupaten: 'Sleman',
      signatories: [],
      letter: { kop: ['KECAMATAN MLATI'], alamat: '', numberPattern: '{nomor}/BA', place: 'Mlati' }
    }
    const [ba1, ba2] = [one, two].map((p) => buildBeritaAcara(p.bytes, 'paket.zip', settings, '2026-12-07', deps))
    expect(ba2!.changes).toEqual(ba1!.changes)
    expect(ba2!.counts).toEqual(ba1!.counts)
  })

  it('refuses a format 2 package signed over a changed or removed audit entry, naming it', async () => {
    const office = makeOffice('Mlati')
    const { bytes } = await office.next(30)
    const lines = strFromU8(unzipSync(bytes)['audit.csv']!).split('\r\n')
    const changed = await resigned(bytes, office.signer, (f) => {
      // Entry 5 claims another row id (its baris_id cell).
      const cells = lines[5]!.split(',')
      cells[4] = 'v999'
      f['audit.csv'] = strToU8(lines.map((l, n) => (n === 5 ? cells.join(',') : l)).join('\r\n'))
    })
    expect(verifyPackage(changed, deps)).toMatchObject({
      valid: false,
      code: 'AUDIT_BROKEN',
      reason: expect.stringMatching(/^entri audit ke-[45] \(resolve_accept_village, .*\) tidak cocok dengan rantai hash audit/)
    })
    const removed = await resigned(bytes, office.signer, (f) => {
      f['audit.csv'] = strToU8(lines.filter((_, i) => i !== 10).join('\r\n'))
    })
    expect(verifyPackage(removed, deps)).toMatchObject({
      valid: false,
      code: 'AUDIT_BROKEN',
      reason: expect.stringMatching(/^entri audit ke-(9|10|11) /)
    })
    // The viewer shows the verdict, not the changes.
    expect(viewPackage(removed, 'paket.zip', deps)).toMatchObject({ valid: false, code: 'AUDIT_BROKEN', detail: null })
  })

  it('refuses a format 2 package whose change list does not match its manifest', async () => {
    const office = makeOffice('Mlati')
    const { bytes } = await office.next(12)
    const dropped = await resigned(bytes, office.signer, (f) => {
      const lines = strFromU8(f['perubahan.csv']!).split('\r\n')
      f['perubahan.csv'] = strToU8(lines.slice(0, -2).join('\r\n') + '\r\n')
    })
    expect(verifyPackage(dropped, deps)).toMatchObject({
      valid: false,
      code: 'DAMAGED',
      reason: expect.stringContaining('jumlah perubahan di perubahan.csv (11)')
    })
  })
})
