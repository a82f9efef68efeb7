/** `master_rows`: the people of the active master extract; `master_desa_list`: its desa with head counts. */
import { PERSON_FIELDS, type PersonValues } from '../../domain/fields'
import type { Db } from '../db'
import { inJson, mapRows, raw, type Sql, sql } from './sql'

/** A master person as stored. */
export interface MasterRow extends PersonValues {
  id: number
  source_id: number
  row_no: number
  desa_key: string
  /** Stable identity (`m/nik=…`, shared/domain/identity.ts); NULL only in a workspace before migration 0008. */
  subject: string
  /** The register's person ids as the extract wrote them ('' none; NULL: imported before migration 0010). */
  id_dtsen: string | null
  id_dtks: string | null
}

/** kode_desa: the master's kode wilayah as written (migration 0007); '' when it has none. */
export type NewMasterRow = Pick<MasterRow, 'row_no' | 'desa_key' | 'subject'> &
  PersonValues & { kode_desa?: string; id_dtsen?: string; id_dtks?: string }

/** Rows as they come (a generator keeps 60,000 of them from being built before the first is stored). */
export function insertMasterRows(db: Db, sourceId: number, rows: Iterable<NewMasterRow>): void {
  db.runMany(
    `INSERT INTO master_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, desa_key, kode_desa, subject, id_dtsen, id_dtks) VALUES (?, ?, ${PERSON_FIELDS.map(() => '?').join(', ')}, ?, ?, ?, ?, ?)`,
    mapRows(rows, (r) => [
      sourceId,
      r.row_no,
      ...PERSON_FIELDS.map((c) => r[c]),
      r.desa_key,
      r.kode_desa || null,
      r.subject,
      r.id_dtsen ?? '',
      r.id_dtks ?? ''
    ])
  )
}

/** A master person's identity and register ids: what a renewed master re-links a corrected NIK by. */
export type MasterIds = Pick<MasterRow, 'subject' | 'nik' | 'id_dtsen' | 'id_dtks'>

/** Every master person with a register id. */
export const mastersWithRegisterIds = (db: Db): MasterIds[] =>
  db.all(`SELECT subject, nik, id_dtsen, id_dtks FROM master_rows WHERE id_dtsen != '' OR id_dtks != ''`)

/** Each master desa with its code (the most common one its people carry; '' when the master has no code column). */
export const masterDesaRefs = (db: Db): { desa: string; key: string; code: string }[] =>
  db.all(`SELECT desa, desa_key AS key, code FROM master_desa_list`)

/** Per desa key: how many master people have one of these NIKs, or (without a NIK match) one of these KKs. */
export function desaOverlap(db: Db, niks: readonly string[], kks: readonly string[]): Map<string, number> {
  const rows = db.all<{ desa_key: string; n: number }>(
    sql`SELECT desa_key, COUNT(*) AS n FROM master_rows
         WHERE desa_key != '' AND (nik ${inJson(niks)} OR no_kk ${inJson(kks)}) GROUP BY desa_key`
  )
  return new Map(rows.map((r) => [r.desa_key, r.n]))
}

export const deleteMasterRowsOfSource = (db: Db, sourceId: number): void =>
  db.run(sql`DELETE FROM master_rows WHERE source_id = ${sourceId}`)

/** The master's desa list, refilled after a master import (the board reads it after every action). */
export function rebuildMasterDesaList(db: Db): void {
  db.raw.exec(`
      DELETE FROM master_desa_list;
      INSERT INTO master_desa_list (desa_key, desa, people)
        SELECT desa_key, MIN(desa), COUNT(*) FROM master_rows WHERE desa_key != '' GROUP BY desa_key;
      -- Once per master, not once per village file (masterDesaRefs).
      UPDATE master_desa_list SET code = COALESCE(
        (SELECT m.kode_desa FROM master_rows m WHERE m.desa_key = master_desa_list.desa_key AND m.kode_desa IS NOT NULL
          GROUP BY m.kode_desa ORDER BY COUNT(*) DESC LIMIT 1), '');
    `)
}

export interface MasterDesa {
  desa_key: string
  desa: string
  people: number
}

export const masterDesaList = (db: Db): MasterDesa[] => db.all(`SELECT desa_key, desa, people FROM master_desa_list ORDER BY desa`)

export const masterDesaNames = (db: Db): Pick<MasterDesa, 'desa' | 'desa_key'>[] => db.all(`SELECT desa, desa_key FROM master_desa_list`)

/**
 * Master people with these NIKs, by id. `scan`: for NIKs of most of the master (every file against
 * a new master, `cermat check`'s batch), one pass in id order instead of a lookup per NIK and a sort.
 */
export const mastersWithNiks = (db: Db, niks: readonly string[], how: 'lookup' | 'scan' = 'lookup'): MasterRow[] =>
  db.all(sql`SELECT * FROM master_rows WHERE ${raw(how === 'scan' ? '+nik' : 'nik')} ${inJson(niks)} ORDER BY id`)

/** What the grid shows of master people with these NIKs (their values, and the desa to pick one of several). */
export const masterValuesWithNiks = (db: Db, niks: readonly string[]): (PersonValues & { desa_key: string })[] =>
  db.all(sql`SELECT ${raw(PERSON_FIELDS.join(', '))}, desa_key FROM master_rows WHERE nik ${inJson(niks)} ORDER BY id`)

/** The blocking keys of probable matching, each an indexed lookup (migration 0004). */
export type MasterBlockingKey = 'tanggal_lahir' | 'substr(nik, 1, 12)' | 'no_kk'

export const mastersByBlockingKey = (db: Db, key: MasterBlockingKey, values: readonly string[]): MasterRow[] =>
  db.all(sql`SELECT * FROM master_rows WHERE ${raw(key)} ${inJson(values)}`)

/** Master people of these desa (with these NIKs, looked up by NIK first, when given) that no active village file lists. */
export const unlistedMastersSql = (desaKeys: readonly string[], niks: readonly string[] | null): Sql =>
  sql`SELECT m.* FROM master_rows m
       WHERE ${niks ? sql`m.nik ${inJson(niks)} AND +m.desa_key ${inJson(desaKeys)}` : sql`m.desa_key ${inJson(desaKeys)}`}
         AND NOT EXISTS (
           SELECT 1 FROM village_rows v JOIN sources s ON s.id = v.source_id
           WHERE v.nik = m.nik AND s.active = 1 AND s.kind = 'village' AND v.status != 'excluded')
       ORDER BY m.id`

export const unlistedMasters = (db: Db, desaKeys: readonly string[], niks: readonly string[] | null): MasterRow[] =>
  db.all(unlistedMastersSql(desaKeys, niks))

/** How the undo button names a master person. */
export const masterLabel = (db: Db, id: number): { file_name: null; row_no: null; nama: string } | undefined =>
  db.get(sql`SELECT NULL AS file_name, NULL AS row_no, nama FROM master_rows WHERE id = ${id}`)

/** A master person's name and NIK (errors name the person concerned). */
export const masterPerson = (db: Db, id: number): Pick<MasterRow, 'nama' | 'nik'> | undefined =>
  db.get(sql`SELECT nama, nik FROM master_rows WHERE id = ${id}`)

export const niksOfMasters = (db: Db, ids: readonly number[]): string[] =>
  db.column<string>(sql`SELECT nik FROM master_rows WHERE id ${inJson(ids)}`)

/** A master person's NIK while they are missing from the village lists (what removing them needs). */
export const missingMasterNik = (db: Db, id: number): Pick<MasterRow, 'nik'> | undefined =>
  db.get(
    sql`SELECT m.nik FROM master_rows m JOIN findings f ON f.master_row_id = m.id AND f.code = 'MISSING_FROM_VILLAGE' WHERE m.id = ${id}`
  )

/** Whether the master lists someone with this NIK. */
export const masterHasNik = (db: Db, nik: string): boolean => db.get(sql`SELECT 1 FROM master_rows WHERE nik = ${nik}`) !== undefined

/** The subjects of these master rows, by id. */
export const masterSubjects = (db: Db, ids: readonly number[]): Map<number, string> =>
  new Map(
    db.all<{ id: number; subject: string }>(sql`SELECT id, subject FROM master_rows WHERE id ${inJson(ids)}`).map((r) => [r.id, r.subject])
  )

/** Whether a master person with this subject is in the master now. */
export const masterHasSubject = (db: Db, subject: string): boolean =>
  db.get(sql`SELECT 1 FROM master_rows WHERE subject = ${subject}`) !== undefined

/** The master people with these subjects. */
export const mastersOfSubjects = (db: Db, subjects: readonly string[]): MasterRow[] =>
  db.all(sql`SELECT * FROM master_rows WHERE subject ${inJson(subjects)}`)

/** The master people born on these dates. */
export const mastersWithBirthDates = (db: Db, dates: readonly string[]): MasterRow[] =>
  db.all(sql`SELECT * FROM master_rows WHERE tanggal_lahir ${inJson(dates)}`)

/** A desa's person with this NIK as the workspace knows them (the master first, else an active village file): a withdrawal names them. */
export const personOfNik = (db: Db, desaKey: string, nik: string): Pick<MasterRow, 'nama'> | undefined =>
  db.get(
    sql`SELECT nama FROM master_rows WHERE nik = ${nik} AND desa_key = ${desaKey}
        UNION ALL SELECT v.nama FROM village_rows v JOIN sources s ON s.id = v.source_id
          WHERE v.nik = ${nik} AND s.desa_key = ${desaKey} AND s.active = 1 LIMIT 1`
  )

/** Which master the people in master_rows are (its source id): a desa found against another is found again. */
export const masterStamp = (db: Db): string =>
  String(db.get<{ id: number }>(`SELECT id FROM sources WHERE kind = 'master' AND active = 1`)?.id ?? 'none')
