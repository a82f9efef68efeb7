/**
 * Applying the operator's review actions: edit a cell, resolve a finding, mark a row verified,
 * deactivate a person (a removal with its basis), and the bulk forms of resolve and verify.
 * What an action needs beyond the database (a removal's basis) is checked by the Engine before
 * the command is journaled, not here: replaying an old journal must give what it gave then.
 */
import { parseMemberStatus } from '../../domain/codes'
import { checkEdit } from '../../domain/edit'
import { COMPARED_FIELDS, isEditableField } from '../../domain/fields'
import { ALLOWED_ACTIONS, type FindingCode, type ResolutionAction } from '../../domain/findings'
import { describeBasis, isRemovalFinding, keteranganFor, type RemovalBasis, type SharedBasis } from '../../domain/removal'
import { audit } from '../audit'
import { cermatError } from '../errors'
import { recomputeRows } from '../match/recompute'
import { upsertDecision } from '../tables/decisions'
import {
  decidedFinding,
  findingByKey,
  mismatchOn,
  missingFindingOf,
  openFindingsOfRow,
  rowStatusAndOpen,
  statusChangeOf
} from '../tables/findings'
import {
  activeVillageRow,
  type CheckedRow,
  editVillageValue,
  setVillageNik,
  setVillageStatus,
  setVillageValue
} from '../tables/village-rows'
import type { ApplyContext, Command } from './types'

function villageRow(ctx: ApplyContext, rowId: number): CheckedRow {
  const row = activeVillageRow(ctx.db, rowId)
  if (!row) throw cermatError('ROW_NOT_FOUND', { rowId: `v${rowId}` })
  return row
}

export function applyEdit(ctx: ApplyContext, cmd: Extract<Command, { type: 'editCell' }>): void {
  // The field name goes into SQL below: only the fixed list may reach it.
  if (!isEditableField(cmd.field)) throw cermatError('VALUE_INVALID', { field: String(cmd.field), value: cmd.value, hint: '' })
  const row = villageRow(ctx, cmd.rowId)
  const check = checkEdit(cmd.field, cmd.value, ctx.todayIso)
  if (!check.ok) throw cermatError('VALUE_INVALID', { field: cmd.field, value: cmd.value, hint: check.hint })
  const old = String(row[cmd.field] ?? '')
  if (old === check.value) return
  editVillageValue(ctx.db, cmd.rowId, cmd.field, check.value)
  audit(ctx, { action: 'edit', rowId: `v${cmd.rowId}`, field: cmd.field, oldValue: old, newValue: check.value })
  unverify(ctx, row)
  recomputeRows(ctx.db, [cmd.rowId], cmd.field === 'nik' ? [old, check.value] : [row.nik], ctx.todayIso, cmd.field === 'no_kk' ? [old] : [])
  // The operator typed this value: it is their answer to a mismatch on this field.
  const mismatch = mismatchOn(ctx.db, cmd.rowId, cmd.field)
  if (mismatch) decide(ctx, mismatch.key, 'edited', check.value)
}

/** A row changed after it was verified is open again. */
function unverify(ctx: ApplyContext, row: CheckedRow): void {
  if (row.status !== 'verified') return
  setVillageStatus(ctx.db, row.id, 'open', ctx.at, ctx.by)
  audit(ctx, { action: 'unverify', rowId: `v${row.id}`, detail: 'diubah setelah diverifikasi' })
}

/** Records a decision; a new decision on the same finding replaces the old one, basis included. */
function decide(
  ctx: ApplyContext,
  key: string,
  action: ResolutionAction | 'edited' | 'verified',
  value: string | null,
  basis: Partial<RemovalBasis> | null = null
): void {
  upsertDecision(ctx.db, {
    finding_key: key,
    action,
    value,
    at: ctx.at,
    by: ctx.by,
    reason: basis?.reason ?? null,
    basis_kind: basis?.kind ?? null,
    basis_no: basis?.number ?? null,
    basis_date: basis?.date ?? null
  })
}

export function applyResolve(ctx: ApplyContext, cmd: Extract<Command, { type: 'resolveFinding' }>): void {
  const f = findingByKey(ctx.db, cmd.key)
  if (!f) throw cermatError('FINDING_NOT_FOUND', {})
  if (!ALLOWED_ACTIONS[f.code].includes(cmd.action)) throw cermatError('ACTION_NOT_ALLOWED', { action: cmd.action, code: f.code })
  const rowId = f.village_row_id !== null ? `v${f.village_row_id}` : `m${f.master_row_id}`
  // A basis belongs only to an accepted removal (old journals carry none: stored as none).
  const basis =
    cmd.action === 'accept_village' && cmd.basis && isRemovalFinding(f.code, JSON.parse(f.params) as Record<string, string>)
      ? cmd.basis
      : null
  const detail = basis ? `${f.code}; ${describeBasis(basis)}` : f.code

  if (f.village_row_id === null) {
    // MISSING_FROM_VILLAGE: accept = propose removal; keep = the person stays.
    decide(ctx, f.key, cmd.action, null, basis)
    audit(ctx, { action: `resolve_${cmd.action}`, rowId, detail })
    return
  }
  const row = villageRow(ctx, f.village_row_id)
  switch (cmd.action) {
    case 'accept_village':
      decide(ctx, f.key, 'accept_village', f.village_value, basis)
      audit(ctx, { action: 'resolve_accept_village', rowId, field: f.field, oldValue: f.master_value, newValue: f.village_value, detail })
      return
    case 'keep_master':
      if (f.code === 'PROBABLE_MATCH' && f.master_value !== null) {
        // The row is that master person: it takes the master's NIK, typed as text.
        setVillageNik(ctx.db, f.village_row_id, f.master_value)
        audit(ctx, { action: 'resolve_keep_master', rowId, field: 'nik', oldValue: row.nik, newValue: f.master_value, detail: f.code })
        recomputeRows(ctx.db, [row.id], [row.nik, f.master_value], ctx.todayIso)
      } else if (
        f.code === 'FIELD_MISMATCH' &&
        f.field !== null &&
        (COMPARED_FIELDS as readonly string[]).includes(f.field) &&
        f.master_value !== null
      ) {
        setVillageValue(ctx.db, f.village_row_id, f.field, f.master_value)
        audit(ctx, {
          action: 'resolve_keep_master',
          rowId,
          field: f.field,
          oldValue: f.village_value,
          newValue: f.master_value,
          detail: f.code
        })
        recomputeRows(ctx.db, [row.id], [row.nik], ctx.todayIso, f.field === 'no_kk' ? [String(row.no_kk)] : [])
      } else {
        decide(ctx, f.key, 'keep_master', f.village_value)
        audit(ctx, { action: 'resolve_keep_master', rowId, field: f.field, detail: f.code })
      }
      return
    case 'exclude_row':
      setVillageStatus(ctx.db, f.village_row_id, 'excluded', ctx.at, ctx.by)
      audit(ctx, { action: 'exclude_row', rowId, detail: f.code })
      recomputeRows(ctx.db, [row.id], [row.nik], ctx.todayIso)
      return
  }
}

export function applyVerify(ctx: ApplyContext, cmd: Extract<Command, { type: 'markVerified' }>): void {
  const row = villageRow(ctx, cmd.rowId)
  if (row.status === 'excluded') throw cermatError('ACTION_NOT_ALLOWED', { action: 'verify', code: 'excluded' })
  const open = openFindingsOfRow(ctx.db, cmd.rowId)
  const errors = open.filter((f) => f.severity === 'error')
  if (errors.length > 0) {
    throw cermatError('ROW_HAS_ERRORS', { count: errors.length, codes: [...new Set(errors.map((e) => e.code))].join(', '), rows: 1 })
  }
  // Verifying a row accepts what the village reports for each open warning and info.
  for (const f of open) decide(ctx, f.key, 'verified', f.village_value)
  setVillageStatus(ctx.db, cmd.rowId, 'verified', ctx.at, ctx.by)
  audit(ctx, { action: 'verify', rowId: `v${cmd.rowId}`, detail: open.map((f) => f.code).join(',') || null })
}

/**
 * A removal the operator decides, with its basis. A master person missing from the village list:
 * their MISSING_FROM_VILLAGE is accepted. A matched village row: KETERANGAN takes the reason (unless
 * it already says so), the row is recomputed, and the STATUS_CHANGE this gives is accepted.
 */
export function applyDeactivate(ctx: ApplyContext, cmd: Extract<Command, { type: 'deactivate' }>): void {
  const detail = describeBasis(cmd.basis)
  if (cmd.kind === 'm') {
    const f = missingFindingOf(ctx.db, cmd.id)
    if (!f) throw cermatError('ROW_NOT_FOUND', { rowId: `m${cmd.id}` })
    decide(ctx, f.key, 'accept_village', null, cmd.basis)
    audit(ctx, { action: 'deactivate', rowId: `m${cmd.id}`, detail })
    return
  }
  const row = villageRow(ctx, cmd.id)
  const old = String(row.keterangan ?? '')
  if (parseMemberStatus(old) !== cmd.basis.reason) {
    const text = keteranganFor(cmd.basis.reason)
    setVillageValue(ctx.db, cmd.id, 'keterangan', text)
    audit(ctx, { action: 'deactivate', rowId: `v${cmd.id}`, field: 'keterangan', oldValue: old, newValue: text, detail })
    unverify(ctx, row)
    recomputeRows(ctx.db, [cmd.id], [row.nik], ctx.todayIso)
  } else {
    audit(ctx, { action: 'deactivate', rowId: `v${cmd.id}`, detail })
  }
  const f = statusChangeOf(ctx.db, cmd.id)
  if (!f) throw cermatError('DEACTIVATE_NEEDS_MASTER', { nama: String(row.nama ?? ''), nik: row.nik })
  decide(ctx, f.key, 'accept_village', f.village_value, cmd.basis)
}

/**
 * One action on many findings, in the order given. A finding an earlier one of the same bulk made
 * disappear (the row excluded, its NIK replaced) is passed over, as is one already resolved this
 * way (unless it is a removal decided without a basis and the bulk gives one).
 */
export function applyResolveMany(ctx: ApplyContext, cmd: Extract<Command, { type: 'resolveMany' }>): void {
  for (const key of cmd.keys) {
    const f = decidedFinding(ctx.db, key)
    if (!f) continue
    const params = JSON.parse(f.params) as Record<string, string>
    const addsBasis = cmd.basis !== undefined && f.basis_no === null && cmd.action === 'accept_village' && isRemovalFinding(f.code, params)
    if (f.resolved && f.action === cmd.action && !addsBasis) continue
    applyResolve(ctx, {
      type: 'resolveFinding',
      key,
      action: cmd.action,
      ...(cmd.basis ? { basis: basisFor(cmd.basis, f.code, params) } : {})
    })
  }
}

/** A shared basis for one finding: its reason is the operator's, or else what the village reported. */
function basisFor(shared: SharedBasis, code: FindingCode, params: Record<string, string>): RemovalBasis {
  const reason = shared.reason ?? (code === 'STATUS_CHANGE' ? params.status : undefined)
  return { ...shared, reason: reason as RemovalBasis['reason'] }
}

/** Verifies many rows, in the order given; a row verified with nothing open is passed over. */
export function applyVerifyMany(ctx: ApplyContext, cmd: Extract<Command, { type: 'verifyMany' }>): void {
  for (const rowId of cmd.rowIds) {
    const row = rowStatusAndOpen(ctx.db, rowId)
    if (row && row.status === 'verified' && Number(row.open) === 0) continue
    applyVerify(ctx, { type: 'markVerified', rowId })
  }
}
