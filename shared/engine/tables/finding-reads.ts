/** Findings joined with their decisions (and rows), for the grid, the board and the package. */
import type { FindingCode } from '../../domain/findings'
import type { Db } from '../db'
import { ACCEPTED_SQL, type DecisionRow, RESOLVED_SQL } from './decisions'
import type { FindingRow } from './findings'
import type { MasterRow } from './master-rows'
import { inJson, raw, sql } from './sql'
import { CHECKED_COLUMNS, type CheckedRow, type RowFilter, type RowPage } from './village-rows'

/** A finding as the grid shows it: with the action of its decision and whether that resolves it. */
export type FindingWithStatus = FindingRow & { action: string | null; resolved: number }

export const findingsOfRows = (db: Db, rowIds: readonly number[]): FindingWithStatus[] =>
  db.all(sql`SELECT f.*, d.action, ${raw(RESOLVED_SQL)} AS resolved FROM findings f
     LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE f.village_row_id ${inJson(rowIds)}`)

/** Master people missing from the village lists, each with its finding: all, a filter's (by NIK), or a page's. */
export function missingPeopleRows(db: Db, filter?: RowFilter, page?: RowPage): (MasterRow & FindingWithStatus)[] {
  const where = page
    ? raw(page.kind === 'm' ? `AND m.id > ${Number(page.after)}` : 'AND 0')
    : filter
      ? filter.niks?.length
        ? sql`AND m.nik ${inJson(filter.niks)}`
        : raw('AND 0')
      : raw('')
  return db.all(sql`SELECT m.*, f.key, f.code, f.severity, f.village_row_id, f.master_row_id, f.field, f.village_value, f.master_value, f.params,
            d.action, ${raw(RESOLVED_SQL)} AS resolved
     FROM master_rows m JOIN findings f ON f.master_row_id = m.id AND f.code = 'MISSING_FROM_VILLAGE'
     LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE 1 ${where} ORDER BY m.id${raw(page ? ` LIMIT ${Number(page.limit)}` : '')}`)
}

/** The village rows that have a finding, in file and row order (the order of viewVillageRows). */
export const villageRowsWithFindings = (db: Db): number[] =>
  db.column<number>(
    `SELECT v.id FROM village_rows v WHERE v.id IN (SELECT village_row_id FROM findings WHERE village_row_id IS NOT NULL) ORDER BY v.source_id, v.row_no`
  )

/** Only these desa (the board's cache recomputing what a command touched), or all. */
const inDesa = (desaKeys?: readonly string[]) => (desaKeys ? sql`AND f.desa_key ${inJson(desaKeys)}` : raw(''))

export type FindingCount = { code: FindingCode; desa_key: string; n: number; resolved: number | null }

/** Findings per code and desa (of these desa only, when given), and how many of them are resolved. */
export const findingCounts = (db: Db, desaKeys?: readonly string[]): FindingCount[] =>
  db.all(sql`SELECT f.code, f.desa_key, COUNT(*) AS n, SUM(${raw(RESOLVED_SQL)}) AS resolved
     FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE 1 ${inDesa(desaKeys)} GROUP BY f.code, f.desa_key ORDER BY f.code, f.desa_key`)

/** Open findings per desa. */
export const openFindingsPerDesa = (db: Db): { desa_key: string; n: number }[] =>
  db.all(`SELECT f.desa_key, COUNT(*) AS n FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE NOT ${RESOLVED_SQL} GROUP BY f.desa_key`)

type DecisionDetail = Pick<DecisionRow, 'action' | 'reason' | 'basis_kind' | 'basis_no' | 'basis_date'> & {
  decided_by: string
  decided_at: string
}

export type AcceptedChange = CheckedRow &
  Pick<FindingRow, 'code' | 'field' | 'village_value' | 'master_value' | 'params' | 'desa_key'> &
  DecisionDetail & { source_desa: string; file_name: string }

/**
 * Village values the operator accepted on rows still in the files: the UBAH, BARU and STATUS of a
 * package. Without the rows' cells as read and coercions: once a package exists the board reads
 * this after every edit, and those two columns were most of its cost.
 */
export const acceptedVillageChanges = (db: Db, desaKeys?: readonly string[]): AcceptedChange[] =>
  db.all(sql`SELECT f.code, f.field, f.village_value, f.master_value, f.params, f.desa_key, s.desa AS source_desa,
            ${raw(CHECKED_COLUMNS)}, s.file_name, d.action, d.by AS decided_by, d.at AS decided_at,
            d.reason, d.basis_kind, d.basis_no, d.basis_date
     FROM findings f
     JOIN decisions d ON d.finding_key = f.key
     JOIN village_rows v ON v.id = f.village_row_id
     JOIN sources s ON s.id = v.source_id
     WHERE ${raw(RESOLVED_SQL)} AND ${raw(ACCEPTED_SQL)} AND v.status != 'excluded'
       AND f.code IN ('FIELD_MISMATCH', 'NEW_RECORD', 'PROBABLE_MATCH', 'STATUS_CHANGE') ${inDesa(desaKeys)}
     ORDER BY s.id, v.row_no, f.field`)

export type AcceptedRemoval = MasterRow & DecisionDetail

/**
 * Master people missing from the village list whose removal the operator accepted: the HAPUS of a
 * package. One a carry-forward put up for review (its person's NIK was corrected) waits for the operator.
 */
export const acceptedRemovals = (db: Db, desaKeys?: readonly string[]): AcceptedRemoval[] =>
  db.all(sql`SELECT m.*, f.desa_key, d.action, d.by AS decided_by, d.at AS decided_at, d.reason, d.basis_kind, d.basis_no, d.basis_date
     FROM findings f JOIN decisions d ON d.finding_key = f.key JOIN master_rows m ON m.id = f.master_row_id
     WHERE f.code = 'MISSING_FROM_VILLAGE' AND d.action = 'accept_village' AND d.carry IS NULL ${inDesa(desaKeys)} ORDER BY m.id`)

/** Findings by key as review guards check them: their decision's action, whether it resolves them, whether it has a removal basis. */
export const reviewFindings = (
  db: Db,
  keys: readonly string[]
): (Pick<FindingRow, 'key' | 'code' | 'params' | 'village_row_id' | 'master_row_id' | 'master_value'> & {
  decided: string | null
  resolved: number
  has_basis: number
})[] =>
  db.all(sql`SELECT f.key, f.code, f.params, f.village_row_id, f.master_row_id, f.master_value, d.action AS decided, ${raw(RESOLVED_SQL)} AS resolved,
              d.basis_no IS NOT NULL AS has_basis
       FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key WHERE f.key ${inJson(keys)}`)

/** The open findings of these rows, by row. */
export const openFindingsOfRows = (
  db: Db,
  rowIds: readonly number[]
): (Pick<FindingRow, 'master_row_id' | 'code' | 'severity' | 'params'> & { village_row_id: number })[] =>
  db.all(sql`SELECT f.village_row_id, f.master_row_id, f.code, f.severity, f.params FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
       WHERE f.village_row_id ${inJson(rowIds)} AND NOT ${raw(RESOLVED_SQL)} ORDER BY f.village_row_id`)

/** How many rows the grid holds in all: rows of active village files and master people missing from them. */
export const gridRowCount = (db: Db): number =>
  db.get<{ n: number }>(
    `SELECT (SELECT COUNT(*) FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE s.active = 1 AND s.kind = 'village')
          + (SELECT COUNT(*) FROM findings WHERE code = 'MISSING_FROM_VILLAGE') AS n`
  )!.n

/** Open error-level findings on village rows still in play: the export gate holds their rows' changes back. */
export const openErrorFindings = (db: Db, rowIds?: readonly number[]): { village_row_id: number; code: FindingCode }[] =>
  db.all(sql`SELECT f.village_row_id, f.code FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE f.severity = 'error' AND f.village_row_id IS NOT NULL AND NOT ${raw(RESOLVED_SQL)}
       ${rowIds ? sql`AND f.village_row_id ${inJson(rowIds)}` : raw('')} ORDER BY f.village_row_id, f.code`)

/** Open PROBABLE_MATCH findings of rows not excluded: the master person each names may be that row's person. */
export const openProbableCandidates = (
  db: Db,
  masterIds?: readonly number[]
): { master_row_id: number; village_row_id: number; file_name: string; row_no: number; nama: string }[] =>
  db.all(sql`SELECT f.master_row_id, f.village_row_id, s.file_name, v.row_no, v.nama
     FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
     JOIN village_rows v ON v.id = f.village_row_id JOIN sources s ON s.id = v.source_id
     WHERE f.code = 'PROBABLE_MATCH' AND f.master_row_id IS NOT NULL AND v.status != 'excluded' AND NOT ${raw(RESOLVED_SQL)}
       ${masterIds ? sql`AND f.master_row_id ${inJson(masterIds)}` : raw('')}
     ORDER BY f.master_row_id, s.id, v.row_no`)

/**
 * Every desa whose next package these rows can bear on: the desa of their findings and sources, and
 * of every finding on the master people they name (a removal in one desa is held by an open
 * PROBABLE_MATCH from another). The board's cache recomputes these after a review command.
 */
export const desaOfRows = (
  db: Db,
  villageIds: readonly number[],
  masterIds: readonly number[]
): { desa_key: string | null; desa: string | null }[] =>
  db.all(sql`WITH vr(id) AS (SELECT value FROM json_each(${JSON.stringify(villageIds)})),
       mr(id) AS (SELECT value FROM json_each(${JSON.stringify(masterIds)})
                  UNION SELECT f.master_row_id FROM findings f WHERE f.village_row_id IN vr AND f.master_row_id IS NOT NULL)
     SELECT f.desa_key, NULL AS desa FROM findings f WHERE f.village_row_id IN vr OR f.master_row_id IN mr
     UNION SELECT s.desa_key, s.desa FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id IN vr
     UNION SELECT m.desa_key, NULL FROM master_rows m WHERE m.id IN mr`)

/**
 * Whether any finding of these rows, or of the master people they name (as desaOfRows reads them),
 * has a decision, whatever it says. None before and none after a command: the next package of no
 * desa can have changed (it is built from decided findings alone).
 */
export const decidedAround = (db: Db, villageIds: readonly number[], masterIds: readonly number[]): boolean =>
  db.get<{ n: number }>(sql`WITH vr(id) AS (SELECT value FROM json_each(${JSON.stringify(villageIds)})),
       mr(id) AS (SELECT value FROM json_each(${JSON.stringify(masterIds)})
                  UNION SELECT f.master_row_id FROM findings f WHERE f.village_row_id IN vr AND f.master_row_id IS NOT NULL)
     SELECT EXISTS (SELECT 1 FROM findings f JOIN decisions d ON d.finding_key = f.key
                    WHERE f.village_row_id IN vr OR f.master_row_id IN mr) AS n`)!.n === 1
