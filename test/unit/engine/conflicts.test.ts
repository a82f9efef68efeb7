/**
 * The conflict engine on small hand-made files: probable matches (and taking the master's NIK),
 * household checks, what a file covers (complete list vs changes only) and the operator's override.
 */
import { describe, expect, it } from 'vitest'

import type { RowView } from '../../../shared/api/types'
import { findingMessage } from '../../../shared/i18n'
import { openEngine } from '../helpers/engine'
import { csv, MASTER_HEADER, xlsx } from '../helpers/sheets'

const KK_A = '3404051201100001'
const KK_B = '3404051201100009'
const KK_T = '3404051301100004'
const master = () =>
  xlsx([
    MASTER_HEADER,
    [
      'D1',
      'SUMBERADI',
      KK_A,
      '3404051205800001',
      'SUPARMAN',
      'LAKI-LAKI',
      'SLEMAN',
      '1980-05-12',
      'Kepala Keluarga',
      'KRAJAN',
      '003',
      '005'
    ],
    [
      'D2',
      'SUMBERADI',
      KK_A,
      '3404055708850002',
      'SITI AMINAH',
      'PEREMPUAN',
      'BANTUL',
      '1985-08-17',
      'Istri/Suami',
      'KRAJAN',
      '003',
      '005'
    ],
    ['D3', 'SUMBERADI', KK_A, '3404050303100003', 'BUDI SANTOSO', 'LAKI-LAKI', 'SLEMAN', '2010-03-03', 'Anak', 'KRAJAN', '003', '005'],
    [
      'D4',
      'SUMBERADI',
      KK_B,
      '3404050101500009',
      'MBAH KARSO',
      'LAKI-LAKI',
      'SLEMAN',
      '1950-01-01',
      'Kepala Keluarga',
      'NGINO',
      '001',
      '002'
    ],
    ['D5', 'SUMBERADI', KK_B, '3404054202550010', 'WARSINI', 'PEREMPUAN', 'SLEMAN', '1955-02-02', 'Istri/Suami', 'NGINO', '001', '002'],
    ['D6', 'SUMBERADI', KK_B, '3404051506900011', 'MUHAMMAD RIZKI', 'LAKI-LAKI', 'SLEMAN', '1990-06-15', 'Anak', 'NGINO', '001', '002'],
    ['T1', 'TLOGOADI', KK_T, '3404051111700004', 'WAGIMAN', 'LAKI-LAKI', 'SLEMAN', '1970-11-11', 'Kepala Keluarga', 'JETIS', '001', '001'],
    ['T2', 'TLOGOADI', KK_T, '3404055212720005', 'PAINEM', 'PEREMPUAN', 'SLEMAN', '1972-12-12', 'Istri/Suami', 'JETIS', '001', '001'],
    ['T3', 'TLOGOADI', KK_T, '3404050101950006', 'JOKO', 'LAKI-LAKI', 'SLEMAN', '1995-01-01', 'Anak', 'JETIS', '001', '001'],
    ['T4', 'TLOGOADI', KK_T, '3404054202980007', 'SRI', 'PEREMPUAN', 'SLEMAN', '1998-02-02', 'Anak', 'JETIS', '001', '001'],
    [
      'T5',
      'TLOGOADI',
      '3404051301100005',
      '3404050505600008',
      'KASMO',
      'LAKI-LAKI',
      'SLEMAN',
      '1960-05-05',
      'Kepala Keluarga',
      'JETIS',
      '002',
      '001'
    ],
    [
      'T6',
      'TLOGOADI',
      '3404051301100005',
      '3404054606620009',
      'TUMINAH',
      'PEREMPUAN',
      'SLEMAN',
      '1962-06-06',
      'Istri/Suami',
      'JETIS',
      '002',
      '001'
    ]
  ])

const HEADER = 'NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;KETERANGAN'
/** Complete list of Sumberadi; the comments give the line (= sheet row). */
const sumberadi = () =>
  csv(
    [
      HEADER, // 1
      `3404051205800007;${KK_A};SUPARMAN;L;12-05-1980;KEPALA KELUARGA;`, // 2 NIK typo (last digit)
      `3.40406E+15;${KK_A};Siti Aminah;P;17-08-1985;ISTRI;`, // 3 NIK lost to Excel
      `3404050303100003;${KK_A};BUDI SANTOSO;L;03-03-1960;ANAK;`, // 4 child older than both parents
      `3404054101240005;${KK_A};PUTRI BARU;P;01-01-2024;ANAK;ANGGOTA BARU`, // 5 new person
      `3404050101500009;${KK_B};MBAH KARSO;L;01-01-1950;FAMILI LAIN;`, // 6 KK B has no head now
      `3404054202550010;${KK_B};WARSINI;P;02-02-1955;ISTRI;`, // 7
      `3404051506900011;${KK_B};MUHAMAD RIZKI;L;15-06-1990;ANAK;` // 8 spelling variant only
    ].join('\n')
  )
/** Tlogoadi sends only its changes: one death, and a mistaken second head of the family. */
const tlogoadi = () =>
  csv(
    [
      HEADER,
      `3404050101950006;${KK_T};JOKO;L;01-01-1995;KEPALA KELUARGA;`,
      `3404051111700004;${KK_T};WAGIMAN;L;11-11-1970;KEPALA KELUARGA;MENINGGAL`
    ].join('\n')
  )

const codesOf = (rows: RowView[], file: string, rowNo: number) =>
  rows
    .find((r) => r.kind === 'village' && r.fileName === file && r.rowNo === rowNo)!
    .findings.map((f) => `${f.code}${f.field ? ':' + f.field : ''}`)
    .sort()

async function workspace() {
  const { engine } = await openEngine()
  await engine.importFile('master', { taskId: 'm', fileName: 'induk.xlsx', bytes: master() })
  await engine.importFile('village', { taskId: 's', fileName: 'sumberadi.csv', bytes: sumberadi(), desa: 'SUMBERADI' })
  await engine.importFile('village', { taskId: 't', fileName: 'tlogoadi.csv', bytes: tlogoadi(), desa: 'TLOGOADI' })
  return engine
}

describe('conflict engine', () => {
  it('finds probable matches, household problems and spelling-only differences', async () => {
    const engine = await workspace()
    const rows = await engine.rows()
    const s = (n: number) => codesOf(rows, 'sumberadi.csv', n)
    expect(s(2)).toEqual(['PROBABLE_MATCH:nik'])
    expect(s(3)).toEqual(['NIK_PRECISION_LOST:nik', 'PROBABLE_MATCH:nik'])
    expect(s(4)).toEqual([
      'FIELD_MISMATCH:tanggal_lahir',
      'KK_CHILD_OLDER_THAN_PARENT:tanggal_lahir',
      'NIK_BIRTHDATE_MISMATCH:tanggal_lahir'
    ])
    expect(s(5)).toEqual(['NEW_RECORD:nik'])
    expect(s(6)).toEqual(['FIELD_MISMATCH:shdk', 'KK_NO_HEAD:shdk'])
    expect(s(7)).toEqual([])
    expect(s(8)).toEqual(['FIELD_MISMATCH:nama'])

    const probable = rows.find((r) => r.rowNo === 2 && r.fileName === 'sumberadi.csv')!.findings[0]!
    expect(probable).toMatchObject({ village: '3404051205800007', master: '3404051205800001' })
    expect(probable.params).toMatchObject({ nama: 'SUPARMAN', desa: 'SUMBERADI', score: '100' })
    expect(findingMessage('id', probable)).toBe(
      'NIK 3404051205800007 tidak ada di data induk, tetapi kemungkinan orang yang sama dengan SUPARMAN (NIK 3404051205800001, desa SUMBERADI; kecocokan 100%: nama sama, tanggal lahir sama, NIK beda satu angka, jenis kelamin sama, No. KK sama).'
    )
    const lost = rows.find((r) => r.rowNo === 3 && r.fileName === 'sumberadi.csv')!.findings.find((f) => f.code === 'PROBABLE_MATCH')!
    expect(lost.master).toBe('3404055708850002')

    const child = rows
      .find((r) => r.rowNo === 4 && r.fileName === 'sumberadi.csv')!
      .findings.find((f) => f.code === 'KK_CHILD_OLDER_THAN_PARENT')!
    expect(findingMessage('id', child)).toBe(
      'Anak ini lahir 03-03-1960, lebih dulu daripada istri/suami di KK yang sama (baris 3, lahir 17-08-1985).'
    )
    const spelling = rows.find((r) => r.rowNo === 8 && r.fileName === 'sumberadi.csv')!.findings[0]!
    expect(findingMessage('id', spelling)).toBe('Nama hanya berbeda ejaan: desa "MUHAMAD RIZKI", data induk "MUHAMMAD RIZKI".')
    expect(findingMessage('en', spelling)).toContain('Only the spelling')

    // Both heads of the Tlogoadi family are flagged, even in a changes-only file.
    expect(codesOf(rows, 'tlogoadi.csv', 2)).toEqual(['FIELD_MISMATCH:shdk', 'KK_MULTIPLE_HEADS:shdk'])
    expect(codesOf(rows, 'tlogoadi.csv', 3)).toEqual(['KK_MULTIPLE_HEADS:shdk', 'STATUS_CHANGE:keterangan'])

    // Missing: Suparman and Siti are listed only under a wrong NIK; nobody of Tlogoadi (changes only).
    expect(
      rows
        .filter((r) => r.kind === 'master_only')
        .map((r) => r.values.nama)
        .sort()
    ).toEqual(['SITI AMINAH', 'SUPARMAN'])
  })

  it('guesses what each file covers and lets the operator decide', async () => {
    const engine = await workspace()
    const info = await engine.info()
    const s = info.villages.find((v) => v.fileName === 'sumberadi.csv')!
    const t = info.villages.find((v) => v.fileName === 'tlogoadi.csv')!
    expect(s.coverage).toEqual({ setting: 'auto', guess: 'complete', share: 4 / 6, effective: 'complete' })
    expect(t.coverage).toEqual({ setting: 'auto', guess: 'changes', share: 2 / 6, effective: 'changes' })
    expect(info.master!.coverage).toBeNull()

    const complete = await engine.setCoverage({ sourceId: t.id, coverage: 'complete' })
    expect(complete.villages.find((v) => v.id === t.id)!.coverage).toMatchObject({ setting: 'complete', effective: 'complete' })
    let rows = await engine.rows()
    expect(
      rows
        .filter((r) => r.kind === 'master_only' && r.values.desa === 'TLOGOADI')
        .map((r) => r.values.nama)
        .sort()
    ).toEqual(['KASMO', 'PAINEM', 'SRI', 'TUMINAH'])

    await engine.setCoverage({ sourceId: t.id, coverage: 'changes' })
    rows = await engine.rows()
    expect(rows.some((r) => r.kind === 'master_only' && r.values.desa === 'TLOGOADI')).toBe(false)
    const audit = await engine.audit(undefined, 5)
    expect(audit[0]).toMatchObject({ action: 'set_coverage', oldValue: 'complete', newValue: 'changes' })
    await expect(engine.setCoverage({ sourceId: 999, coverage: 'complete' })).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' })
  })

  it('taking the master NIK of a probable match makes the row that person; the household follows edits', async () => {
    const engine = await workspace()
    let rows = await engine.rows()
    const row2 = rows.find((r) => r.rowNo === 2 && r.fileName === 'sumberadi.csv')!
    const changed = await engine.resolveFinding({ findingKey: row2.findings[0]!.key, action: 'keep_master' })
    const after = changed.rows.find((r) => r.id === row2.id)!
    expect(after.values.nik).toBe('3404051205800001')
    expect(after.findings).toEqual([])
    // Suparman is no longer missing from the village list.
    expect(changed.removed.length + changed.rows.filter((r) => r.kind === 'master_only').length).toBeGreaterThan(0)
    rows = await engine.rows()
    expect(rows.filter((r) => r.kind === 'master_only').map((r) => r.values.nama)).toEqual(['SITI AMINAH'])

    // Correcting the second head of the Tlogoadi family clears both heads' findings.
    const joko = rows.find((r) => r.rowNo === 2 && r.fileName === 'tlogoadi.csv')!
    const fixed = await engine.editCell({ rowId: joko.id, field: 'shdk', value: 'ANAK' })
    const wagiman = rows.find((r) => r.rowNo === 3 && r.fileName === 'tlogoadi.csv')!
    rows = await engine.rows()
    expect(codesOf(rows, 'tlogoadi.csv', 2)).toEqual([])
    expect(codesOf(rows, 'tlogoadi.csv', 3)).toEqual(['STATUS_CHANGE:keterangan'])
    expect(fixed.rows.map((r) => r.id)).toContain(wagiman.id)
  })

  it('an accepted probable match goes into the package as a new person', async () => {
    const engine = await workspace()
    const before = (await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')!.changes
    const rows = await engine.rows()
    const row2 = rows.find((r) => r.rowNo === 2 && r.fileName === 'sumberadi.csv')!
    await engine.resolveFinding({ findingKey: row2.findings[0]!.key, action: 'accept_village' })
    expect((await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')!.changes).toBe(before + 1)
  })
})
