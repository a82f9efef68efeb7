/**
 * A month run headless through the built `cermat` CLI, as CI and a kecamatan's script run it:
 * import the master and the desa files → settings → decisions (one at a time and from a CSV) →
 * a renewed master (the same people, re-sorted) → export → verify, on the bundled demo set.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { unzipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

import { readDecisionsCsv } from '../../../electron/cli/decisions-csv'
import { parseSignatory } from '../../../electron/cli/settings'
import { masterImportText, withWorkspace } from '../../../electron/cli/workspace-commands'
import type { ImportResult, SourceInfo } from '../../../shared/api/types'
import type { Manifest } from '../../../shared/engine/package/format'
import { packageRows } from '../../../shared/engine/package/read'
import { t } from '../../../shared/i18n'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const villages = readdirSync(join(DEMO, 'desa'))
  .sort()
  .map((f) => join(DEMO, 'desa', f))
const tmp = mkdtempSync(join(tmpdir(), 'cermat-month-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const ws = join(tmp, 'ws')
const env = { CERMAT_HOME: join(tmp, 'home'), CERMAT_PASSPHRASE: 'frasa sandi bulan ini' }

/** What the CLI printed at the steps whose counts the app must show too. */
const printed = { renewal: '', decided: '', exported: '' }

function cermat(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

// A basis dated a few days back: the engine refuses a berita acara dated after today.
const basisDate = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)

/** The master's people in reverse order: the next DTSEN cut lists the same people, sorted otherwise. */
function resortedMaster(path: string): void {
  const wb = XLSX.read(readFileSync(join(DEMO, 'master-dtsen.xlsx')))
  const name = wb.SheetNames[0]!
  const [header, ...rows] = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[name]!, { header: 1, raw: false })
  const out = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(out, XLSX.utils.aoa_to_sheet([header!, ...rows.reverse()]), name)
  writeFileSync(path, XLSX.write(out, { type: 'buffer', bookType: 'xlsx' }) as Buffer)
}

/** The changes of a package (either format) as records, by column name. */
function packageChanges(zip: string): Record<string, string>[] {
  const files = unzipSync(new Uint8Array(readFileSync(zip)))
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest
  return packageRows(files, manifest).map((c) => ({ ...c.row }))
}

describe('a headless month through the cermat CLI', () => {
  it('imports the master and the desa files', () => {
    const r = cermat('import', '--workspace', ws, '--master', join(DEMO, 'master-dtsen.xlsx'), ...villages)
    expect(r.code, r.out + r.err).toBe(0)
    expect(r.out).toContain('Data induk master-dtsen.xlsx: 480 orang')
    expect(r.out).toMatch(/musdes-sumberadi-2026-11\.xlsx: desa SUMBERADI, 160 baris/)
    expect(r.out).toMatch(/Temuan terbuka: \d+, terselesaikan: 0/)
  })

  it('sets and prints the kecamatan, operator and a signatory; refuses what a signatory does not have', () => {
    const r = cermat(
      'settings',
      '--workspace',
      ws,
      '--kecamatan',
      'Mlati',
      '--kabupaten',
      'Sleman',
      '--operator',
      'Rina Operator',
      '--signatory',
      'role=approved;title=Camat Mlati;name=Drs. SUGENG'
    )
    expect(r.code, r.out + r.err).toBe(0)
    expect(r.out).toContain('Pengaturan disimpan.')
    const shown = cermat('settings', '--workspace', ws)
    expect(shown.code).toBe(0)
    expect(shown.out).toContain('Nama kecamatan: Mlati')
    expect(shown.out).toContain('Kabupaten/kota: Sleman')
    expect(shown.out).toContain('Nama operator: Rina Operator')
    expect(shown.out).toContain('Disetujui oleh (approved): Camat Mlati — Drs. SUGENG')
    // The other signatories keep their defaults.
    expect(shown.out).toContain('Dibuat oleh (prepared): Operator SIKS-NG Kecamatan')
    const bad = cermat('settings', '--workspace', ws, '--signatory', 'role=approved;jabatan=Camat')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('kunci "jabatan" tidak dikenal')
    // A mistyped folder is said to hold no workspace; none is created there.
    const typo = cermat('settings', '--workspace', join(tmp, 'wss'), '--kecamatan', 'Mlati')
    expect(typo.code).toBe(2)
    expect(typo.err).toContain('Ruang kerja tidak ditemukan')
    expect(existsSync(join(tmp, 'wss'))).toBe(false)
  })

  it('records a decision on one person by NIK', () => {
    const accept = cermat('decide', '--workspace', ws, '--nik', '3401175509470001', '--action', 'accept')
    expect(accept.code, accept.out + accept.err).toBe(0)
    expect(accept.out).toContain('ok — SITI SOFIAH (NIK 3401175509470001), musdes-sumberadi-2026-11.xlsx baris 53, desa SUMBERADI')
    expect(accept.out).toContain('Tempat lahir berbeda')
  })

  it('refuses (exit 1) what it would have to guess, listing the choices', () => {
    // Three open findings accept applies to: nothing is decided, each is offered.
    const several = cermat('decide', '--workspace', ws, '--nik', '3404061306050001', '--action', 'accept')
    expect(several.code).toBe(1)
    expect(several.out).toContain('punya 3 temuan terbuka yang dapat "accept"; Cermat tidak menebak')
    expect(several.out).toContain('--field FIELD_MISMATCH')
    expect(several.out).toContain('--field NIK_BIRTHDATE_MISMATCH')

    // The same NIK in two desa: both rows are offered by file and row.
    const twoDesa = cermat('decide', '--workspace', ws, '--nik', '3404061206520001', '--action', 'exclude')
    expect(twoDesa.code).toBe(1)
    expect(twoDesa.out).toContain('NIK 3404061206520001 ada di 2 baris')
    expect(twoDesa.out).toContain('--file musdes-sumberadi-2026-11.xlsx --row 130')
    expect(twoDesa.out).toContain('--file musdes-tlogoadi-2026-11.xlsx --row 97')
    const chosen = cermat('decide', '--workspace', ws, '--file', 'musdes-tlogoadi-2026-11.xlsx', '--row', '97', '--action', 'exclude')
    expect(chosen.code, chosen.out + chosen.err).toBe(0)
    expect(chosen.out).toContain('Keluarkan baris')
  })

  it('names a row without a NIK by file and row; a removal without its basis is refused', () => {
    // A row without a NIK is named by its file and row.
    const noNik = cermat('decide', '--workspace', ws, '--file', 'musdes-tirtoadi-2026-11.csv', '--row', '19', '--action', 'exclude')
    expect(noNik.code, noNik.out + noNik.err).toBe(0)
    expect(noNik.out).toContain('musdes-tirtoadi-2026-11.csv baris 19')

    const noBasis = cermat('decide', '--workspace', ws, '--nik', '3404061012510001', '--action', 'remove')
    expect(noBasis.code).toBe(1)
    expect(noBasis.out).toContain('DITOLAK — HERMANUS SUWARNO (NIK 3404061012510001)')
    expect(noBasis.out).toContain('--reason, --basis-number, --basis-date')
    expect(cermat('decide', '--workspace', ws, '--nik', '3404061012510001', '--action', 'hapus').code).toBe(2)
    const english = cermat('decide', '--lang', 'en', '--workspace', ws, '--nik', '3404062409150001', '--action', 'exclude')
    expect(english.code).toBe(1)
    expect(english.out).toContain(
      'REFUSED — MUHAMMAD AGUS (NIK 3404062409150001), musdes-sumberadi-2026-11.xlsx row 44, desa SUMBERADI: no open finding that "exclude" applies to'
    )
    expect(english.out).toContain('--field shdk    Relationship (SHDK) differs')
  })

  it('records decisions from a CSV, one line each, naming every refused line with the engine’s reason', () => {
    const csv = join(tmp, 'keputusan.csv')
    writeFileSync(
      csv,
      [
        'nik;action;field;reason;basis-number;basis-date',
        '3507064304730001;accept;nama;;;',
        `3404061012510001;remove;;MENINGGAL;045/BA/XI/2026;${basisDate}`,
        '3404066807690001;keep;rw;;;',
        '3404061811800001;verify;;;;',
        '9999999999999999;accept;;;;',
        '3404062604710001;accept;rt;;;'
      ].join('\r\n')
    )
    const r = cermat('decide', '--workspace', ws, '--from', csv)
    expect(r.code, r.out + r.err).toBe(1)
    expect(r.out).toContain('baris 2: ok — MONIKE ENDANG (NIK 3507064304730001)')
    expect(r.out).toContain(`baris 3: ok — HERMANUS SUWARNO (NIK 3404061012510001), musdes-sumberadi-2026-11.xlsx baris 93`)
    expect(r.out).toContain(`dihapus (MENINGGAL; BA 045/BA/XI/2026 tanggal ${basisDate})`)
    expect(r.out).toContain('baris 4: ok — DEWI SUPARTINI')
    // Verifying a row whose reported removal has no basis yet: the engine's own words.
    expect(r.out).toMatch(/baris 5: DITOLAK — Abdul Fahmi \(NIK 3404061811800001\), .*: Penghapusan Abdul Fahmi .* perlu dasar/)
    expect(r.out).toContain('baris 6: DITOLAK — NIK 9999999999999999 tidak ada')
    expect(r.out).toContain('baris 7: ok — YOSEF TRISNO')
    expect(r.out).toContain('keputusan.csv: 4 keputusan dicatat, 2 ditolak.')

    // The same file again: what was decided is said to be decided, nothing is decided twice.
    const again = cermat('decide', '--workspace', ws, '--from', csv)
    expect(again.code).toBe(1)
    expect(again.out).toContain(
      'baris 2: ok — MONIKE ENDANG (NIK 3507064304730001), musdes-tlogoadi-2026-11.xlsx baris 87, desa TLOGOADI: sudah diputuskan "accept" sebelumnya'
    )
    expect(again.out).toContain(
      'baris 4: ok — DEWI SUPARTINI (NIK 3404066807690001), musdes-tlogoadi-2026-11.xlsx baris 7, desa TLOGOADI: RW sudah sama dengan data induk'
    )
    expect(again.out).toContain('keputusan.csv: 4 keputusan dicatat, 2 ditolak.')
    expect(again.out.match(/Temuan terbuka: \d+, terselesaikan: \d+/)![0]).toBe(r.out.match(/Temuan terbuka: \d+, terselesaikan: \d+/)![0])
  })

  it('renews the master with a re-sorted copy and prints its counts; decisions stay with their people', () => {
    const renewed = join(tmp, 'master-dtsen-2026-12.xlsx')
    resortedMaster(renewed)
    const r = cermat('import', '--workspace', ws, '--master', renewed)
    expect(r.code, r.out + r.err).toBe(0)
    expect(r.out).toContain('Data induk diperbarui: master-dtsen.xlsx (480 orang) diganti master-dtsen-2026-12.xlsx (480 orang)')
    printed.renewal = r.out
    // A person missing from the village list, removed after the renewal.
    const remove = cermat(
      'decide',
      '--workspace',
      ws,
      '--nik',
      '3404064210050001',
      '--action',
      'remove',
      '--reason',
      'pindah',
      '--basis-number',
      '046/BA/XI/2026',
      '--basis-date',
      basisDate
    )
    expect(remove.code, remove.out + remove.err).toBe(0)
    printed.decided = remove.out
    expect(remove.out).toContain('WIDI KUSUMA (NIK 3404064210050001), data induk desa SUMBERADI, tidak ada di file desa: dihapus (PINDAH;')
  })

  it('exports a signed package of exactly the decided changes, and it verifies', () => {
    const pkg = join(tmp, 'paket.zip')
    const exported = cermat('export', '--workspace', ws, '--out', pkg)
    expect(exported.code, exported.out + exported.err).toBe(0)
    printed.exported = exported.out
    const changes = packageChanges(pkg).map((c) => ({
      jenis: c.jenis,
      nik: c.nik,
      kolom: c.kolom,
      nilai_desa: c.nilai_desa,
      alasan: c.alasan,
      nomor_dasar: c.nomor_dasar
    }))
    expect(changes.sort((a, b) => a.nik!.localeCompare(b.nik!))).toEqual([
      { jenis: 'UBAH', nik: '3401175509470001', kolom: 'tempat_lahir', nilai_desa: 'GUNUNGKIDUL', alasan: '', nomor_dasar: '' },
      { jenis: 'STATUS', nik: '3404061012510001', kolom: '', nilai_desa: '', alasan: 'MENINGGAL', nomor_dasar: '045/BA/XI/2026' },
      { jenis: 'UBAH', nik: '3404062604710001', kolom: 'rt', nilai_desa: '15', alasan: '', nomor_dasar: '' },
      { jenis: 'HAPUS', nik: '3404064210050001', kolom: '', nilai_desa: '', alasan: 'PINDAH', nomor_dasar: '046/BA/XI/2026' },
      { jenis: 'UBAH', nik: '3507064304730001', kolom: 'nama', nilai_desa: 'MONIKE ENDANG', alasan: '', nomor_dasar: '' }
    ])
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(pkg)))['manifest.json'])) as {
      kecamatan: string
      operator: string
      master: { file: string }
    }
    expect(manifest).toMatchObject({ kecamatan: 'Mlati', operator: 'Rina Operator', master: { file: 'master-dtsen-2026-12.xlsx' } })

    const verified = cermat('verify', pkg)
    expect(verified.code, verified.out + verified.err).toBe(0)
    expect(verified.out).toContain('SAH: tanda tangan dan isi paket.zip utuh.')
    expect(verified.out).toContain('Kecamatan Mlati, paket ke-1')
    expect(verified.out).toContain('5 perubahan dari 2 desa')
  })

  it('the app’s engine shows the counts the CLI printed: carry-forward, open and resolved, changes sent', async () => {
    // The same workspace opened in-process, as the app's worker opens it (encrypted under the same passphrase).
    const saved = process.env.CERMAT_PASSPHRASE
    process.env.CERMAT_PASSPHRASE = env.CERMAT_PASSPHRASE
    const app = await withWorkspace(ws, '0.0.0-test', async (engine) => ({
      info: await engine.info(),
      summary: await engine.summary(),
      preview: await engine.previewExport()
    })).finally(() => {
      if (saved === undefined) delete process.env.CERMAT_PASSPHRASE
      else process.env.CERMAT_PASSPHRASE = saved
    })
    const carry = app.info.master!.carryForward!
    expect(carry.carried).toBeGreaterThan(0)
    expect(printed.renewal).toContain(t('id', 'cli.import.carryForward', { ...carry }))
    expect(printed.decided).toContain(t('id', 'cli.summary', { open: app.summary.open, resolved: app.summary.resolved }))
    // After the export: nothing new, and what the package carried is what the export screen counts as sent.
    const desa = app.preview.desa.filter((d) => d.sent > 0)
    expect(app.preview.desa.reduce((n, d) => n + d.changes, 0)).toBe(0)
    expect(app.preview.lastPackage).toBe(1)
    expect(printed.exported).toContain(`${desa.reduce((n, d) => n + d.sent, 0)} perubahan dari ${desa.length} desa`)
  })
})

describe('what the CLI prints and reads', () => {
  const source = (fileName: string, rows: number) => ({ fileName, rows }) as SourceInfo
  const result = (extra: Partial<ImportResult>) =>
    ({ source: source('master-2026-12.xlsx', 482), alreadyImported: false, warnings: [], coercions: [], ...extra }) as ImportResult

  it('prints the carry-forward counts of a renewed master when the engine gives them', () => {
    const counts = { carried: 7, fulfilled: 2, review: 1, orphaned: 3 }
    expect(masterImportText('id', result({ carryForward: counts }), source('master-2026-11.xlsx', 480))).toEqual([
      'Data induk diperbarui: master-2026-11.xlsx (480 orang) diganti master-2026-12.xlsx (482 orang)',
      'Keputusan terdahulu — dibawa: 7, sudah sesuai: 2, perlu ditinjau ulang: 1, orangnya hilang: 3'
    ])
    expect(masterImportText('en', result({ carryForward: counts }), source('master-2026-11.xlsx', 480))[1]).toBe(
      'Earlier decisions — carried: 7, already fulfilled: 2, to review again: 1, person gone: 3'
    )
    expect(masterImportText('id', result({}), null)).toEqual(['Data induk master-2026-12.xlsx: 482 orang'])
    expect(masterImportText('id', result({ alreadyImported: true }), source('master-2026-12.xlsx', 482))[0]).toContain('sudah ada')
  })

  it('reads a signatory as role, title and name; an unknown role or key is refused, naming it', () => {
    expect(parseSignatory('id', 'role=checked; title=TKSK Kecamatan Mlati ;name=SRI')).toEqual({
      role: 'checked',
      title: 'TKSK Kecamatan Mlati',
      name: 'SRI'
    })
    expect(parseSignatory('id', 'role=approved;title=Camat Mlati;name=Drs. SUGENG;nip=19680512 199003 1 004')).toMatchObject({
      nip: '19680512 199003 1 004'
    })
    expect(parseSignatory('id', 'role=camat;title=Camat')).toContain('role harus salah satu dari prepared, checked, approved')
    expect(parseSignatory('en', 'role=approved;jabatan=Camat')).toContain('unknown key "jabatan"')
  })

  it('reads a decisions CSV saved by Excel (semicolons, underscores), naming each bad line by its number', () => {
    const text = 'NIK;Action;basis_number;basis_date\n3401175509470001;accept;;\n;accept;;\n3401175509470001;hapus;;\n'
    const read = readDecisionsCsv('id', 'k.csv', new TextEncoder().encode(text))
    expect('lines' in read && read.lines).toEqual([
      { line: 2, ok: true, request: { nik: '3401175509470001', action: 'accept' } },
      { line: 3, ok: false, message: expect.stringContaining('Sebutkan orangnya') },
      { line: 4, ok: false, message: expect.stringContaining('Tindakan "hapus" tidak dikenal') }
    ])
    const noAction = readDecisionsCsv('id', 'k.csv', new TextEncoder().encode('nik,keputusan\n1,2\n'))
    expect(noAction).toEqual({ message: expect.stringContaining('File k.csv baris 1: perlu kolom "action"') })
  })
})
