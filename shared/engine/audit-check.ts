/**
 * Checks the audit hash chain (audit.ts): every entry's hash must follow from the one before and
 * its own content. An entry edited, inserted or deleted outside Cermat breaks the chain at the
 * first entry after the change. Deleting the newest entries since the last package leaves no
 * break (that tail is anchored only by the next package).
 *
 * Incremental on open: the snapshot remembers the point up to which the chain was known good
 * (`audit_checked`: last entry id, its hash, the count); only that entry and the ones after it are
 * hashed, from the hash before it. A point that no longer stands (that entry's hash or the count up to it changed) means
 * a full check. The full check runs before every export and on demand (`cermat audit verify`):
 * an old entry's content edited in place without touching its hash is found only there
 * (docs/security.md).
 */
import type { Db } from './db'
import { cermatError } from './errors'
import { auditChain, auditChainAfter, auditLastRow, auditPointRow, type AuditRow } from './tables/audit-log'
import { metaValue, setMetaValue } from './tables/meta'

export interface ChainBreak {
  id: number
  at: string
}

/** Up to which entry the chain is known good. */
export interface AuditPoint {
  id: number
  hash: string
  count: number
}

export interface AuditCheck {
  broken: ChainBreak | null
  /** Entries hashed by this check. */
  checked: number
  count: number
  /** Whether the check started from a remembered point (false: from the first entry). */
  incremental: boolean
}

const POINT_KEY = 'audit_checked'

function walk(rows: AuditRow[], prev: string, sha256: (data: Uint8Array) => string): ChainBreak | null {
  const encoder = new TextEncoder()
  for (const r of rows) {
    const entry = [r.at, r.operator, r.action, r.row_id, r.field, r.old_value, r.new_value, r.detail]
    const expected = sha256(encoder.encode(prev + JSON.stringify(entry)))
    if (expected !== r.hash) return { id: r.id, at: r.at }
    prev = r.hash
  }
  return null
}

/** The first entry whose hash does not follow, or null when the whole chain holds. */
export function findAuditBreak(db: Db, sha256: (data: Uint8Array) => string): ChainBreak | null {
  return walk(auditChain(db), '', sha256)
}

/**
 * Where to start: the entry before the remembered point (its id and hash), when the point still
 * stands (entry `id` has that hash and `count` entries lead to it); the point's own entry is
 * hashed again with the new ones, so its content is covered too.
 */
function startAt(db: Db): { afterId: number; prevHash: string; before: number } | null {
  let point: AuditPoint
  try {
    point = JSON.parse(metaValue(db, POINT_KEY) ?? 'null') as AuditPoint
  } catch {
    return null
  }
  if (!point || !Number.isInteger(point.id) || typeof point.hash !== 'string' || !Number.isInteger(point.count)) return null
  const row = auditPointRow(db, point.id)
  if (!row || row.hash !== point.hash || Number(row.n) !== point.count) return null
  return { afterId: row.prev_id ?? 0, prevHash: row.prev_hash ?? '', before: point.count - 1 }
}

/** Checks only the entries from the remembered point on (all of them when there is none or it no longer stands). */
export function checkAuditSincePoint(db: Db, sha256: (data: Uint8Array) => string): AuditCheck {
  const start = startAt(db)
  const rows = start ? auditChainAfter(db, start.afterId) : auditChain(db)
  const broken = walk(rows, start?.prevHash ?? '', sha256)
  return { broken, checked: rows.length, count: (start?.before ?? 0) + rows.length, incremental: start !== null }
}

/** Every entry from the first. */
export function checkAuditFull(db: Db, sha256: (data: Uint8Array) => string): AuditCheck {
  const rows = auditChain(db)
  return { broken: walk(rows, '', sha256), checked: rows.length, count: rows.length, incremental: false }
}

/**
 * Remembers the newest entry as known good, written with the next snapshot. Called by the engine
 * only: its database was checked on open and every later entry is its own.
 */
export function rememberAuditPoint(db: Db): void {
  const last = auditLastRow(db)
  if (!last || last.id === null || last.hash === null) return
  setMetaValue(db, POINT_KEY, JSON.stringify({ id: Number(last.id), hash: last.hash, count: Number(last.n) }))
}

/** Throws AUDIT_CHAIN_BROKEN naming the first bad entry. */
export function assertAuditChain(
  db: Db,
  sha256: (data: Uint8Array) => string,
  location: string,
  how: 'full' | 'since-point' = 'full'
): AuditCheck {
  const result = how === 'full' ? checkAuditFull(db, sha256) : checkAuditSincePoint(db, sha256)
  if (result.broken) throw cermatError('AUDIT_CHAIN_BROKEN', { location, id: result.broken.id, at: result.broken.at })
  return result
}
