/**
 * A NIK corrected in the master is re-linked, not orphaned (issue 13): the master's ID DTSEN / ID
 * DTKS is read and stored with its people, and on a renewed master a person whose NIK changed but
 * whose register id is the same keeps their decisions; a decision whose base named the old NIK is
 * put up for review, with "NIK diperbaiki di induk: lama → baru". Without a sure id: no guess.
 */
import { describe, expect, it } from 'vitest'

import type { RowView } from '../../../shared/api/types'
import type { RemovalBasis } from '../../../shared/domain/removal'
import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { collectChanges } from '../../../shared/engine/package/changes'
import { openEngine } from '../helpers/engine'
import { csv } from '../helpers/sheets'

type Person = [
  idDtsen: string,
  idDtks: string,
  desa: string,
  kk: string,
  nik: string,
  nama: string,
  jk: string,
  lahir: string,
  shdk: string
]

const A: Person = [
  '3404000000000101',
  'DTKS-0101',
  'SUMBERADI',
  '3404051201100001',
  '3404051205800001',
  'SUPARMAN',
  'L',
  '1980-05-12',
  'Kepala Keluarga'
]
const B: Person = [
  '3404000000000102',
  'DTKS-0102',
  'SUMBERADI',
  '3404051201100001',
  '3404055708850002',
  'SITI AMINAH',
  'P',
  '1985-08-17',
  'Istri/Suami'
]
const C: Person = [
  '3404000000000103',
  'DTKS-0103',
  'SUMBERADI',
  '3404051201100001',
  '3404050303100003',
  'BUDI SANTOSO',
  'L',
  '2010-03-03',
  'Anak'
]
const G: Person = [
  '3404000000000107',
  'DTKS-0107',
  'SUMBERADI',
  '3404051201100007',
  '3404052002900007',
  'SRI WAHYUNI',
  'P',
  '1990-02-20',
  'Kepala Keluarga'
]
const D: Person = [
  '3404000000000109',
  'DTKS-0109',
  'SUMBERADI',
  '3404051201100009',
  '3404050101500009',
  'MBAH KARSO',
  'L',
  '1950-01-01',
  'Kepala Keluarga'
]
const E: Person = [
  '3404000000000104',
  'DTKS-0104',
  'TLOGOADI',
  '3404051301100004',
  '3404051111700004',
  'WAGIMAN',
  'L',
  '1970-11-11',
  'Kepala Keluarga'
]

const masterCsv = (people: Person[]) =>
  csv(
    ['ID DTSEN;ID_DTKS;NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA', ...people.map((p) => p.join(';'))].join(
      '\n'
    )
  )
const withNik = (p: Person, nik: string): Person => [...p.slice(0, 4), nik, ...p.slice(5)] as Person
const withIds = (p: Person, dtsen: string, dtks: string): Person => [dtsen, dtks, ...p.slice(2)] as Person

type VillageRow = [nik: string, kk: string, nama: string, jk: string, lahir: string, shdk: string, alamat: string, ket: string]
const vA: VillageRow = ['3404051205800001', '3404051201100001', 'SUPARMAN', 'L', '12-05-1980', 'KEPALA KELUARGA', 'DUSUN KRAJAN', '']
const vB: VillageRow = ['3404055708850002', '3404051201100001', 'SITI AMINA', 'P', '17-08-1985', 'ISTRI', 'DUSUN KRAJAN', '']
const vC: VillageRow = ['3404050303100003', '3404051201100001', 'BUDI SANTOSO', 'L', '03-03-2010', 'ANAK', 'DUSUN KRAJAN', '']
const vG: VillageRow = ['3404052002900007', '3404051201100007', 'SRI WAHYUNI', 'P', '20-02-1990', 'KEPALA KELUARGA', 'DUSUN KRAJAN', '']
const villageCsv = (rows: VillageRow[]) =>
  csv(['NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;ALAMAT;KETERANGAN', ...rows.map((r) => r.join(';'))].join('\n'))

const BA: RemovalBasis = { reason: 'PINDAH', kind: 'BA', number: '046/BA/XI/2026', date: '2026-11-02' }
const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db
const changes = (engine: Engine) =>
  [...collectChanges(dbOf(engine), { today: '2026-12-06', all: true }).desa.values()]
    .flatMap((d) => d.rows.map((r) => `${r.nik} ${r.jenis} ${r.kolom} ${r.nilai_desa}|${r.nomor_dasar}`))
    .sort()
const byNik = async (engine: Engine, nik: string): Promise<RowView> =>
  (await engine.rows()).find((r) => r.values.nik === nik && r.kind === 'village')!
const missing = async (engine: Engine, nik: string): Promise<RowView | undefined> =>
  (await engine.rows()).find((r) => r.kind !== 'village' && r.values.nik === nik)

/** B's spelling of her name accepted; D (not in the desa's list) removed with a berita acara. */
async function decided(people: Person[] = [A, B, C, G, D, E]) {
  const { engine } = await openEngine()
  await engine.importFile('master', { taskId: 'm', fileName: 'induk.csv', bytes: masterCsv(people) })
  await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: villageCsv([vA, vB, vC, vG]), desa: 'SUMBERADI' })
  const nama = (await byNik(engine, B[4])).findings.find((f) => f.code === 'FIELD_MISMATCH' && f.field === 'nama')!
  await engine.resolveFinding({ findingKey: nama.key, action: 'accept_village' })
  await engine.deactivate({ rowId: (await missing(engine, D[4]))!.id, basis: BA })
  expect(changes(engine)).toEqual([`${D[4]} HAPUS  |046/BA/XI/2026`, `${B[4]} UBAH nama SITI AMINA|`])
  return engine
}

const renew = (engine: Engine, people: Person[]) =>
  engine.importFile('master', { taskId: 'm2', fileName: 'induk-baru.csv', bytes: masterCsv(people) })

describe('the master register ids', () => {
  it('are read from ID DTSEN / ID_DTKS columns, stored with the people, and not listed as unrecognised', async () => {
    const { engine } = await openEngine()
    const result = await engine.importFile('master', { taskId: 'm', fileName: 'induk.csv', bytes: masterCsv([A, withIds(B, '', '-'), E]) })
    expect((result.unrecognised ?? []).map((u) => u.header)).toEqual([])
    const stored = dbOf(engine).all<{ nik: string; id_dtsen: string; id_dtks: string }>(
      'SELECT nik, id_dtsen, id_dtks FROM master_rows ORDER BY row_no'
    )
    expect(stored).toEqual([
      { nik: A[4], id_dtsen: A[0], id_dtks: 'DTKS-0101' },
      { nik: B[4], id_dtsen: '', id_dtks: '' },
      { nik: E[4], id_dtsen: E[0], id_dtks: 'DTKS-0104' }
    ])
  })
})

describe('a NIK corrected in the master', () => {
  it('re-links a removal to the corrected NIK (same ID DTSEN) and asks for review: its base was the old NIK', async () => {
    const engine = await decided()
    const Dfixed = withNik(D, '3404050101500019')
    const result = await renew(engine, [E, Dfixed, G, C, B, A])
    expect(result.carryForward).toEqual({ carried: 1, fulfilled: 0, review: 1, orphaned: 0 })
    const relinked = result.warnings.find((w) => w.code === 'CARRY_RELINKED_REVIEW')!
    expect(relinked.params).toMatchObject({ oldNik: D[4], newNik: Dfixed[4], via: 'ID DTSEN', id: D[0], code: 'MISSING_FROM_VILLAGE' })
    expect(relinked.message).toContain(`NIK diperbaiki di induk: ${D[4]} → ${Dfixed[4]}`)
    // The decision is the corrected person's, open for review (not sent) with its basis kept.
    const d = (await missing(engine, Dfixed[4]))!.findings[0]!
    expect(d).toMatchObject({ code: 'MISSING_FROM_VILLAGE', status: 'open' })
    const stored = dbOf(engine).get<{ subject: string; basis_no: string; carry: string }>(
      'SELECT subject, basis_no, carry FROM decisions WHERE code = ?',
      ['MISSING_FROM_VILLAGE']
    )
    expect(stored).toEqual({ subject: `m/nik=${Dfixed[4]}`, basis_no: BA.number, carry: 'review' })
    expect(changes(engine)).toEqual([`${B[4]} UBAH nama SITI AMINA|`])
    // Confirmed: the removal goes out under the corrected NIK.
    await engine.deactivate({ rowId: (await missing(engine, Dfixed[4]))!.id, basis: BA })
    expect(changes(engine)).toEqual([`${Dfixed[4]} HAPUS  |046/BA/XI/2026`, `${B[4]} UBAH nama SITI AMINA|`])
  })

  it('keeps a village row decision with its person (same ID DTKS); it resolves again once the village NIK is corrected', async () => {
    const engine = await decided()
    const Bfixed = withIds(withNik(B, '3404055708850012'), '', B[1])
    const result = await renew(engine, [A, Bfixed, C, G, D, E])
    expect(result.carryForward).toMatchObject({ carried: 2, orphaned: 0 })
    const relinked = result.warnings.find((w) => w.code === 'CARRY_RELINKED')!
    expect(relinked.params).toMatchObject({ oldNik: B[4], newNik: Bfixed[4], via: 'ID DTKS', code: 'FIELD_MISMATCH', field: 'nama' })
    // The village still writes the old NIK: nothing about her name is sent until it is corrected.
    expect(changes(engine)).toEqual([`${D[4]} HAPUS  |046/BA/XI/2026`])
    await engine.editCell({ rowId: (await byNik(engine, B[4])).id, field: 'nik', value: Bfixed[4] })
    const nama = (await byNik(engine, Bfixed[4])).findings.find((f) => f.code === 'FIELD_MISMATCH' && f.field === 'nama')!
    expect(nama.status).toBe('resolved')
    expect(changes(engine)).toContain(`${Bfixed[4]} UBAH nama SITI AMINA|`)
  })

  it('without a sure id, nothing is guessed: the decision stays flagged (orphaned)', async () => {
    // Two people share the ID DTSEN in the new master, and the ID DTKS disagrees: no link either way.
    const engine = await decided()
    const Dfixed = withIds(withNik(D, '3404050101500019'), D[0], 'DTKS-9999')
    const result = await renew(engine, [A, B, C, G, Dfixed, withIds(E, D[0], E[1])])
    expect(result.carryForward).toMatchObject({ orphaned: 1 })
    expect(result.warnings.map((w) => w.code)).not.toContain('CARRY_RELINKED_REVIEW')
    expect(result.warnings.find((w) => w.code === 'CARRY_ORPHANED')!.params).toMatchObject({ person: `NIK ${D[4]}` })
    expect(changes(engine)).toEqual([`${B[4]} UBAH nama SITI AMINA|`])
  })

  it('without ids in the master: flagged (orphaned), as before', async () => {
    const noIds = (p: Person) => withIds(p, '', '')
    const engine = await decided([A, B, C, G, D, E].map(noIds))
    const result = await renew(engine, [A, B, C, G, withNik(D, '3404050101500019'), E].map(noIds))
    expect(result.carryForward).toMatchObject({ orphaned: 1, review: 0 })
    expect(changes(engine)).toEqual([`${B[4]} UBAH nama SITI AMINA|`])
  })
})
