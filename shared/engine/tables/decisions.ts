/**
 * `decisions`: the operator's answer to a finding, keyed by the finding's key, with a removal's
 * basis. A decision resolves its finding only while the village value is still the one it was
 * made about (RESOLVED_SQL): status is derived, never stored.
 */
import type { Db } from '../db'
import { inJson, raw, sql } from './sql'

/** SQL: 1 when finding f is resolved by its decision d. */
export const RESOLVED_SQL = `(d.finding_key IS NOT NULL AND (d.value IS NULL OR d.value IS f.village_value))`

/** SQL: decision d accepts what the village reports (a change the package carries). */
export const ACCEPTED_SQL = `d.action IN ('accept_village', 'edited', 'verified')`

export const DECISION_COLUMNS = ['finding_key', 'action', 'value', 'at', 'by', 'reason', 'basis_kind', 'basis_no', 'basis_date'] as const

export interface DecisionRow {
  finding_key: string
  action: string
  value: string | null
  at: string
  by: string
  reason: string | null
  basis_kind: string | null
  basis_no: string | null
  basis_date: string | null
}

/** Records a decision; a new decision on the same finding replaces the old one, basis included. */
export function upsertDecision(db: Db, d: DecisionRow): void {
  db.run(sql`INSERT INTO decisions (finding_key, action, value, at, by, reason, basis_kind, basis_no, basis_date) VALUES (${d.finding_key}, ${d.action}, ${d.value}, ${d.at}, ${d.by}, ${d.reason}, ${d.basis_kind}, ${d.basis_no}, ${d.basis_date})
     ON CONFLICT(finding_key) DO UPDATE SET action = excluded.action, value = excluded.value, at = excluded.at, by = excluded.by,
       reason = excluded.reason, basis_kind = excluded.basis_kind, basis_no = excluded.basis_no, basis_date = excluded.basis_date`)
}

/** A decision carried over to a replacing file's finding. */
export function replaceDecision(db: Db, d: DecisionRow): void {
  db.run(
    sql`INSERT OR REPLACE INTO decisions (finding_key, action, value, at, by, reason, basis_kind, basis_no, basis_date) VALUES (${d.finding_key}, ${d.action}, ${d.value}, ${d.at}, ${d.by}, ${d.reason}, ${d.basis_kind}, ${d.basis_no}, ${d.basis_date})`
  )
}

/** SQL: the row a decision's finding key names ('v12' of `CODE:v12` and of `CODE:v12:field`). */
const REST = `substr(finding_key, instr(finding_key, ':') + 1)`
const TARGET_OF_KEY = `(CASE WHEN instr(${REST}, ':') > 0 THEN substr(${REST}, 1, instr(${REST}, ':') - 1) ELSE ${REST} END)`

/** A stored decision as undo keeps it; entries written before the removal basis existed lack its four columns. */
export type StoredDecision = { [K in (typeof DECISION_COLUMNS)[number]]?: string | null } & {
  finding_key: string
  action: string
  at: string
  by: string
}

/** The decisions on the findings of these rows ('v12') or master people ('m7'), with which one each is about. */
export const decisionsOfTargets = (db: Db, targets: readonly string[]): (StoredDecision & { target: string })[] =>
  db.all(
    sql`SELECT ${raw(TARGET_OF_KEY)} AS target, ${raw(DECISION_COLUMNS.join(', '))} FROM decisions WHERE ${raw(TARGET_OF_KEY)} ${inJson(targets)} ORDER BY finding_key`
  )

export const deleteDecisionsOfTargets = (db: Db, targets: readonly string[]): void =>
  db.run(sql`DELETE FROM decisions WHERE ${raw(TARGET_OF_KEY)} ${inJson(targets)}`)

/** Puts stored decisions back as they were (undo, redo). */
export function insertDecisions(db: Db, decisions: readonly StoredDecision[]): void {
  db.runMany(
    `INSERT INTO decisions (${DECISION_COLUMNS.join(', ')}) VALUES (${DECISION_COLUMNS.map(() => '?').join(', ')})`,
    decisions.map((d) => DECISION_COLUMNS.map((c) => d[c] ?? null))
  )
}
