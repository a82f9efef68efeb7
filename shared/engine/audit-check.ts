/**
 * Checks the audit hash chain (audit.ts): every entry's hash must follow from the one before and
 * its own content. An entry edited, inserted or deleted outside Cermat breaks the chain at the
 * first entry after the change. Checked on open and before every export; deleting the newest
 * entries since the last package leaves no break (that tail is anchored only by the next package).
 */
import type { Db } from './db'
import { cermatError } from './errors'
import { auditChain } from './tables/audit-log'

export interface ChainBreak {
  id: number
  at: string
}

/** The first entry whose hash does not follow, or null when the whole chain holds. */
export function findAuditBreak(db: Db, sha256: (data: Uint8Array) => string): ChainBreak | null {
  const encoder = new TextEncoder()
  let prev = ''
  for (const r of auditChain(db)) {
    const entry = [r.at, r.operator, r.action, r.row_id, r.field, r.old_value, r.new_value, r.detail]
    const expected = sha256(encoder.encode(prev + JSON.stringify(entry)))
    if (expected !== r.hash) return { id: r.id, at: r.at }
    prev = r.hash
  }
  return null
}

/** Throws AUDIT_CHAIN_BROKEN naming the first bad entry. */
export function assertAuditChain(db: Db, sha256: (data: Uint8Array) => string, location: string): void {
  const broken = findAuditBreak(db, sha256)
  if (broken) throw cermatError('AUDIT_CHAIN_BROKEN', { location, id: broken.id, at: broken.at })
}
