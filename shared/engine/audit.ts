/**
 * The audit log: who changed what, when, old → new. Entries form a hash chain
 * (hash = SHA-256 of the previous hash and the entry) so the package can carry the head and
 * any later rewrite of exported history is detectable.
 */
import type { AuditEntry } from '../api/types'
import type { Db } from './db'

export interface AuditInput {
  action: string
  rowId?: string | null
  field?: string | null
  oldValue?: string | null
  newValue?: string | null
  detail?: string | null
}

export interface AuditContext {
  db: Db
  at: string
  by: string
  sha256(data: Uint8Array): string
}

export function audit(ctx: AuditContext, e: AuditInput): void {
  const prev = ctx.db.get<{ hash: string }>('SELECT hash FROM audit ORDER BY id DESC LIMIT 1')?.hash ?? ''
  const entry = [ctx.at, ctx.by, e.action, e.rowId ?? null, e.field ?? null, e.oldValue ?? null, e.newValue ?? null, e.detail ?? null]
  const hash = ctx.sha256(new TextEncoder().encode(prev + JSON.stringify(entry)))
  ctx.db.run(
    `INSERT INTO audit (at, operator, action, row_id, field, old_value, new_value, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [...entry, hash]
  )
}

export function auditHead(db: Db): { count: number; hash: string } {
  const row = db.get<{ n: number; hash: string | null }>('SELECT COUNT(*) AS n, (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS hash FROM audit')
  return { count: Number(row?.n ?? 0), hash: row?.hash ?? '' }
}

export function listAudit(db: Db, rowId: string | undefined, limit: number): AuditEntry[] {
  const rows = db.all<{ id: number; at: string; operator: string; action: string; row_id: string | null; field: string | null; old_value: string | null; new_value: string | null; detail: string | null }>(
    `SELECT id, at, operator, action, row_id, field, old_value, new_value, detail FROM audit
     ${rowId ? 'WHERE row_id = ?' : ''} ORDER BY id DESC LIMIT ?`,
    rowId ? [rowId, limit] : [limit]
  )
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    operator: r.operator,
    action: r.action,
    rowId: r.row_id,
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    detail: r.detail
  }))
}
