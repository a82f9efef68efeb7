/**
 * Undo and redo of review actions (edit, resolve, verify, exclude, deactivate, and the bulk
 * actions), kept in the workspace so they survive a restart. An action records the state of the
 * village rows (or master people) it changed — their values, status and the decisions on their
 * findings, with a removal's basis — before and after; undo puts the "before" back, redo the
 * "after", and the findings are recomputed as after any edit. A bulk action is one entry holding
 * the snapshots of all its rows: one undo step. Undo and redo are themselves journaled commands
 * and audited (per row): history is never rewritten. Each snapshot names its person (`subject`):
 * an entry whose row or master person is no longer that person (a renewed master gave the row id
 * to someone else, a replacing file made the row inactive) is refused, never applied to another.
 */
import type { UndoLabel, UndoState } from '../../api/types'
import { EDITABLE_FIELDS } from '../../domain/fields'
import { audit } from '../audit'
import type { Db } from '../db'
import { cermatError } from '../errors'
import { recomputeRows } from '../match/recompute'
import {
  decisionsOfTargets,
  deleteDecisionsOfTargets,
  fillDecisionIdentity,
  insertDecisions,
  reviewStaleDecisions,
  type StoredDecision
} from '../tables/decisions'
import { masterSubjects } from '../tables/master-rows'
import { nextUndoEntry, pushUndoEntry, setUndone, type UndoEntry } from '../tables/undo-log'
import { activeSubjects, setVillageColumns, villageColumns, villageColumnsOf } from '../tables/village-rows'
import type { ApplyContext } from './types'

/** What an action changed: a village row ('v') or a master person's decisions ('m'). */
export interface UndoTarget {
  kind: 'v' | 'm'
  id: number
}

interface Snapshot {
  target: UndoTarget
  /** The person the target was when captured; null when it was no longer an active row. */
  subject?: string | null
  row: Record<string, string> | null
  decisions: StoredDecision[]
}

const ROW_COLUMNS = [...EDITABLE_FIELDS, 'nik_origin', 'status', 'status_at', 'status_by'] as const
/** The row columns findings are computed from (with whether it is excluded). */
const FINDING_INPUTS = [...EDITABLE_FIELDS, 'nik_origin'] as const
/** How decision keys name a target: a village row by its id (ids are never reused), a master person by their subject. */
const nameOf = (t: UndoTarget, subject: string | null | undefined) => (t.kind === 'v' ? `v${t.id}` : (subject ?? `m${t.id}`))
const json = (v: unknown) => JSON.stringify(v)

function capture(db: Db, targets: readonly UndoTarget[]): Snapshot[] {
  const villageIds = targets.filter((t) => t.kind === 'v').map((t) => t.id)
  const rows = new Map<number, Record<string, string>>()
  if (villageIds.length > 0) {
    for (const r of villageColumns(db, villageIds, ROW_COLUMNS)) {
      const { id, ...values } = r
      rows.set(Number(id), values as Record<string, string>)
    }
  }
  const subjects = subjectsOf(db, targets)
  const decisions = new Map<string, StoredDecision[]>()
  for (const d of decisionsOfTargets(
    db,
    targets.map((t, i) => nameOf(t, subjects[i]))
  )) {
    const { target, ...decision } = d
    const list = decisions.get(target)
    if (list) list.push(decision)
    else decisions.set(target, [decision])
  }
  return targets.map((target, i) => ({
    target,
    subject: subjects[i] ?? null,
    row: target.kind === 'v' ? (rows.get(target.id) ?? null) : null,
    decisions: decisions.get(nameOf(target, subjects[i])) ?? []
  }))
}

/** Who each target is now: an active village row's or a master person's subject; null when none. */
function subjectsOf(db: Db, targets: readonly UndoTarget[]): (string | null)[] {
  const village = activeSubjects(
    db,
    targets.filter((t) => t.kind === 'v').map((t) => t.id)
  )
  const master = masterSubjects(
    db,
    targets.filter((t) => t.kind === 'm').map((t) => t.id)
  )
  return targets.map((t) => (t.kind === 'v' ? village.get(t.id) : master.get(t.id)) ?? null)
}

/** Whether putting `row` back over `now` changes what findings are computed from. */
function changesFindings(now: Record<string, string>, row: Record<string, string>): boolean {
  // Findings depend on the values and on whether the row is excluded, not on verified/open.
  if ((now.status === 'excluded') !== (row.status === 'excluded')) return true
  return !FINDING_INPUTS.every((c) => (now[c] ?? null) === (row[c] ?? null))
}

function restore(db: Db, snapshots: Snapshot[], todayIso: string): void {
  deleteDecisionsOfTargets(
    db,
    snapshots.map((s) => nameOf(s.target, s.subject))
  )
  insertDecisions(
    db,
    snapshots.flatMap((s) => s.decisions)
  )
  fillDecisionIdentity(db)
  const rowIds: number[] = []
  const niks: string[] = []
  const kks: string[] = []
  for (const { target, row } of snapshots) {
    if (target.kind !== 'v' || !row) continue
    const now = villageColumnsOf(db, target.id, ROW_COLUMNS) as Record<string, string> | undefined
    if (!now) continue
    setVillageColumns(
      db,
      target.id,
      ROW_COLUMNS,
      ROW_COLUMNS.map((c) => row[c] ?? null)
    )
    if (!changesFindings(now, row)) continue
    rowIds.push(target.id)
    niks.push(now.nik ?? '', row.nik ?? '')
    kks.push(now.no_kk ?? '')
  }
  // One recomputation for all rows put back: the same result as one per row, without the repeats.
  if (rowIds.length > 0) recomputeRows(db, rowIds, niks, todayIso, kks)
  // A decision put back after a new master or file changed what it stood on is reviewed, never re-applied.
  reviewStaleDecisions(
    db,
    snapshots.flatMap((s) => s.decisions.map((d) => d.finding_key))
  )
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
  const unique = [...new Map(targets.map((t) => [`${t.kind}${t.id}`, t])).values()]
  const before = capture(ctx.db, unique)
  run()
  const after = capture(ctx.db, unique)
  const beforeText = json(before)
  const afterText = json(after)
  if (beforeText === afterText) return
  pushUndoEntry(ctx.db, { at: ctx.at, by: ctx.by, label: json(label), before: beforeText, after: afterText })
}

const next = nextUndoEntry

/**
 * The targets of the next undo or redo, for the caller to know which rows will change; `recomputes`:
 * whether restore() will recompute findings (then rows sharing their NIKs and KKs can change too).
 */
export function pendingTargets(
  db: Db,
  direction: 'undo' | 'redo'
): { targets: UndoTarget[]; niks: string[]; kks: string[]; recomputes: boolean } | null {
  const e = next(db, direction)
  if (!e) return null
  const snapshots = [...snapshotsOf(e.before), ...snapshotsOf(e.after)]
  const pick = (k: 'nik' | 'no_kk') => [...new Set(snapshots.map((s) => s.row?.[k]).filter((v): v is string => !!v))]
  const restored = snapshotsOf(direction === 'undo' ? e.before : e.after)
  return {
    targets: snapshotsOf(e.before).map((s) => s.target),
    niks: pick('nik'),
    kks: pick('no_kk'),
    recomputes: recomputes(db, restored)
  }
}

/** Whether restore(snapshots) will recompute any row: the same test, on the rows as they are now. */
function recomputes(db: Db, snapshots: Snapshot[]): boolean {
  const put = snapshots.filter((s) => s.target.kind === 'v' && s.row)
  if (put.length === 0) return false
  const now = new Map(
    villageColumns(
      db,
      put.map((s) => s.target.id),
      ROW_COLUMNS
    ).map((r) => [Number(r.id), r as Record<string, string>])
  )
  return put.some((s) => {
    const cur = now.get(s.target.id)
    return cur !== undefined && changesFindings(cur, s.row!)
  })
}

/** Undo or redo one action (all rows of a bulk action at once); false when there is nothing to undo or redo. */
export function applyUndo(ctx: ApplyContext, direction: 'undo' | 'redo'): boolean {
  const e = next(ctx.db, direction)
  if (!e) return false
  const snapshots = snapshotsOf(direction === 'undo' ? e.before : e.after)
  checkSamePeople(ctx.db, snapshotsOf(direction === 'undo' ? e.after : e.before))
  restore(ctx.db, snapshots, ctx.todayIso)
  setUndone(ctx.db, e.id, direction === 'undo')
  for (const s of snapshots) audit(ctx, { action: direction, rowId: `${s.target.kind}${s.target.id}`, detail: e.label })
  return true
}

/**
 * Refuses an undo or redo whose rows are no longer the people they were: `current` is the side of
 * the entry the workspace should be in now; each of its targets must still be the same person.
 */
function checkSamePeople(db: Db, current: Snapshot[]): void {
  const now = subjectsOf(
    db,
    current.map((s) => s.target)
  )
  current.forEach((s, i) => {
    if (s.subject === undefined || s.subject === now[i]) return
    throw cermatError('UNDO_TARGET_CHANGED', {
      rowId: `${s.target.kind}${s.target.id}`,
      nama: s.row?.nama ?? '',
      subject: s.subject ?? ''
    })
  })
}

/** A stored label, with the fields labels written before bulk actions lack. */
function labelOf(text: string): UndoLabel {
  return { count: null, ...(JSON.parse(text) as Omit<UndoLabel, 'count'> & { count?: number | null }) }
}

export function undoState(db: Db): UndoState {
  const label = (e: UndoEntry | undefined) => (e ? labelOf(e.label) : null)
  return { undo: label(next(db, 'undo')), redo: label(next(db, 'redo')) }
}
