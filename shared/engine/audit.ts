/**
 * The audit log: who changed what, when, old → new. Entries form a hash chain
 * (hash = SHA-256 of the previous hash and the entry) so the package can carry the head and
 * any later rewrite of exported history is detectable.
 */
import type { AuditEntry } from '../api/types'
import type { Db } from './db'
import { type AuditContent, auditEntries, auditHeadRow, insertAuditEntry, lastAuditHash } from './tables/audit-log'

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
  const prev = lastAuditHash(ctx.db) ?? ''
  const entry: AuditContent = [
    ctx.at,
    ctx.by,
    e.action,
    e.rowId ?? null,
    e.field ?? null,
    e.oldValue ?? null,
    e.newValue ?? null,
    e.detail ?? null
  ]
  const hash = ctx.sha256(new TextEncoder().encode(prev + JSON.stringify(entry)))
  insertAuditEntry(ctx.db, entry, hash)
}

export function auditHead(db: Db): { count: number; hash: string } {
  const row = auditHeadRow(db)
  return { count: Number(row?.n ?? 0), hash: row?.hash ?? '' }
}

export function listAudit(db: Db, rowId: string | undefined, limit: number): AuditEntry[] {
  return auditEntries(db, rowId, limit).map((r) => ({
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
