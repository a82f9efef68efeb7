import { applyImport, applySetCoverage, deleteTemplate, type ImportApplied } from './import-source'
import { applyEdit, applyResolve, applyVerify } from './review'
import { applyUndo, undoable, type UndoTarget } from './undo'
import type { UndoLabel } from '../../api/types'
import type { FindingCode } from '../../domain/findings'
import type { ApplyContext, Command } from './types'
import { audit } from '../audit'

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
    case 'editCell': {
      const target: UndoTarget = { kind: 'v', id: cmd.rowId }
      undoable(ctx, target, label(ctx, target, { action: 'edit', field: cmd.field }), () => applyEdit(ctx, cmd))
      return undefined
    }
    case 'resolveFinding': {
      const f = ctx.db.get<{ code: FindingCode; field: string | null; village_row_id: number | null; master_row_id: number | null }>(
        'SELECT code, field, village_row_id, master_row_id FROM findings WHERE key = ?',
        [cmd.key]
      )
      if (!f) {
        applyResolve(ctx, cmd) // throws FINDING_NOT_FOUND
        return undefined
      }
      const target: UndoTarget = f.village_row_id !== null ? { kind: 'v', id: f.village_row_id } : { kind: 'm', id: Number(f.master_row_id) }
      undoable(ctx, target, label(ctx, target, { action: 'resolve', field: f.field, code: f.code, resolution: cmd.action }), () => applyResolve(ctx, cmd))
      return undefined
    }
    case 'markVerified': {
      const target: UndoTarget = { kind: 'v', id: cmd.rowId }
      undoable(ctx, target, label(ctx, target, { action: 'verify' }), () => applyVerify(ctx, cmd))
      return undefined
    }
    case 'undo':
    case 'redo':
      applyUndo(ctx, cmd.type)
      return undefined
    case 'updateSettings':
      for (const key of ['name', 'kecamatan', 'operator'] as const) {
        const value = cmd[key]
        if (value === undefined) continue
        const old = ctx.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value ?? ''
        if (old === value) continue
        ctx.db.run(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [key, value])
        audit(ctx, { action: 'settings', field: key, oldValue: old, newValue: value })
      }
      return undefined
    case 'recordExport':
      ctx.db.run(
        `INSERT INTO exports (seq, at, by, file_name, package_sha256, desa, changes) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [cmd.seq, ctx.at, ctx.by, cmd.fileName, cmd.sha256, JSON.stringify(cmd.desa), cmd.changes]
      )
      audit(ctx, { action: 'export', detail: JSON.stringify({ file: cmd.fileName, sha256: cmd.sha256, seq: cmd.seq, desa: cmd.desa, changes: cmd.changes }) })
      return undefined
  }
}

/** How the undo button names an action: what was done, on which file row and person. */
function label(ctx: ApplyContext, target: UndoTarget, what: Pick<UndoLabel, 'action'> & Partial<UndoLabel>): UndoLabel {
  const row =
    target.kind === 'v'
      ? ctx.db.get<{ file_name: string | null; row_no: number | null; nama: string }>('SELECT s.file_name, v.row_no, v.nama FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id = ?', [target.id])
      : ctx.db.get<{ file_name: string | null; row_no: number | null; nama: string }>('SELECT NULL AS file_name, NULL AS row_no, nama FROM master_rows WHERE id = ?', [target.id])
  return { field: null, code: null, resolution: null, ...what, file: row?.file_name ?? null, rowNo: row?.row_no ?? null, nama: row?.nama ?? '' }
}
