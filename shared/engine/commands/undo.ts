/**
 * Undo and redo of review actions (edit, resolve, verify, exclude), kept in the workspace so they
 * survive a restart. An action records the state of the one village row (or master person) it
 * changed — its values, status and the decisions on its findings — before and after; undo puts
 * the "before" back, redo the "after", and the findings are recomputed as after any edit.
 * Undo and redo are themselves journaled commands and audited: history is never rewritten.
 */
import type { UndoLabel, UndoState } from '../../api/types'
import { EDITABLE_FIELDS } from '../../domain/fields'
import { audit } from '../audit'
import type { Db } from '../db'
import { recomputeRows } from '../match/recompute'
import type { ApplyContext } from './types'

/** What an action changed: a village row ('v') or a master person's decisions ('m'). */
export interface UndoTarget {
  kind: 'v' | 'm'
  id: number
}

interface Decision {
  finding_key: string
  action: string
  value: string | null
  at: string
  by: string
}

interface Snapshot {
  target: UndoTarget
  row: Record<string, string> | null
  decisions: Decision[]
}

const ROW_COLUMNS = [...EDITABLE_FIELDS, 'nik_origin', 'status', 'status_at', 'status_by'] as const
/** Decisions on the findings of one row: keys `CODE:v12` and `CODE:v12:field`. */
const DECISIONS_OF = `(finding_key GLOB ? OR finding_key GLOB ?)`
const decisionPatterns = (t: UndoTarget) => [`*:${t.kind}${t.id}`, `*:${t.kind}${t.id}:*`]

function capture(db: Db, target: UndoTarget): Snapshot {
  const row =
    target.kind === 'v'
      ? (db.get<Record<string, string>>(`SELECT ${ROW_COLUMNS.join(', ')} FROM village_rows WHERE id = ?`, [target.id]) ?? null)
      : null
  const decisions = db.all<Decision & { [k: string]: string | null }>(
    `SELECT finding_key, action, value, at, by FROM decisions WHERE ${DECISIONS_OF} ORDER BY finding_key`,
    decisionPatterns(target)
  )
  return { target, row, decisions }
}

function restore(db: Db, s: Snapshot, todayIso: string): void {
  const { target } = s
  db.run(`DELETE FROM decisions WHERE ${DECISIONS_OF}`, decisionPatterns(target))
  db.runMany(
    'INSERT INTO decisions (finding_key, action, value, at, by) VALUES (?, ?, ?, ?, ?)',
    s.decisions.map((d) => [d.finding_key, d.action, d.value, d.at, d.by])
  )
  if (target.kind !== 'v' || !s.row) return
  const now = db.get<{ nik: string; no_kk: string }>('SELECT nik, no_kk FROM village_rows WHERE id = ?', [target.id])
  if (!now) return
  const row = s.row
  db.run(`UPDATE village_rows SET ${ROW_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [...ROW_COLUMNS.map((c) => row[c] ?? null), target.id])
  recomputeRows(db, [target.id], [now.nik, row.nik ?? ''], todayIso, [now.no_kk])
}

/**
 * Runs a review action and records it for undo when it changed something; a new action clears
 * the redo stack.
 */
export function undoable(ctx: ApplyContext, target: UndoTarget, label: UndoLabel, run: () => void): void {
  const before = capture(ctx.db, target)
  run()
  const after = capture(ctx.db, target)
  if (JSON.stringify(before) === JSON.stringify(after)) return
  ctx.db.run('DELETE FROM undo_log WHERE undone = 1')
  ctx.db.run('INSERT INTO undo_log (at, by, label, before, after) VALUES (?, ?, ?, ?, ?)', [ctx.at, ctx.by, JSON.stringify(label), JSON.stringify(before), JSON.stringify(after)])
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

/** The target of the next undo or redo, for the caller to know which rows will change. */
export function pendingTarget(db: Db, direction: 'undo' | 'redo'): { target: UndoTarget; niks: string[]; kks: string[] } | null {
  const e = next(db, direction)
  if (!e) return null
  const before = JSON.parse(e.before) as Snapshot
  const after = JSON.parse(e.after) as Snapshot
  const pick = (k: 'nik' | 'no_kk') => [before.row?.[k], after.row?.[k]].filter((v): v is string => !!v)
  return { target: before.target, niks: pick('nik'), kks: pick('no_kk') }
}

/** Undo or redo one action; false when there is nothing to undo or redo. */
export function applyUndo(ctx: ApplyContext, direction: 'undo' | 'redo'): boolean {
  const e = next(ctx.db, direction)
  if (!e) return false
  const snapshot = JSON.parse(direction === 'undo' ? e.before : e.after) as Snapshot
  restore(ctx.db, snapshot, ctx.todayIso)
  ctx.db.run('UPDATE undo_log SET undone = ? WHERE id = ?', [direction === 'undo' ? 1 : 0, e.id])
  const t = snapshot.target
  audit(ctx, { action: direction, rowId: `${t.kind}${t.id}`, detail: e.label })
  return true
}

export function undoState(db: Db): UndoState {
  const label = (e: Entry | undefined) => (e ? (JSON.parse(e.label) as UndoLabel) : null)
  return { undo: label(next(db, 'undo')), redo: label(next(db, 'redo')) }
}
