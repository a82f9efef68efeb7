import { spawnSync } from 'node:child_process'
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey, verifyEd25519 } from '../../../electron/engine-host/key-store'
import { type BeritaAcara, buildBeritaAcara, indonesianDate } from '../../../shared/engine/outputs/berita-acara'
import { beritaAcaraPdf } from '../../../shared/engine/outputs/berita-acara-pdf'
import type { Signer } from '../../../shared/engine/ports'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')
const deps = { sha256, verifyEd25519 }
const tmp = mkdtempSync(join(tmpdir(), 'cermat-ba-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function testSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

/** A workspace with one decision of each kind (UBAH, STATUS with a BA, BARU, HAPUS with an SPTJM), exported. */
async function exported() {
  const { engine } = await openEngine()
  await engine.updateSettings({
    kecamatan: 'Mlati',
    kabupaten: 'Sleman',
    letter: {
      kop: ['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'],
      alamat: 'Jl. Magelang Km 9, Sleman 55285',
      numberPattern: '400.9/{nomor}/BA/{bulan}/{tahun}',
      place: 'Mlati'
    },
    signatories: [
      { role: 'prepared', title: 'Operator SIKS-NG', name: 'Budi Santoso', nip: '' },
      { role: 'checked', title: 'TKSK Kecamatan Mlati', name: 'Sri Lestari' },
      { role: 'approved', title: 'Camat Mlati', name: 'Drs. Hadi Wibowo', nip: '197001012000031005' }
    ]
  })
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
    basis: { reason: 'PINDAH', kind: 'SPTJM', number: '12/SPTJM/2026', date: '2026-10-30' }
  })
  const zip = await exportZip(engine)
  return { zip, info: await engine.info(), engine }
}

const signer = testSigner()

async function exportZip(engine: Awaited<ReturnType<typeof openEngine>>['engine']): Promise<Uint8Array> {
  let zip: Uint8Array = new Uint8Array()
  await engine.exportPackage(['SUMBERADI'], signer, async (bytes, name) => {
    zip = bytes
    return { fileName: name, location: `/tmp/${name}` }
  })
  return zip
}

function pdfText(pdf: Uint8Array, name: string): string {
  const file = join(tmp, name)
  writeFileSync(file, pdf)
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout
}

describe('berita acara of a package', () => {
  it('lays out the package: number, hash, counts by kind, every change with its basis, signatories with NIP', async () => {
    const { zip, info } = await exported()
    const ba = buildBeritaAcara(zip, 'paket-mlati-1.zip', info, '2026-12-07', deps)
    expect(ba.number).toBe('400.9/1/BA/XII/2026')
    expect(ba.dateText).toBe('Senin, 7 Desember 2026')
    expect(ba.package).toMatchObject({ seq: 1, sha256: sha256(zip), previousSha256: null, fileName: 'paket-mlati-1.zip' })
    expect(ba.counts).toMatchObject({ UBAH: 1, STATUS: 1, BARU: 1, HAPUS: 1, total: 4 })
    expect(ba.changes.map((c) => c.jenis)).toEqual(['UBAH', 'STATUS', 'BARU', 'HAPUS'])
    expect(ba.changes[0]).toMatchObject({
      nik: '3404055708850002',
      what: 'Nama: SITI AMINAH menjadi SITI AMINA',
      basis: 'musdes.xlsx baris 6'
    })
    expect(ba.changes[1]!.basis).toBe('BA musdes/muskel 045/BA/XI/2026 tgl. 2 November 2026')
    expect(ba.changes[1]!.what).toContain('meninggal')
    expect(ba.changes[3]).toMatchObject({ nik: '3404050101500009', basis: 'SPTJM 12/SPTJM/2026 tgl. 30 Oktober 2026' })
    expect(ba.changes[3]!.what).toContain('pindah dalam negeri')
    expect(ba.kop).toEqual(['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'])
  })

  it('writes a PDF whose text holds the package hash, every NIK, the number and each NIP', async () => {
    const { zip, info } = await exported()
    const ba = buildBeritaAcara(zip, 'paket-mlati-1.zip', info, '2026-12-07', deps)
    const pdf = await beritaAcaraPdf(ba)
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-')
    const text = pdfText(pdf, 'ba.pdf')
    expect(text).toContain(sha256(zip))
    for (const c of ba.changes) expect(text).toContain(c.nik)
    expect(text).toContain('Nomor: 400.9/1/BA/XII/2026')
    expect(text).toContain('KECAMATAN MLATI')
    expect(text).toContain('NIP. 197001012000031005')
    expect(text).toContain('Drs. Hadi Wibowo')
    expect(text).toContain('Mlati, 7 Desember 2026')
    // The same berita acara gives the same bytes: nothing of the clock is inside.
    expect(sha256(await beritaAcaraPdf(ba))).toBe(sha256(pdf))
  })

  it('lists a withdrawal (BATAL) of a change an earlier package sent, naming that package', async () => {
    const { engine } = await exported()
    // The SPTJM removal, the newest decision, undone after package 1.
    await engine.undo('undo')
    const zip = await exportZip(engine)
    const ba = buildBeritaAcara(zip, 'paket-mlati-2.zip', await engine.info(), '2026-12-08', deps)
    expect(ba.counts).toMatchObject({ BATAL: 1, HAPUS: 0, total: 1 })
    expect(ba.changes).toEqual([
      {
        desa: 'SUMBERADI',
        jenis: 'BATAL',
        nik: '3404050101500009',
        nama: 'MBAH KARSO',
        what: 'Dibatalkan: HAPUS dari paket 1',
        basis: 'paket 1'
      }
    ])
    const text = pdfText(await beritaAcaraPdf(ba), 'ba-batal.pdf')
    expect(text).toMatch(/BATAL +Pembatalan perubahan yang dikirim dalam paket sebelumnya +1/)
    expect(text).toMatch(/3404050101500009 MBAH KARSO +BATAL +Dibatalkan: HAPUS dari/)
  })

  it('refuses a package that fails verification, and one made in another workspace', async () => {
    const { zip, info } = await exported()
    const files = unzipSync(zip)
    const csv = Object.keys(files).find((n) => n.endsWith('.csv'))!
    const tampered = zipSync({ ...files, [csv]: strToU8(new TextDecoder().decode(files[csv]).replace(',UBAH,', ',HAPUS,')) })
    expect(() => buildBeritaAcara(tampered, 'x.zip', info, '2026-12-07', deps)).toThrow(/Paket tidak sah: .*perubahan\.csv berubah/)
    expect(() => buildBeritaAcara(zip, 'x.zip', { ...info, id: 'lain' }, '2026-12-07', deps)).toThrow(/ruang kerja lain/)
  })
})

describe('berita acara PDF layout', () => {
  const base = (changes: BeritaAcara['changes']): BeritaAcara => ({
    kop: ['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'],
    alamat: '',
    number: '7/BA/XII/2026',
    kecamatan: 'Mlati',
    kabupaten: 'Sleman',
    place: 'Mlati',
    date: '2026-12-07',
    dateText: indonesianDate('2026-12-07'),
    package: {
      fileName: 'p.zip',
      seq: 7,
      sha256: 'ab'.repeat(32),
      createdAt: '2026-12-07T09:00:00+07:00',
      operator: 'Budi',
      keyId: '0123456789abcdef',
      previousSha256: 'cd'.repeat(32)
    },
    counts: { UBAH: changes.length, BARU: 0, STATUS: 0, HAPUS: 0, BATAL: 0, total: changes.length, openFindings: 0 },
    desa: [{ desa: 'SUMBERADI', changes: changes.length, openFindings: 0 }],
    changes,
    signatories: [{ role: 'approved', title: 'Camat Mlati', name: 'Hadi', nip: '197001012000031005' }]
  })

  it('continues a long list on new pages with the header repeated, each NIK unbroken', async () => {
    const changes = Array.from({ length: 300 }, (_, i) => ({
      desa: 'SUMBERADI',
      jenis: 'UBAH' as const,
      nik: `340405${String(i).padStart(10, '0')}`,
      nama: `WARGA DENGAN NAMA YANG CUKUP PANJANG NOMOR ${i}`,
      what: 'Alamat: DUSUN KRAJAN RT 01 RW 02 menjadi DUSUN NGEMPLAK RT 03 RW 04',
      basis: 'musdes-sumberadi-2026-11-hasil-akhir.xlsx baris 12'
    }))
    const text = pdfText(await beritaAcaraPdf(base(changes)), 'long.pdf')
    const pages = text.split('\f').filter((p) => p.trim() !== '')
    expect(pages.length).toBeGreaterThan(5)
    for (const c of changes) expect(text).toMatch(new RegExp(`\\b${c.nik}\\b`))
    // Every page after the first that continues the list starts it with the column titles.
    for (const page of pages.slice(1, -1)) expect(page).toMatch(/No\.\s+Desa\s+NIK\s+Nama\s+Jenis\s+Perubahan\s+Dasar/)
    expect(pages[0]).toContain(`halaman 1 dari ${pages.length}`)
  })

  it('replaces a letter the standard fonts cannot write with ? and says so', async () => {
    const ba = base([
      {
        desa: 'SUMBERADI',
        jenis: 'BARU',
        nik: '3404051234560001',
        nama: 'NGUYỄN THỊ',
        what: 'Usulan anggota baru',
        basis: 'x.xlsx baris 2'
      }
    ])
    const text = pdfText(await beritaAcaraPdf(ba), 'odd.pdf')
    expect(text).toContain('NGUY?N TH?')
    expect(text).toContain('Catatan: 2 huruf tidak dapat ditulis')
  })
})
