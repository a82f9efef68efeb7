/**
 * `findings`: what the checks found, recomputed after every change (match/recompute.ts). Keyed by
 * `CODE:v12[:field]` / `CODE:m7`, so a decision survives a recomputation that finds the same thing.
 */
import type { PersonField } from '../../domain/fields'
import type { FindingCode } from '../../domain/findings'
import type { Db } from '../db'
import { type DecisionRow, RESOLVED_SQL } from './decisions'
import { inJson, raw, sql } from './sql'

/** A finding as the checks produce it (params as an object). */
export interface FindingRecord {
  key: string
  code: FindingCode
  severity: 'error' | 'warning' | 'info'
  source_id: number | null
  village_row_id: number | null
  master_row_id: number | null
  desa_key: string
  field: PersonField | null
  village_value: string | null
  master_value: string | null
  params: Record<string, string>
}

/** A finding as stored (params as JSON). */
export type FindingRow = Omit<FindingRecord, 'params'> & { params: string }

export function insertFindings(db: Db, findings: readonly FindingRecord[]): void {
  db.runMany(
    `INSERT OR REPLACE INTO findings (key, code, severity, source_id, village_row_id, master_row_id, desa_key, field, village_value, master_value, params)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    findings.map((f) => [
      f.key,
      f.code,
      f.severity,
      f.source_id,
      f.village_row_id,
      f.master_row_id,
      f.desa_key,
      f.field,
      f.village_value,
      f.master_value,
      JSON.stringify(f.params)
    ])
  )
}

export const deleteAllFindings = (db: Db): void => db.run('DELETE FROM findings')

export const deleteFindingsOfSources = (db: Db, sourceIds: readonly number[]): void =>
  db.run(sql`DELETE FROM findings WHERE source_id ${inJson(sourceIds)}`)

export const deleteFindingsOfRows = (db: Db, rowIds: readonly number[]): void =>
  db.run(sql`DELETE FROM findings WHERE village_row_id ${inJson(rowIds)}`)

/** DUPLICATE_NIK_ACROSS_VILLAGES of the rows holding these NIKs. */
export const deleteAcrossVillagesOfNiks = (db: Db, niks: readonly string[]): void =>
  db.run(
    sql`DELETE FROM findings WHERE code = 'DUPLICATE_NIK_ACROSS_VILLAGES' AND village_row_id IN (SELECT id FROM village_rows WHERE nik ${inJson(niks)})`
  )

export const deleteMissingOfDesa = (db: Db, desaKeys: readonly string[]): void =>
  db.run(sql`DELETE FROM findings WHERE code = 'MISSING_FROM_VILLAGE' AND desa_key ${inJson(desaKeys)}`)

export const deleteMissingOfNiks = (db: Db, niks: readonly string[]): void =>
  db.run(
    sql`DELETE FROM findings WHERE code = 'MISSING_FROM_VILLAGE' AND master_row_id IN (SELECT id FROM master_rows WHERE nik ${inJson(niks)})`
  )

/** Findings with these codes in these files, of the families with these KKs. */
export const deleteFamilyFindings = (db: Db, codes: readonly string[], sourceIds: readonly number[], kks: readonly string[]): void =>
  db.run(
    sql`DELETE FROM findings WHERE code ${inJson(codes)} AND source_id ${inJson(sourceIds)} AND village_row_id IN (SELECT id FROM village_rows WHERE no_kk ${inJson(kks)})`
  )

export const findingByKey = (db: Db, key: string): FindingRow | undefined => db.get(sql`SELECT * FROM findings WHERE key = ${key}`)

/** The row or master person a finding is about, with its code and field. */
export const findingSubject = (db: Db, key: string): Pick<FindingRow, 'code' | 'field' | 'village_row_id' | 'master_row_id'> | undefined =>
  db.get(sql`SELECT code, field, village_row_id, master_row_id FROM findings WHERE key = ${key}`)

/** The FIELD_MISMATCH on one field of a row. */
export const mismatchOn = (db: Db, rowId: number, field: PersonField): Pick<FindingRow, 'key'> | undefined =>
  db.get(sql`SELECT key FROM findings WHERE village_row_id = ${rowId} AND code = 'FIELD_MISMATCH' AND field = ${field}`)

export const statusChangeOf = (db: Db, rowId: number): Pick<FindingRow, 'key' | 'village_value'> | undefined =>
  db.get(sql`SELECT key, village_value FROM findings WHERE village_row_id = ${rowId} AND code = 'STATUS_CHANGE'`)

export const missingFindingOf = (db: Db, masterId: number): Pick<FindingRow, 'key'> | undefined =>
  db.get(sql`SELECT key FROM findings WHERE master_row_id = ${masterId} AND code = 'MISSING_FROM_VILLAGE'`)

/** Whether the finding with this key still holds these values (a decision on it still applies). */
export const findingStillHolds = (db: Db, key: string, villageValue: string | null, masterValue: string | null): boolean =>
  db.get(sql`SELECT 1 FROM findings WHERE key = ${key} AND village_value IS ${villageValue} AND master_value IS ${masterValue}`) !==
  undefined

/** A finding with its decision and whether that resolves it. */
export type DecidedFinding = Pick<FindingRow, 'code' | 'params'> &
  Pick<DecisionRow, 'basis_no'> & { action: string | null; resolved: number }

export const decidedFinding = (db: Db, key: string): DecidedFinding | undefined =>
  db.get(
    sql`SELECT f.code, f.params, d.action, d.basis_no, ${raw(RESOLVED_SQL)} AS resolved FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key WHERE f.key = ${key}`
  )

/** A row's findings no decision resolves. */
export const openFindingsOfRow = (db: Db, rowId: number): Pick<FindingRow, 'key' | 'code' | 'severity' | 'village_value'>[] =>
  db.all(sql`SELECT f.key, f.code, f.severity, f.village_value FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE f.village_row_id = ${rowId} AND NOT ${raw(RESOLVED_SQL)}`)

/** A row's status and how many of its findings are open. */
export const rowStatusAndOpen = (db: Db, rowId: number): { status: string; open: number } | undefined =>
  db.get(sql`SELECT v.status, (SELECT COUNT(*) FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key WHERE f.village_row_id = v.id AND NOT ${raw(RESOLVED_SQL)}) AS open
       FROM village_rows v WHERE v.id = ${rowId}`)

export type DecidedOfSource = Pick<FindingRow, 'key' | 'code' | 'field' | 'village_value' | 'master_value'> & {
  village_row_id: number
} & Omit<DecisionRow, 'finding_key'>

/** The decided findings of these files (carried over when a new version replaces them). */
export const decidedFindingsOfSources = (db: Db, sourceIds: readonly number[]): DecidedOfSource[] =>
  db.all(sql`SELECT f.key, f.code, f.field, f.village_value, f.master_value, f.village_row_id, d.action, d.value, d.at, d.by, d.reason, d.basis_kind, d.basis_no, d.basis_date
     FROM findings f JOIN decisions d ON d.finding_key = f.key WHERE f.source_id ${inJson(sourceIds)}`)
