/**
 * Undo and redo of review actions (edit, resolve, verify, exclude, deactivate, and the bulk
 * actions), kept in the workspace so they survive a restart. An action records the state of the
 * village rows (or master people) it changed — their values, status and the decisions on their
 * findings, with a removal's basis — before and after; undo puts the "before" back, redo the
 * "after", and the findings are recomputed as after any edit. A bulk action is one entry holding
 * the snapshots of all its rows: one undo step. Undo and redo are themselves journaled commands
 * and audited (per row): history is never rewritten.
 */
import type { UndoLabel, UndoState } from '../../api/types'
import { EDITABLE_FIELDS } from '../../domain/fields'
import { audit } from '../audit'
import { IN, type Db } from '../db'
import { recomputeRows } from '../match/recompute'
import type { ApplyContext } from './types'

/** What an action changed: a village row ('v') or a master person's decisions ('m'). */
export interface UndoTarget {
  kind: 'v' | 'm'
  id: number
}

const DECISION_COLUMNS = ['finding_key', 'action', 'value', 'at', 'by', 'reason', 'basis_kind', 'basis_no', 'basis_date'] as const

/** A stored decision; entries written before the removal basis existed lack its four columns. */
type Decision = { [K in (typeof DECISION_COLUMNS)[number]]?: string | null } & { finding_key: string; action: string; at: string; by: string }

interface Snapshot {
  target: UndoTarget
  row: Record<string, string> | null
  decisions: Decision[]
}

const ROW_COLUMNS = [...EDITABLE_FIELDS, 'nik_origin', 'status', 'status_at', 'status_by'] as const
/** The row columns findings are computed from (with whether it is excluded). */
const FINDING_INPUTS = [...EDITABLE_FIELDS, 'nik_origin'] as const
/** SQL: the row a decision's finding key names ('v12' of `CODE:v12` and of `CODE:v12:field`). */
const REST = `substr(finding_key, instr(finding_key, ':') + 1)`
const TARGET_OF_KEY = `(CASE WHEN instr(${REST}, ':') > 0 THEN substr(${REST}, 1, instr(${REST}, ':') - 1) ELSE ${REST} END)`
const nameOf = (t: UndoTarget) => `${t.kind}${t.id}`
const json = (v: unknown) => JSON.stringify(v)

function capture(db: Db, targets: readonly UndoTarget[]): Snapshot[] {
  const villageIds = targets.filter((t) => t.kind === 'v').map((t) => t.id)
  const rows = new Map<number, Record<string, string>>()
  if (villageIds.length > 0) {
    for (const r of db.all<Record<string, string>>(`SELECT id, ${ROW_COLUMNS.join(', ')} FROM village_rows WHERE ${IN('id')}`, [json(villageIds)])) {
      const { id, ...values } = r
      rows.set(Number(id), values)
    }
  }
  const decisions = new Map<string, Decision[]>()
  for (const d of db.all<Decision & { target: string }>(
    `SELECT ${TARGET_OF_KEY} AS target, ${DECISION_COLUMNS.join(', ')} FROM decisions WHERE ${IN(TARGET_OF_KEY)} ORDER BY finding_key`,
    [json(targets.map(nameOf))]
  )) {
    const { target, ...decision } = d
    const list = decisions.get(target)
    if (list) list.push(decision)
    else decisions.set(target, [decision])
  }
  return targets.map((target) => ({ target, row: target.kind === 'v' ? (rows.get(target.id) ?? null) : null, decisions: decisions.get(nameOf(target)) ?? [] }))
}

function restore(db: Db, snapshots: Snapshot[], todayIso: string): void {
  db.run(`DELETE FROM decisions WHERE ${IN(TARGET_OF_KEY)}`, [json(snapshots.map((s) => nameOf(s.target)))])
  db.runMany(
    `INSERT INTO decisions (${DECISION_COLUMNS.join(', ')}) VALUES (${DECISION_COLUMNS.map(() => '?').join(', ')})`,
    snapshots.flatMap((s) => s.decisions.map((d) => DECISION_COLUMNS.map((c) => d[c] ?? null)))
  )
  const rowIds: number[] = []
  const niks: string[] = []
  const kks: string[] = []
  for (const { target, row } of snapshots) {
    if (target.kind !== 'v' || !row) continue
    const now = db.get<Record<string, string>>(`SELECT ${ROW_COLUMNS.join(', ')} FROM village_rows WHERE id = ?`, [target.id])
    if (!now) continue
    db.run(`UPDATE village_rows SET ${ROW_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [...ROW_COLUMNS.map((c) => row[c] ?? null), target.id])
    // Findings depend on the values and on whether the row is excluded, not on verified/open.
    const excludedBefore = now.status === 'excluded'
    const excludedAfter = row.status === 'excluded'
    if (excludedBefore === excludedAfter && FINDING_INPUTS.every((c) => (now[c] ?? null) === (row[c] ?? null))) continue
    rowIds.push(target.id)
    niks.push(now.nik ?? '', row.nik ?? '')
    kks.push(now.no_kk ?? '')
  }
  // One recomputation for all rows put back: the same result as one per row, without the repeats.
  if (rowIds.length > 0) recomputeRows(db, rowIds, niks, todayIso, kks)
}

/** The snapshots of an entry: a list (since bulk actions), or one snapshot (entries written before). */
function snapshotsOf(text: string): Snapshot[] {
  const parsed = JSON.parse(text) as Snapshot | Snapshot[]
  return Array.isArray(parsed) ? parsed : [parsed]
}

/**
 * Runs a review action and records it for undo when it changed something; a new action clears
 * the redo stack. `targets`: every row (or master person) the action may change.
 */
export function undoable(ctx: ApplyContext, targets: readonly UndoTarget[], label: UndoLabel, run: () => void): void {
  const unique = [...new Map(targets.map((t) => [nameOf(t), t])).values()]
  const before = capture(ctx.db, unique)
  run()
  const after = capture(ctx.db, unique)
  const beforeText = json(before)
  const afterText = json(after)
  if (beforeText === afterText) return
  ctx.db.run('DELETE FROM undo_log WHERE undone = 1')
  ctx.db.run('INSERT INTO undo_log (at, by, label, before, after) VALUES (?, ?, ?, ?, ?)', [ctx.at, ctx.by, json(label), beforeText, afterText])
}

interface Entry {
  id: number
  label: string
  before: string
  after: string
}

/** The action undo would revert (the newest not undone) or redo would repeat (the oldest undone). */
function next(db: Db, direction: 'undo' | 'redo'): Entry | undefined {
  return direction === 'undo'
    ? db.get<Entry & { [k: string]: string | number }>('SELECT id, label, before, after FROM undo_log WHERE undone = 0 ORDER BY id DESC LIMIT 1')
    : db.get<Entry & { [k: string]: string | number }>('SELECT id, label, before, after FROM undo_log WHERE undone = 1 ORDER BY id ASC LIMIT 1')
}

/** The targets of the next undo or redo, for the caller to know which rows will change. */
export function pendingTargets(db: Db, direction: 'undo' | 'redo'): { targets: UndoTarget[]; niks: string[]; kks: string[] } | null {
  const e = next(db, direction)
  if (!e) return null
  const snapshots = [...snapshotsOf(e.before), ...snapshotsOf(e.after)]
  const pick = (k: 'nik' | 'no_kk') => [...new Set(snapshots.map((s) => s.row?.[k]).filter((v): v is string => !!v))]
  return { targets: snapshotsOf(e.before).map((s) => s.target), niks: pick('nik'), kks: pick('no_kk') }
}

/** Undo or redo one action (all rows of a bulk action at once); false when there is nothing to undo or redo. */
export function applyUndo(ctx: ApplyContext, direction: 'undo' | 'redo'): boolean {
  const e = next(ctx.db, direction)
  if (!e) return false
  const snapshots = snapshotsOf(direction === 'undo' ? e.before : e.after)
  restore(ctx.db, snapshots, ctx.todayIso)
  ctx.db.run('UPDATE undo_log SET undone = ? WHERE id = ?', [direction === 'undo' ? 1 : 0, e.id])
  for (const s of snapshots) audit(ctx, { action: direction, rowId: nameOf(s.target), detail: e.label })
  return true
}

/** A stored label, with the fields labels written before bulk actions lack. */
function labelOf(text: string): UndoLabel {
  return { count: null, ...(JSON.parse(text) as Omit<UndoLabel, 'count'> & { count?: number | null }) }
}

export function undoState(db: Db): UndoState {
  const label = (e: Entry | undefined) => (e ? labelOf(e.label) : null)
  return { undo: label(next(db, 'undo')), redo: label(next(db, 'redo')) }
}
