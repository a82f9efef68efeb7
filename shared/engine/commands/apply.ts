import type { UndoLabel } from '../../api/types'
import type { FindingCode } from '../../domain/findings'
import { audit } from '../audit'
import { recomputeSources } from '../match/recompute'
import { insertExport, insertExportChanges, markReceived } from '../tables/exports'
import { findingSubject } from '../tables/findings'
import { masterLabel } from '../tables/master-rows'
import { metaValue, setMetaValue } from '../tables/meta'
import { fileNamesOfRows, villageLabel } from '../tables/village-rows'
import { applyImport, applySetCoverage, deleteTemplate, type ImportApplied } from './import-source'
import { applyDeactivate, applyEdit, applyResolve, applyResolveMany, applyVerify, applyVerifyMany } from './review'
import type { ApplyContext, Command } from './types'
import { applyUndo, undoable, type UndoTarget } from './undo'

/** Applies one command to the database (live or during recovery). */
export async function applyCommand(ctx: ApplyContext, cmd: Command): Promise<ImportApplied | undefined> {
  switch (cmd.type) {
    case 'importSource':
      return applyImport(ctx, cmd)
    case 'deleteTemplate':
      deleteTemplate(ctx, cmd.name)
      return undefined
    case 'setCoverage':
      applySetCoverage(ctx, cmd)
      return undefined
    case 'matchAll':
      recomputeSources(ctx.db, 'all', ctx.todayIso, ctx.phase)
      return undefined
    case 'editCell': {
      const target: UndoTarget = { kind: 'v', id: cmd.rowId }
      undoable(ctx, [target], label(ctx, [target], { action: 'edit', field: cmd.field }), () => applyEdit(ctx, cmd))
      return undefined
    }
    case 'resolveFinding': {
      const f = findingTarget(ctx, cmd.key)
      if (!f) {
        applyResolve(ctx, cmd) // throws FINDING_NOT_FOUND
        return undefined
      }
      undoable(ctx, [f.target], label(ctx, [f.target], { action: 'resolve', field: f.field, code: f.code, resolution: cmd.action }), () =>
        applyResolve(ctx, cmd)
      )
      return undefined
    }
    case 'markVerified': {
      const target: UndoTarget = { kind: 'v', id: cmd.rowId }
      undoable(ctx, [target], label(ctx, [target], { action: 'verify' }), () => applyVerify(ctx, cmd))
      return undefined
    }
    case 'deactivate': {
      const target: UndoTarget = { kind: cmd.kind, id: cmd.id }
      const code: FindingCode = cmd.kind === 'm' ? 'MISSING_FROM_VILLAGE' : 'STATUS_CHANGE'
      undoable(
        ctx,
        [target],
        label(ctx, [target], { action: 'deactivate', code, field: cmd.kind === 'v' ? 'keterangan' : null, resolution: 'accept_village' }),
        () => applyDeactivate(ctx, cmd)
      )
      return undefined
    }
    case 'resolveMany': {
      const found = cmd.keys.map((k) => findingTarget(ctx, k)).filter((f) => f !== undefined)
      const same = <T>(values: T[]): T | null => (values.length > 0 && values.every((v) => v === values[0]) ? values[0]! : null)
      const targets = found.map((f) => f.target)
      const what = {
        action: 'bulk_resolve' as const,
        field: same(found.map((f) => f.field)),
        code: same(found.map((f) => f.code)),
        resolution: cmd.action,
        count: cmd.keys.length
      }
      undoable(ctx, targets, label(ctx, targets, what), () => applyResolveMany(ctx, cmd))
      return undefined
    }
    case 'verifyMany': {
      const targets = cmd.rowIds.map((id): UndoTarget => ({ kind: 'v', id }))
      undoable(ctx, targets, label(ctx, targets, { action: 'bulk_verify', count: cmd.rowIds.length }), () => applyVerifyMany(ctx, cmd))
      return undefined
    }
    case 'undo':
    case 'redo':
      applyUndo(ctx, cmd.type)
      return undefined
    case 'updateSettings':
      for (const [key, value] of settingsOf(cmd)) {
        const old = metaValue(ctx.db, key) ?? ''
        if (old === value) continue
        setMetaValue(ctx.db, key, value)
        audit(ctx, { action: 'settings', field: key, oldValue: old, newValue: value })
      }
      return undefined
    case 'recordExport':
      insertExport(ctx.db, {
        seq: cmd.seq,
        at: ctx.at,
        by: ctx.by,
        file_name: cmd.fileName,
        package_sha256: cmd.sha256,
        desa: JSON.stringify(cmd.desa),
        changes: cmd.changes
      })
      if (cmd.sent) insertExportChanges(ctx.db, cmd.seq, cmd.sent)
      audit(ctx, {
        action: 'export',
        detail: JSON.stringify({ file: cmd.fileName, sha256: cmd.sha256, seq: cmd.seq, desa: cmd.desa, changes: cmd.changes })
      })
      return undefined
    case 'recordReceipt':
      markReceived(ctx.db, { sha256: cmd.packageSha256, at: cmd.receivedAt, by: cmd.receiver })
      audit(ctx, {
        action: 'receipt',
        detail: JSON.stringify({ seq: cmd.seq, sha256: cmd.packageSha256, receivedAt: cmd.receivedAt, receiver: cmd.receiver })
      })
      return undefined
  }
}

/** The row (or master person) a finding is about, with its code and field. */
function findingTarget(ctx: ApplyContext, key: string): { target: UndoTarget; code: FindingCode; field: string | null } | undefined {
  const f = findingSubject(ctx.db, key)
  if (!f) return undefined
  return {
    target: f.village_row_id !== null ? { kind: 'v', id: f.village_row_id } : { kind: 'm', id: Number(f.master_row_id) },
    code: f.code,
    field: f.field
  }
}

/**
 * How the undo button names an action: what was done, on which file row and person; for a bulk
 * action, how many, and the file when all its rows are of one.
 */
function label(ctx: ApplyContext, targets: UndoTarget[], what: Pick<UndoLabel, 'action'> & Partial<UndoLabel>): UndoLabel {
  const base = { field: null, code: null, resolution: null, count: null, ...what }
  const rowOf = (target: UndoTarget) => (target.kind === 'v' ? villageLabel(ctx.db, target.id) : masterLabel(ctx.db, target.id))
  if (what.action !== 'bulk_resolve' && what.action !== 'bulk_verify') {
    const row = targets[0] ? rowOf(targets[0]) : undefined
    return { ...base, file: row?.file_name ?? null, rowNo: row?.row_no ?? null, nama: row?.nama ?? '' }
  }
  const villageIds = targets.filter((t) => t.kind === 'v').map((t) => t.id)
  const files = fileNamesOfRows(ctx.db, villageIds)
  const oneFile = files.length === 1 && villageIds.length === targets.length ? files[0]! : null
  const single = targets.length === 1 ? rowOf(targets[0]!) : undefined
  return { ...base, file: oneFile, rowNo: single?.row_no ?? null, nama: single?.nama ?? '' }
}

/** The settings a command changes, as meta keys and stored text (signatories as JSON). */
function settingsOf(cmd: Extract<Command, { type: 'updateSettings' }>): [string, string][] {
  const out: [string, string][] = []
  for (const key of ['name', 'kecamatan', 'operator', 'kabupaten'] as const) if (cmd[key] !== undefined) out.push([key, cmd[key]])
  if (cmd.subVillageLabel !== undefined) out.push(['sub_village_label', cmd.subVillageLabel])
  if (cmd.signatories !== undefined) out.push(['signatories', JSON.stringify(cmd.signatories)])
  if (cmd.letter !== undefined) out.push(['letter', JSON.stringify(cmd.letter)])
  if (cmd.approvalRequired !== undefined) out.push(['approval_required', cmd.approvalRequired ? '1' : '0'])
  if (cmd.receiverUrl !== undefined) out.push(['receiver_url', cmd.receiverUrl.trim().replace(/\/+$/, '')])
  if (cmd.receiverKey !== undefined) out.push(['receiver_key', cmd.receiverKey.trim()])
  return out
}
