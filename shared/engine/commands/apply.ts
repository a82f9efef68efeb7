import { applyImport, applySetCoverage, deleteTemplate, type ImportApplied } from './import-source'
import { applyEdit, applyResolve, applyVerify } from './review'
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
    case 'editCell':
      applyEdit(ctx, cmd)
      return undefined
    case 'resolveFinding':
      applyResolve(ctx, cmd)
      return undefined
    case 'markVerified':
      applyVerify(ctx, cmd)
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
