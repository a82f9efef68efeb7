/**
 * `decisions`: the operator's answer to a finding, keyed by the finding's key, with a removal's
 * basis, the person it is about (`subject`, stable across a renewed master or a replacing file)
 * and its base: the finding's code, field, village and master values it was decided on. A decision
 * resolves its finding only while the village value is still the one it was made about and no
 * carry-forward put it up for review (RESOLVED_SQL): status is derived, never stored.
 */
import type { Db } from '../db'
import { inJson, raw, sql } from './sql'

/** SQL: 1 when finding f is resolved by its decision d. */
export const RESOLVED_SQL = `(d.finding_key IS NOT NULL AND d.carry IS NULL AND (d.value IS NULL OR d.value IS f.village_value))`

/** SQL: decision d accepts what the village reports (a change the package carries). */
export const ACCEPTED_SQL = `d.action IN ('accept_village', 'edited', 'verified')`

export const DECISION_COLUMNS = [
  'finding_key',
  'action',
  'value',
  'at',
  'by',
  'reason',
  'basis_kind',
  'basis_no',
  'basis_date',
  'subject',
  'code',
  'field',
  'base_village',
  'base_master',
  'carry'
] as const

/** Carry-forward state: NULL standing; 'review' its base changed; 'orphaned' its person is gone. */
export type CarryState = 'review' | 'orphaned' | null

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

/** A decision with what it was made on. */
export interface DecisionWithBase extends DecisionRow {
  subject: string | null
  code: string | null
  field: string | null
  base_village: string | null
  base_master: string | null
  carry: CarryState
}

/**
 * Records a decision on the finding with this key, with the finding's person, code, field and
 * values as its base; a new decision on the same finding replaces the old one (basis and review
 * state included). One statement: bulk actions call this per finding. The person is read by
 * scalar subqueries, not joins: sql.js ran the joined upsert about 10× slower (docs/benchmarks.md).
 */
export function upsertDecision(db: Db, d: DecisionRow): void {
  db.run(sql`INSERT INTO decisions (finding_key, action, value, at, by, reason, basis_kind, basis_no, basis_date, subject, code, field, base_village, base_master, carry)
     SELECT f.key, ${d.action}, ${d.value}, ${d.at}, ${d.by}, ${d.reason}, ${d.basis_kind}, ${d.basis_no}, ${d.basis_date},
            COALESCE((SELECT v.subject FROM village_rows v WHERE v.id = f.village_row_id),
                     (SELECT m.subject FROM master_rows m WHERE f.village_row_id IS NULL AND m.id = f.master_row_id)),
            f.code, f.field, f.village_value, f.master_value, NULL
       FROM findings f WHERE f.key = ${d.finding_key}
     ON CONFLICT(finding_key) DO UPDATE SET action = excluded.action, value = excluded.value, at = excluded.at, by = excluded.by,
       reason = excluded.reason, basis_kind = excluded.basis_kind, basis_no = excluded.basis_no, basis_date = excluded.basis_date,
       subject = excluded.subject, code = excluded.code, field = excluded.field, base_village = excluded.base_village,
       base_master = excluded.base_master, carry = NULL`)
}

/** A decision carried over to another finding (a replacing file's row), with its base and state. */
export function replaceDecision(db: Db, d: DecisionWithBase): void {
  db.run(
    sql`INSERT OR REPLACE INTO decisions (finding_key, action, value, at, by, reason, basis_kind, basis_no, basis_date, subject, code, field, base_village, base_master, carry)
        VALUES (${d.finding_key}, ${d.action}, ${d.value}, ${d.at}, ${d.by}, ${d.reason}, ${d.basis_kind}, ${d.basis_no}, ${d.basis_date},
                ${d.subject}, ${d.code}, ${d.field}, ${d.base_village}, ${d.base_master}, ${d.carry})`
  )
}

/** Every decision, with its base (carry-forward on a new master). */
export const allDecisions = (db: Db): DecisionWithBase[] =>
  db.all(sql`SELECT ${raw(DECISION_COLUMNS.join(', '))} FROM decisions ORDER BY finding_key`)

/** The decisions on master people (`m/…`) of one desa. */
export const masterDecisionsOfDesa = (db: Db, desaKey: string): DecisionWithBase[] =>
  db.all(
    sql`SELECT ${raw(DECISION_COLUMNS.map((c) => `d.${c}`).join(', '))} FROM decisions d
         WHERE d.subject IN (SELECT subject FROM master_rows WHERE desa_key = ${desaKey}) ORDER BY d.finding_key`
  )

/** Decisions put back by undo or redo whose finding no longer holds their base: up for review, not silently re-applied. */
export const reviewStaleDecisions = (db: Db, keys: readonly string[]): void =>
  db.run(sql`UPDATE decisions SET carry = 'review' WHERE finding_key ${inJson(keys)} AND carry IS NULL AND EXISTS (
      SELECT 1 FROM findings f WHERE f.key = decisions.finding_key AND (f.village_value IS NOT decisions.base_village OR f.master_value IS NOT decisions.base_master))`)

export const setDecisionCarry = (db: Db, key: string, carry: CarryState): void =>
  db.run(sql`UPDATE decisions SET carry = ${carry} WHERE finding_key = ${key}`)

export const deleteDecision = (db: Db, key: string): void => db.run(sql`DELETE FROM decisions WHERE finding_key = ${key}`)

/** Decisions whose person is gone (kept, listed in report.json). */
export const orphanedDecisions = (db: Db): DecisionWithBase[] =>
  db.all(sql`SELECT ${raw(DECISION_COLUMNS.join(', '))} FROM decisions WHERE carry = 'orphaned' ORDER BY subject, finding_key`)

/** SQL: the row a decision's finding key names ('v12' of `CODE:v12` and of `CODE:v12:field`; 'm/nik=…' of a master person's). */
const REST = `substr(finding_key, instr(finding_key, ':') + 1)`
const TARGET_OF_KEY = `(CASE WHEN instr(${REST}, ':') > 0 THEN substr(${REST}, 1, instr(${REST}, ':') - 1) ELSE ${REST} END)`

/** A stored decision as undo keeps it; entries written before the removal basis existed lack its four columns. */
export type StoredDecision = { [K in (typeof DECISION_COLUMNS)[number]]?: string | null } & {
  finding_key: string
  action: string
  at: string
  by: string
}

/** The decisions on the findings of these rows ('v12') or master people ('m/nik=…'), with which one each is about. */
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

/**
 * Fills a decision's subject, code, field and base from its finding where it lacks them (decisions
 * made before this version, and undo entries written then). A decision whose finding is gone gets
 * its code and row from its key.
 */
export function fillDecisionIdentity(db: Db): void {
  const rows = db.all<{
    finding_key: string
    subject: string | null
    field: string | null
    village_value: string | null
    master_value: string | null
    found: number
  }>(
    `SELECT d.finding_key, COALESCE(v.subject, m.subject) AS subject, f.field, f.village_value, f.master_value, f.key IS NOT NULL AS found
       FROM decisions d LEFT JOIN findings f ON f.key = d.finding_key
       LEFT JOIN village_rows v ON v.id = f.village_row_id
       LEFT JOIN master_rows m ON f.village_row_id IS NULL AND m.id = f.master_row_id
      WHERE d.subject IS NULL`
  )
  db.runMany(
    `UPDATE decisions SET subject = ?, code = ?, field = ?, base_village = ?, base_master = ? WHERE finding_key = ?`,
    rows.map((r) => {
      const [code = '', target = '', field = null] = r.finding_key.split(':')
      const subject =
        r.subject ??
        (target.startsWith('m/')
          ? target
          : (db.column<string>(`SELECT subject FROM village_rows WHERE id = ?`, [Number(target.slice(1))])[0] ?? null))
      return [subject, code, r.found ? r.field : field, r.village_value, r.master_value, r.finding_key]
    })
  )
}
