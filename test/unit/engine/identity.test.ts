/**
 * Stable identity and carry-forward (issue 13): after a renewed master (rows re-sorted, a person
 * inserted, one removed, a name corrected, a NIK corrected) or a corrected village file, every
 * earlier decision lands on the same person or is flagged; none moves to another person. Undo
 * across such an import is refused when its row is no longer the same person.
 */
import { describe, expect, it } from 'vitest'

import type { ImportResult, RowView } from '../../../shared/api/types'
import type { RemovalBasis } from '../../../shared/domain/removal'
import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { collectChanges } from '../../../shared/engine/package/changes'
import { reportFile } from '../../../shared/engine/report'
import { openEngine } from '../helpers/engine'
import { csv } from '../helpers/sheets'

type Person = [desa: string, kk: string, nik: string, nama: string, jk: string, lahir: string, shdk: string]

const A: Person = ['SUMBERADI', '3404051201100001', '3404051205800001', 'SUPARMAN', 'L', '1980-05-12', 'Kepala Keluarga']
const B: Person = ['SUMBERADI', '3404051201100001', '3404055708850002', 'SITI AMINAH', 'P', '1985-08-17', 'Istri/Suami']
const C: Person = ['SUMBERADI', '3404051201100001', '3404050303100003', 'BUDI SANTOSO', 'L', '2010-03-03', 'Anak']
const D: Person = ['SUMBERADI', '3404051201100009', '3404050101500009', 'MBAH KARSO', 'L', '1950-01-01', 'Kepala Keluarga']
const E: Person = ['TLOGOADI', '3404051301100004', '3404051111700004', 'WAGIMAN', 'L', '1970-11-11', 'Kepala Keluarga']
const F: Person = ['SUMBERADI', '3404051201100011', '3404052002900011', 'SRI WAHYUNI', 'P', '1990-02-20', 'Kepala Keluarga']

const masterCsv = (people: Person[]) =>
  csv(['NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA', ...people.map((p) => p.join(';'))].join('\n'))

/** Village rows: NIK, KK, name, sex, birth date (dd-mm-yyyy), SHDK, address, status. */
type VillageRow = [nik: string, kk: string, nama: string, jk: string, lahir: string, shdk: string, alamat: string, ket: string]
const vA: VillageRow = ['3404051205800001', '3404051201100001', 'SUPARMAN', 'L', '12-05-1980', 'KEPALA KELUARGA', 'DUSUN KRAJAN', '']
const vB: VillageRow = ['3404055708850002', '3404051201100001', 'SITI AMINA', 'P', '17-08-1985', 'ISTRI', 'DUSUN KRAJAN', '']
const vC: VillageRow = ['3404050303100003', '3404051201100001', 'BUDI SANTOSO', 'L', '03-03-2010', 'ANAK', 'DUSUN KRAJAN', 'MENINGGAL']
const vH: VillageRow = ['3404054101240005', '3404051201100001', 'PUTRI BARU', 'P', '01-01-2024', 'ANAK', 'DUSUN KRAJAN', 'ANGGOTA BARU']
const villageCsv = (rows: VillageRow[]) =>
  csv(['NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;ALAMAT;KETERANGAN', ...rows.map((r) => r.join(';'))].join('\n'))

const BA: RemovalBasis = { reason: 'MENINGGAL', kind: 'BA', number: '045/BA/XI/2026', date: '2026-11-02' }
const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db

/** What a package would carry: (NIK, kind, field, value) of every change, sorted. */
const changes = (engine: Engine) =>
  [...collectChanges(dbOf(engine), { today: '2026-12-06', all: true }).desa.values()]
    .flatMap((d) => d.rows.map((r) => `${r.nik} ${r.jenis} ${r.kolom} ${r.nilai_desa}|${r.nomor_dasar}`))
    .sort()

const rows = (engine: Engine) => engine.rows()
const byNik = async (engine: Engine, nik: string): Promise<RowView> =>
  (await rows(engine)).find((r) => r.values.nik === nik && r.kind === 'village')!
const missing = async (engine: Engine, nik: string): Promise<RowView | undefined> =>
  (await rows(engine)).find((r) => r.kind !== 'village' && r.values.nik === nik)

async function decided() {
  const { engine } = await openEngine()
  await engine.importFile('master', { taskId: 'm', fileName: 'induk.csv', bytes: masterCsv([A, B, C, D, E]) })
  await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: villageCsv([vA, vB, vC, vH]), desa: 'SUMBERADI' })
  // B: the village's spelling of the name is accepted; C: died (basis); D: no longer in the desa's list, removed (basis).
  const nama = (await byNik(engine, B[2])).findings.find((f) => f.code === 'FIELD_MISMATCH' && f.field === 'nama')!
  await engine.resolveFinding({ findingKey: nama.key, action: 'accept_village' })
  await engine.deactivate({ rowId: (await byNik(engine, C[2])).id, basis: BA })
  await engine.deactivate({ rowId: (await missing(engine, D[2]))!.id, basis: { ...BA, reason: 'PINDAH', number: '046/BA/XI/2026' } })
  return engine
}

const BEFORE = [`${D[2]} HAPUS  |046/BA/XI/2026`, `${C[2]} STATUS  |045/BA/XI/2026`, `${B[2]} UBAH nama SITI AMINA|`]

const renew = (engine: Engine, people: Person[], name = 'induk-baru.csv') =>
  engine.importFile('master', { taskId: 'm2', fileName: name, bytes: masterCsv(people) })

describe('stable identity across a renewed master', () => {
  it('re-sorted rows and an inserted person: every decision stays with its person (the removal too)', async () => {
    const engine = await decided()
    expect(changes(engine)).toEqual(BEFORE)
    // Reversed, with a new person on top: every master row id now belongs to someone else.
    const result = await renew(engine, [F, E, D, C, B, A])
    expect(result.carryForward).toEqual({ carried: 3, fulfilled: 0, review: 0, orphaned: 0 })
    expect(changes(engine)).toEqual(BEFORE)
    expect((await missing(engine, D[2]))!.findings[0]).toMatchObject({ code: 'MISSING_FROM_VILLAGE', status: 'resolved' })
    // The inserted person is missing too, and nothing is decided for her.
    expect((await missing(engine, F[2]))!.findings[0]).toMatchObject({ code: 'MISSING_FROM_VILLAGE', status: 'open' })
  })

  it('a person removed and a name corrected in the new master: those decisions are fulfilled, not re-applied', async () => {
    const engine = await decided()
    const result = await renew(engine, [A, [...B.slice(0, 3), 'SITI AMINA', ...B.slice(4)] as Person, C, E])
    expect(result.carryForward).toEqual({ carried: 1, fulfilled: 2, review: 0, orphaned: 0 })
    expect(changes(engine)).toEqual([`${C[2]} STATUS  |045/BA/XI/2026`])
    expect(result.warnings.map((w) => w.code)).toContain('CARRY_FORWARD')
  })

  it('a changed basis is reviewed (open, old and new named) and a corrected NIK is flagged, never moved', async () => {
    const engine = await decided()
    const Dfixed: Person = [...D.slice(0, 2), '3404050101500019', ...D.slice(3)] as Person
    const result = await renew(engine, [A, [...B.slice(0, 3), 'SITI AMINAH S', ...B.slice(4)] as Person, C, Dfixed, E])
    expect(result.carryForward).toEqual({ carried: 1, fulfilled: 0, review: 1, orphaned: 1 })
    // Nobody is removed: D's decision was about NIK …0009, which the master no longer has.
    expect(changes(engine)).toEqual([`${C[2]} STATUS  |045/BA/XI/2026`])
    const nama = (await byNik(engine, B[2])).findings.find((f) => f.code === 'FIELD_MISMATCH' && f.field === 'nama')!
    expect(nama).toMatchObject({ status: 'open', village: 'SITI AMINA', master: 'SITI AMINAH S' })
    expect((await missing(engine, Dfixed[2]))!.findings[0]).toMatchObject({ status: 'open' })
    const review = result.warnings.find((w) => w.code === 'CARRY_REVIEW')!
    expect(review.params).toMatchObject({ person: `NIK ${B[2]}`, field: 'nama', oldMaster: 'SITI AMINAH', newMaster: 'SITI AMINAH S' })
    expect(result.warnings.find((w) => w.code === 'CARRY_ORPHANED')!.params).toMatchObject({ person: `NIK ${D[2]}` })
    // Deciding again settles it like any finding.
    await engine.resolveFinding({ findingKey: nama.key, action: 'accept_village' })
    expect(changes(engine)).toEqual([`${C[2]} STATUS  |045/BA/XI/2026`, `${B[2]} UBAH nama SITI AMINA|`])
  })
})

describe('stable identity across a replacing village file', () => {
  it('a corrected file: decisions, edits and verification land on the same people or are flagged', async () => {
    const engine = await decided()
    // A: the operator corrects the name and verifies the row; H (a new child) is accepted.
    await engine.editCell({ rowId: (await byNik(engine, A[2])).id, field: 'nama', value: 'SOEPARMAN' })
    await engine.markVerified({ rowId: (await byNik(engine, A[2])).id })
    const baru = (await byNik(engine, vH[0])).findings.find((f) => f.code === 'NEW_RECORD')!
    await engine.resolveFinding({ findingKey: baru.key, action: 'accept_village' })
    const before = changes(engine)
    // The corrected file: re-sorted, B's name as the master has it, H gone, A sent as before.
    const corrected = villageCsv([vC, [vB[0], vB[1], 'SITI AMINAH', ...vB.slice(3)] as VillageRow, vA])
    const result: ImportResult = await engine.importFile('village', {
      taskId: 'v2',
      fileName: 'sumberadi-perbaikan.csv',
      bytes: corrected,
      desa: 'SUMBERADI',
      onExisting: 'replace'
    })
    // Carried: A's edit, A's verification, A's edited decision, C's removal. Fulfilled: B's name.
    // Orphaned: H's acceptance (H is not in the new file). D's removal is not a row of the file: untouched.
    expect(result.carryForward).toEqual({ carried: 4, fulfilled: 1, review: 0, orphaned: 1 })
    // The board and report.json read the same counts from the file.
    const file = (await engine.info()).villages.find((v) => v.fileName === 'sumberadi-perbaikan.csv')!
    expect(file.carryForward).toEqual(result.carryForward)
    expect(reportFile(file).carryForward).toEqual(result.carryForward)
    const a = await byNik(engine, A[2])
    expect(a.values.nama).toBe('SOEPARMAN')
    expect(a.status).toBe('verified')
    expect(changes(engine)).toEqual(before.filter((c) => !c.startsWith(B[2]) && !c.startsWith(vH[0])))
    expect(changes(engine)).toContain(`${A[2]} UBAH nama SOEPARMAN|`)
  })

  it('a row the village changed since the edit: the edit is not re-applied but reviewed', async () => {
    const engine = await decided()
    await engine.editCell({ rowId: (await byNik(engine, A[2])).id, field: 'nama', value: 'SOEPARMAN' })
    expect(changes(engine)).toContain(`${A[2]} UBAH nama SOEPARMAN|`)
    const result = await engine.importFile('village', {
      taskId: 'v2',
      fileName: 'sumberadi-2.csv',
      bytes: villageCsv([[vA[0], vA[1], 'SUPARMAN BIN KARTO', ...vA.slice(3)] as VillageRow, vB, vC, vH]),
      desa: 'SUMBERADI',
      onExisting: 'replace'
    })
    expect(result.carryForward.review).toBe(2) // the edit and the decision it made
    expect((await byNik(engine, A[2])).values.nama).toBe('SUPARMAN BIN KARTO')
    expect(changes(engine).filter((c) => c.startsWith(A[2]))).toEqual([])
    expect(result.warnings.filter((w) => w.code === 'CARRY_REVIEW').map((w) => w.params?.field)).toEqual(['nama', 'nama'])
  })
})

describe('undo across an import', () => {
  it('is refused when the row is no longer the same person, and allowed when it is', async () => {
    const engine = await decided()
    // The newest action removed D (master row 4). Renewed and re-sorted: row 4 is someone else now.
    await renew(engine, [E, C, B, A, D])
    await expect(engine.undo('undo')).rejects.toMatchObject({ code: 'UNDO_TARGET_CHANGED' })
    expect(changes(engine)).toEqual(BEFORE)
  })

  it('is refused for a row of a file that was replaced', async () => {
    const engine = await decided()
    await engine.editCell({ rowId: (await byNik(engine, A[2])).id, field: 'alamat', value: 'DUSUN KRAJAN RT 3' })
    await engine.importFile('village', {
      taskId: 'v2',
      fileName: 's2.csv',
      bytes: villageCsv([vA, vB, vC]),
      desa: 'SUMBERADI',
      onExisting: 'replace'
    })
    await expect(engine.undo('undo')).rejects.toMatchObject({ code: 'UNDO_TARGET_CHANGED' })
  })

  it('goes on when the same people are there', async () => {
    const engine = await decided()
    await engine.editCell({ rowId: (await byNik(engine, A[2])).id, field: 'alamat', value: 'DUSUN KRAJAN RT 3' })
    await renew(engine, [A, B, C, D, E, F])
    await engine.undo('undo')
    expect((await byNik(engine, A[2])).values.alamat).toBe('DUSUN KRAJAN')
  })
})
