/**
 * Carry-forward as a three-way merge (docs/architecture.md, Identity): when a new master or a new
 * version of a village file arrives, each earlier decision, edit and verified/excluded status is
 * compared — what it was decided on (its base), the new data, and the decision:
 * - the new data already says what the decision said, or no longer disagrees → fulfilled ("sudah sesuai");
 * - base unchanged → carried (it stands on the same person's new finding);
 * - base changed → review ("perlu ditinjau ulang"): the finding is open again, old and new named;
 * - the person is gone → orphaned: kept and listed, never applied to anyone else.
 * Nothing is silently re-applied or dropped: every outcome is counted and audited.
 */
import type { CarryForwardCounts, ImportWarning } from '../../api/types'
import { NO_RELINKS, type Relink, type Relinks } from '../../domain/relink'
import { audit } from '../audit'
import type { Db } from '../db'
import { warn } from '../import/table-warnings'
import { findingKey } from '../match/row-findings'
import {
  allDecisions,
  type DecisionWithBase,
  deleteDecision,
  masterDecisionsOfDesa,
  replaceDecision,
  setDecisionCarry
} from '../tables/decisions'
import { findingByKey } from '../tables/findings'
import { masterHasNik, masterHasSubject } from '../tables/master-rows'
import { activeSubjects, setVillageStatus } from '../tables/village-rows'
import type { ApplyContext } from './types'

export type Outcome = keyof CarryForwardCounts

export const noCarry = (): CarryForwardCounts => ({ carried: 0, fulfilled: 0, review: 0, orphaned: 0 })

/** One earlier decision's outcome, for the audit entry and the warnings. */
export interface CarryItem {
  outcome: Outcome
  subject: string | null
  code: string | null
  field: string | null
  action: string
  old: { village: string | null; master: string | null }
  now?: { village: string | null; master: string | null }
  /** The person's NIK was corrected in the new master, linked by ID DTSEN / ID DTKS (relink.ts). */
  relinked?: Relink
}

/** A removal: the person leaves the register (a missing person or a village row's status change, accepted). */
const isRemoval = (d: DecisionWithBase) =>
  d.action === 'accept_village' && (d.code === 'MISSING_FROM_VILLAGE' || d.code === 'STATUS_CHANGE')

const rowIdOfKey = (key: string): number | null => {
  const target = key.split(':')[1] ?? ''
  return /^v\d+$/.test(target) ? Number(target.slice(1)) : null
}

interface Compared {
  outcome: Outcome
  now?: { village: string | null; master: string | null }
  found: boolean
  relinked?: Relink
}

/** The decision against the finding now under its key (same person: keys are stable). */
function compare(db: Db, d: DecisionWithBase, renamed?: ReadonlySet<string>, relinks: Relinks = NO_RELINKS): Compared {
  // A decision whose base named a NIK the new master corrected (a probable match's candidate, a removal).
  const byBase = relinks.byNik.get(d.base_master ?? '') ?? relinks.byNik.get(d.base_village ?? '')
  const f = findingByKey(db, d.finding_key)
  if (f) {
    const now = { village: f.village_value, master: f.master_value }
    const same = f.village_value === d.base_village && f.master_value === d.base_master
    return { outcome: same && d.carry === null ? 'carried' : 'review', now, found: true, ...(byBase ? { relinked: byBase } : {}) }
  }
  if (byBase) return { outcome: 'review', found: false, relinked: byBase }
  const followed = rowMasterRelinked(db, d, relinks)
  if (followed) return { outcome: d.carry === null ? 'carried' : 'review', found: false, relinked: followed }
  return { outcome: withoutFinding(db, d, renamed), found: false }
}

/**
 * A village row's decision about its master person (a field accepted, a status) when the row's NIK
 * is the one the master corrected: the person is still there, so the decision stands and follows
 * them; it resolves their finding again once the village's NIK is corrected too.
 */
function rowMasterRelinked(db: Db, d: DecisionWithBase, relinks: Relinks): Relink | undefined {
  if (relinks.byNik.size === 0 || (d.base_master === null && d.code !== 'STATUS_CHANGE')) return undefined
  const rowId = rowIdOfKey(d.finding_key)
  const nik = rowId === null ? null : villageNik(db, rowId)
  return nik === null || masterHasNik(db, nik) ? undefined : relinks.byNik.get(nik)
}

const villageNik = (db: Db, rowId: number): string | null =>
  db.get<{ nik: string }>(`SELECT nik FROM village_rows WHERE id = ?`, [rowId])?.nik ?? null

function withoutFinding(db: Db, d: DecisionWithBase, renamed?: ReadonlySet<string>): Outcome {
  // No finding: the new data no longer disagrees — unless the person it was about is gone.
  if (d.code === 'MISSING_FROM_VILLAGE') {
    const present = d.subject !== null && masterHasSubject(db, d.subject)
    // Still in the master under another NIK (a corrected NIK): flagged, never taken as removed.
    if (!present && d.subject !== null && renamed?.has(d.subject)) return 'orphaned'
    // Listed by the village again (or moved desa): the removal's basis is gone, so is the decision.
    if (present) return isRemoval(d) ? 'review' : 'fulfilled'
    return isRemoval(d) ? 'fulfilled' : 'orphaned'
  }
  if (d.base_master !== null || d.code === 'STATUS_CHANGE') {
    // About the row's master person: fulfilled while the row still finds one by NIK (or was a removal).
    const rowId = rowIdOfKey(d.finding_key)
    const nik = rowId === null ? null : villageNik(db, rowId)
    return isRemoval(d) || (nik !== null && masterHasNik(db, nik)) ? 'fulfilled' : 'orphaned'
  }
  return 'fulfilled'
}

/** Applies an outcome to a decision that stays under its key; one up for review without its finding goes (nothing to show it on). */
function settle(db: Db, d: DecisionWithBase, outcome: Outcome, found: boolean): void {
  if (outcome === 'fulfilled' || (outcome === 'review' && !found)) deleteDecision(db, d.finding_key)
  else if (outcome === 'review') setDecisionCarry(db, d.finding_key, 'review')
  else if (outcome === 'orphaned') setDecisionCarry(db, d.finding_key, 'orphaned')
}

/**
 * After a new master: every decision on an active row or a master person, against the findings
 * recomputed from it. Decisions on rows of replaced files were settled when they were replaced.
 */
export function carryForwardMaster(
  ctx: ApplyContext,
  renamed: ReadonlySet<string>,
  desaKey?: string,
  relinks: Relinks = NO_RELINKS
): { counts: CarryForwardCounts; items: CarryItem[] } {
  const { db } = ctx
  // After a village file: the removals of that desa's master people (whether the village lists them changed).
  const decisions = desaKey === undefined ? allDecisions(db) : masterDecisionsOfDesa(db, desaKey)
  const rowIds = decisions.map((d) => rowIdOfKey(d.finding_key)).filter((id): id is number => id !== null)
  const active = activeSubjects(db, rowIds)
  const counts = noCarry()
  const items: CarryItem[] = []
  const unverify = new Set<number>()
  for (const earlier of decisions) {
    const rowId = rowIdOfKey(earlier.finding_key)
    if (rowId !== null && !active.has(rowId)) continue
    // A master person whose NIK the new master corrected (same ID DTSEN / ID DTKS): the decision follows them.
    const moved = earlier.subject === null ? undefined : relinks.bySubject.get(earlier.subject)
    const d = moved ? moveDecision(db, earlier, moved) : earlier
    if (d.carry === 'orphaned' && !findingByKey(db, d.finding_key)) {
      counts.orphaned++
      continue
    }
    const compared = compare(db, d, renamed, relinks)
    const { outcome, now, found } = compared
    settle(db, d, outcome, found)
    counts[outcome]++
    if (outcome === 'review' && rowId !== null) unverify.add(rowId)
    const relinked = moved ?? compared.relinked
    items.push({ ...itemOf(earlier, outcome, now), ...(relinked ? { relinked } : {}) })
  }
  unverifyRows(ctx, [...unverify])
  return { counts, items }
}

/** A master person's decision moved to their corrected identity (its finding key names the person). */
function moveDecision(db: Db, d: DecisionWithBase, link: Relink): DecisionWithBase {
  const moved: DecisionWithBase = { ...d, subject: link.to, finding_key: d.finding_key.split(link.from).join(link.to) }
  deleteDecision(db, d.finding_key)
  replaceDecision(db, moved)
  return moved
}

/** A verified row with a decision up for review is open again: the operator looks at it anew. */
function unverifyRows(ctx: ApplyContext, rowIds: number[]): void {
  for (const r of villageRowsStatus(ctx.db, rowIds)) {
    if (r.status !== 'verified') continue
    setVillageStatus(ctx.db, r.id, 'open', ctx.at, ctx.by)
    audit(ctx, { action: 'unverify', rowId: `v${r.id}`, detail: 'keputusan perlu ditinjau ulang' })
  }
}

const villageRowsStatus = (db: Db, ids: number[]): { id: number; status: string }[] =>
  ids.length === 0 ? [] : db.all(`SELECT id, status FROM village_rows WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)])

/**
 * After a replacing village file: each decision on a row of the old file moves to the same
 * person's row of the new one (`rowMap`: old row id → new row id, by subject) and is compared there;
 * a decision whose person the new file does not list stays on the old row, orphaned.
 */
export function carryForwardFile(
  ctx: ApplyContext,
  oldRowIds: number[],
  rowMap: Map<number, number>
): { counts: CarryForwardCounts; items: CarryItem[] } {
  const { db } = ctx
  const old = new Set(oldRowIds)
  const counts = noCarry()
  const items: CarryItem[] = []
  for (const d of allDecisions(db)) {
    const rowId = rowIdOfKey(d.finding_key)
    if (rowId === null || !old.has(rowId)) continue
    const to = rowMap.get(rowId)
    if (to === undefined) {
      setDecisionCarry(db, d.finding_key, 'orphaned')
      counts.orphaned++
      items.push(itemOf(d, 'orphaned'))
      continue
    }
    deleteDecision(db, d.finding_key)
    const moved: DecisionWithBase = { ...d, finding_key: findingKey(d.code as never, `v${to}`, d.field) }
    const { outcome, now, found } = compare(db, moved)
    if (outcome !== 'fulfilled' && found) replaceDecision(db, { ...moved, carry: outcome === 'carried' ? null : outcome })
    counts[outcome]++
    items.push(itemOf(d, outcome, now))
  }
  return { counts, items }
}

function itemOf(d: DecisionWithBase, outcome: Outcome, now?: CarryItem['now']): CarryItem {
  return {
    outcome,
    subject: d.subject,
    code: d.code,
    field: d.field,
    action: d.action,
    old: { village: d.base_village, master: d.base_master },
    ...(now ? { now } : {})
  }
}

/** Adds one count set to another. */
export function addCounts(a: CarryForwardCounts, b: CarryForwardCounts): CarryForwardCounts {
  return {
    carried: a.carried + b.carried,
    fulfilled: a.fulfilled + b.fulfilled,
    review: a.review + b.review,
    orphaned: a.orphaned + b.orphaned
  }
}

/** The import's warnings for what needs the operator: each review and orphan, naming person, finding and values. */
export function carryWarnings(counts: CarryForwardCounts, items: readonly CarryItem[]): ImportWarning[] {
  const out: ImportWarning[] = []
  if (counts.carried + counts.fulfilled + counts.review + counts.orphaned > 0) out.push(warn('CARRY_FORWARD', { ...counts }))
  for (const i of items) {
    if (i.relinked) out.push(relinkWarning(i, i.relinked))
    if (i.outcome !== 'review' && i.outcome !== 'orphaned') continue
    out.push(
      warn(i.outcome === 'review' ? 'CARRY_REVIEW' : 'CARRY_ORPHANED', {
        person: personOf(i.subject),
        code: i.code ?? '',
        field: i.field ?? '-',
        action: i.action,
        oldVillage: i.old.village ?? '-',
        oldMaster: i.old.master ?? '-',
        newVillage: i.now?.village ?? '-',
        newMaster: i.now?.master ?? '-'
      })
    )
  }
  return out
}

/** "NIK diperbaiki di induk: lama → baru": which decision followed the person, and whether it is up for review. */
function relinkWarning(i: CarryItem, link: Relink): ImportWarning {
  return warn(i.outcome === 'review' ? 'CARRY_RELINKED_REVIEW' : 'CARRY_RELINKED', {
    oldNik: link.oldNik || personOf(link.from),
    newNik: link.newNik || personOf(link.to),
    via: link.via === 'id_dtsen' ? 'ID DTSEN' : 'ID DTKS',
    id: link.id,
    code: i.code ?? '',
    field: i.field ?? '-',
    action: i.action
  })
}

/** "NIK 3201…" or "nama|tgl|KK" of a subject, for a warning. */
export function personOf(subject: string | null): string {
  if (!subject) return '?'
  const id = subject.split('/').pop() ?? subject
  return id.startsWith('nik=') ? `NIK ${id.slice(4)}` : id.replace(/^fp=/, '')
}

/** The audit entry of a carry-forward: counts and every outcome but the carried ones. */
export function auditCarry(ctx: ApplyContext, counts: CarryForwardCounts, items: readonly CarryItem[]): void {
  if (counts.carried + counts.fulfilled + counts.review + counts.orphaned === 0) return
  audit(ctx, { action: 'carry_forward', detail: JSON.stringify({ ...counts, items: items.filter((i) => i.outcome !== 'carried') }) })
}
