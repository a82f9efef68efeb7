/** `village_rows`: the rows of the village files, with the operator's edits and review status. */
import type { SqlValue } from 'sql.js'

import { PERSON_FIELDS, type PersonField, type PersonValues } from '../../domain/fields'
import type { Db } from '../db'
import type { SourceRow } from './sources'
import { inJson, joinSql, mapRows, raw, type Sql, sql } from './sql'

/** A village row as stored. */
export interface VillageRow extends PersonValues {
  id: number
  source_id: number
  /** 1-based row number as Excel shows it. */
  row_no: number
  nik_origin: 'text' | 'number' | 'lossy'
  status: 'open' | 'verified' | 'excluded'
  status_at: string | null
  status_by: string | null
  /** JSON: the cells as read. */
  raw: string
  /** JSON: Coercion[]. */
  coercions: string
  /** Stable identity as imported (`v/<desa key>/nik=…`, shared/domain/identity.ts): edits do not change it. */
  subject: string
}

/** A row as the checks read it: without the cells as read (`raw`) and the coercions, the bulk of a row's bytes. */
export type CheckedRow = Omit<VillageRow, 'raw' | 'coercions'>

/** The columns of a CheckedRow (`v.` prefixed), selected instead of `v.*`. */
export const CHECKED_COLUMNS = ['id', 'source_id', 'row_no', ...PERSON_FIELDS, 'nik_origin', 'status', 'status_at', 'status_by', 'subject']
  .map((c) => `v.${c}`)
  .join(', ')

export type NewVillageRow = Pick<VillageRow, 'row_no' | 'nik_origin' | 'raw' | 'coercions' | 'subject'> & PersonValues

/** Rows as they come (a generator keeps a file's rows from being built twice over before the first is stored). */
export function insertVillageRows(db: Db, sourceId: number, rows: Iterable<NewVillageRow>): void {
  db.runMany(
    `INSERT INTO village_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, nik_origin, raw, coercions, subject) VALUES (?, ?, ${PERSON_FIELDS.map(() => '?').join(', ')}, ?, ?, ?, ?)`,
    mapRows(rows, (r) => [sourceId, r.row_no, ...PERSON_FIELDS.map((c) => r[c]), r.nik_origin, r.raw, r.coercions, r.subject])
  )
}

/** A row of an active file, with its file's desa. */
export const activeVillageRow = (db: Db, id: number): (CheckedRow & { desa_key: string }) | undefined =>
  db.get(
    sql`SELECT ${raw(CHECKED_COLUMNS)}, s.desa_key FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id = ${id} AND s.active = 1`
  )

/** Sets one person field (the name comes from the fixed list, never from input). */
export const setVillageValue = (db: Db, id: number, field: PersonField, value: string): void =>
  db.run(sql`UPDATE village_rows SET ${raw(field)} = ${value} WHERE id = ${id}`)

/** The operator's edit: a typed NIK is text from now on. */
export const editVillageValue = (db: Db, id: number, field: PersonField, value: string): void =>
  db.run(
    sql`UPDATE village_rows SET ${raw(field)} = ${value}, nik_origin = CASE WHEN ${field} = 'nik' THEN 'text' ELSE nik_origin END WHERE id = ${id}`
  )

/** The row is that master person: it takes the master's NIK, as text. */
export const setVillageNik = (db: Db, id: number, nik: string): void =>
  db.run(sql`UPDATE village_rows SET nik = ${nik}, nik_origin = 'text' WHERE id = ${id}`)

export const setVillageStatus = (db: Db, id: number, status: VillageRow['status'], at: string | null, by: string | null): void =>
  db.run(sql`UPDATE village_rows SET status = ${status}, status_at = ${at}, status_by = ${by} WHERE id = ${id}`)

export const villageRowsOfSources = (db: Db, sourceIds: readonly number[]): VillageRow[] =>
  db.all(sql`SELECT * FROM village_rows WHERE source_id ${inJson(sourceIds)}`)

export const villageRowsOfSource = (db: Db, sourceId: number): VillageRow[] =>
  db.all(sql`SELECT * FROM village_rows WHERE source_id = ${sourceId}`)

/** The rows of these files that are not excluded, by id. */
export const openRowsOfSources = (db: Db, sourceIds: readonly number[]): CheckedRow[] =>
  db.all(
    sql`SELECT ${raw(CHECKED_COLUMNS)} FROM village_rows v WHERE v.source_id ${inJson(sourceIds)} AND v.status != 'excluded' ORDER BY v.id`
  )

/** These rows where in an active file, with their NIK and KK (the rows a review action can change). */
export const activeRowKeys = (db: Db, ids: readonly number[]): Pick<VillageRow, 'id' | 'nik' | 'no_kk'>[] =>
  db.all(
    sql`SELECT v.id, v.nik, v.no_kk FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id ${inJson(ids)} AND s.active = 1`
  )

/** These rows where in an active file, with their status (what verifying needs). */
export const activeRowStatuses = (db: Db, ids: readonly number[]): Pick<VillageRow, 'id' | 'status'>[] =>
  db.all(sql`SELECT v.id, v.status FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id ${inJson(ids)} AND s.active = 1`)

/** Of these rows, those verified already. */
export const verifiedRowIds = (db: Db, ids: readonly number[]): number[] =>
  db.column<number>(sql`SELECT id FROM village_rows WHERE id ${inJson(ids)} AND status = 'verified'`)

/** A row's status and the person it names (what removing it needs). */
export const villagePerson = (db: Db, id: number): Pick<VillageRow, 'status' | 'nik' | 'nama'> | undefined =>
  db.get(sql`SELECT status, nik, nama FROM village_rows WHERE id = ${id}`)

/** Ids of these rows and of every row holding one of these NIKs. */
export const rowIdsByIdOrNik = (db: Db, ids: readonly number[], niks: readonly string[]): number[] =>
  db.column<number>(sql`SELECT v.id FROM village_rows v WHERE v.id ${inJson(ids)}
     UNION SELECT v.id FROM village_rows v WHERE v.nik ${inJson(niks)}`)

/** These rows where not excluded and in an active file, by id. */
export const openActiveRows = (db: Db, ids: readonly number[]): VillageRow[] =>
  db.all(sql`SELECT v.* FROM village_rows v JOIN sources s ON s.id = v.source_id
     WHERE v.id ${inJson(ids)} AND v.status != 'excluded' AND s.active = 1 ORDER BY v.id`)

/** Non-excluded rows holding these NIKs (duplicates in a file). */
export const nikPeers = (db: Db, niks: readonly string[]): Pick<VillageRow, 'source_id' | 'nik' | 'row_no'>[] =>
  db.all(sql`SELECT source_id, nik, row_no FROM village_rows WHERE nik ${inJson(niks)} AND status != 'excluded' ORDER BY id`)

/** The families (file and KK) of these rows. */
export const familiesOfRows = (db: Db, ids: readonly number[]): Pick<VillageRow, 'source_id' | 'no_kk'>[] =>
  db.all(sql`SELECT DISTINCT source_id, no_kk FROM village_rows WHERE id ${inJson(ids)}`)

export type HouseholdMemberRow = Pick<VillageRow, 'id' | 'source_id' | 'row_no' | 'no_kk' | 'shdk' | 'tanggal_lahir'>

/**
 * Non-excluded rows of these files (of these families when given), by id. With families, looked up
 * by KK (`+source_id` keeps the planner off the file index: an edit read every row of its file).
 */
export const householdMembers = (db: Db, sourceIds: readonly number[], kks?: readonly string[]): HouseholdMemberRow[] =>
  db.all(sql`SELECT id, source_id, row_no, no_kk, shdk, tanggal_lahir FROM village_rows
     WHERE ${raw(kks ? '+source_id' : 'source_id')} ${inJson(sourceIds)} AND status != 'excluded' ${kks ? sql`AND no_kk ${inJson(kks)}` : raw('')} ORDER BY id`)

export type NikHolder = Pick<VillageRow, 'id' | 'nik' | 'row_no' | 'source_id' | 'nik_origin'> &
  Pick<SourceRow, 'desa' | 'desa_key' | 'file_name'>

/** Non-excluded rows of active village files holding these NIKs, with their file. */
export const nikHolders = (db: Db, niks: readonly string[]): NikHolder[] =>
  db.all(sql`SELECT v.id, v.nik, v.row_no, v.source_id, v.nik_origin, s.desa, s.desa_key, s.file_name
     FROM village_rows v CROSS JOIN sources s ON s.id = v.source_id -- CROSS: look up by NIK first
     WHERE s.active = 1 AND s.kind = 'village' AND v.status != 'excluded' AND v.nik ${inJson(niks)}
     ORDER BY v.id`)

/**
 * Of these NIKs, those held by non-excluded rows of two or more active village files: the only
 * ones a cross-village duplicate can be about (grouped here, so a month's 60,000 NIKs are not
 * all loaded as rows to find the few hundred shared).
 */
export const niksInSeveralFiles = (db: Db, niks: readonly string[]): string[] => db.column<string>(niksInSeveralFilesSql(niks))

/** CROSS: by NIK first; a plain JOIN let the planner read every row of the active files per edit (×10 at 200k). */
export const niksInSeveralFilesSql = (niks: readonly string[]): Sql =>
  sql`SELECT v.nik FROM village_rows v CROSS JOIN sources s ON s.id = v.source_id
     WHERE s.active = 1 AND s.kind = 'village' AND v.status != 'excluded' AND v.nik ${inJson(niks)}
     GROUP BY v.nik HAVING COUNT(DISTINCT v.source_id) > 1`

/** How the undo button names a row: its file, sheet row and name. */
export const villageLabel = (db: Db, id: number): { file_name: string | null; row_no: number | null; nama: string } | undefined =>
  db.get(sql`SELECT s.file_name, v.row_no, v.nama FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id = ${id}`)

export const fileNamesOfRows = (db: Db, ids: readonly number[]): string[] =>
  db.column<string>(sql`SELECT DISTINCT s.file_name FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id ${inJson(ids)}`)

export type VillageColumn = keyof VillageRow

/** Some columns of these rows, with their id (a snapshot for undo). */
export const villageColumns = (db: Db, ids: readonly number[], columns: readonly VillageColumn[]): Record<string, SqlValue>[] =>
  db.all(sql`SELECT id, ${raw(columns.join(', '))} FROM village_rows WHERE id ${inJson(ids)}`)

export const villageColumnsOf = (db: Db, id: number, columns: readonly VillageColumn[]): Record<string, SqlValue> | undefined =>
  db.get(sql`SELECT ${raw(columns.join(', '))} FROM village_rows WHERE id = ${id}`)

export const setVillageColumns = (db: Db, id: number, columns: readonly VillageColumn[], values: readonly SqlValue[]): void =>
  db.run(
    sql`UPDATE village_rows SET ${joinSql(
      columns.map((c, i) => sql`${raw(c)} = ${values[i] ?? null}`),
      ', '
    )} WHERE id = ${id}`
  )

/** Which rows the grid loads: village rows by id, file, NIK or KK. */
export interface RowFilter {
  rowIds?: number[]
  sources?: number[]
  niks?: string[]
  /** Village rows of these family cards (household findings span a family). */
  kks?: string[]
}

/**
 * A slice of all rows in a stable order, for loading the grid in pieces: village rows by id, then
 * master people missing from the files by id. `after` is the last id of the previous page.
 */
export interface RowPage {
  kind: 'v' | 'm'
  after: number
  limit: number
}

/** What the grid shows of a village row: every column read costs at 60,000 rows, so only these. */
export type ViewVillageRow = Pick<VillageRow, 'id' | 'source_id' | 'row_no' | 'status' | 'coercions' | PersonField> & {
  file_name: string
  source_desa: string
  source_desa_key: string
}

const VIEW_COLUMNS = ['id', 'source_id', 'row_no', ...PERSON_FIELDS, 'status', 'coercions'].map((c) => `v.${c}`).join(', ')

/** Rows of active village files for the grid: all, a filter's, or a page's. */
export function viewVillageRows(db: Db, filter?: RowFilter, page?: RowPage): ViewVillageRow[] {
  const where: Sql[] = [raw(`s.active = 1`), raw(`s.kind = 'village'`)]
  if (page) {
    where.push(raw(page.kind === 'v' ? `v.id > ${Number(page.after)}` : '0'))
  } else if (filter) {
    // One indexed lookup per kind of key, united: an OR across columns would scan every row.
    const parts: Sql[] = []
    if (filter.rowIds?.length) parts.push(sql`SELECT value FROM json_each(${JSON.stringify(filter.rowIds)})`)
    if (filter.sources?.length) parts.push(sql`SELECT id FROM village_rows WHERE source_id ${inJson(filter.sources)}`)
    if (filter.niks?.length) parts.push(sql`SELECT id FROM village_rows WHERE nik ${inJson(filter.niks)}`)
    if (filter.kks?.length) parts.push(sql`SELECT id FROM village_rows WHERE no_kk ${inJson(filter.kks)}`)
    where.push(parts.length ? sql`v.id IN (${joinSql(parts, ' UNION ')})` : raw('0'))
  }
  return db.all(sql`SELECT ${raw(VIEW_COLUMNS)}, s.file_name, s.desa AS source_desa, s.desa_key AS source_desa_key
     FROM village_rows v JOIN sources s ON s.id = v.source_id
     WHERE ${joinSql(where, ' AND ')} ORDER BY ${raw(page ? `v.id LIMIT ${Number(page.limit)}` : 'v.source_id, v.row_no')}`)
}

/**
 * Rows per file and status, with the file's desa (of these desa only, when given), grouped on the
 * covering index (source_id, status) first: a join per row costs 10× more.
 */
export type SourceCount = { desa_key: string; source_id: number; status: VillageRow['status']; n: number }

export const countsPerSourceAndStatus = (db: Db, desaKeys?: readonly string[]): SourceCount[] =>
  db.all(sql`SELECT s.desa_key, c.source_id, c.status, c.n FROM (SELECT source_id, status, COUNT(*) AS n FROM village_rows
       ${desaKeys ? sql`WHERE source_id IN (SELECT id FROM sources WHERE desa_key ${inJson(desaKeys)})` : raw('')}
       GROUP BY source_id, status) c JOIN sources s ON s.id = c.source_id`)

/** The subjects of these rows where in an active file, by id. */
export const activeSubjects = (db: Db, ids: readonly number[]): Map<number, string> =>
  new Map(
    db
      .all<{ id: number; subject: string }>(
        sql`SELECT v.id, v.subject FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id ${inJson(ids)} AND s.active = 1`
      )
      .map((r) => [r.id, r.subject])
  )
