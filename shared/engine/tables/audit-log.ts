/**
 * `audit` (its ids order every change). Writing an entry, with its hash chain, is engine/audit.ts's
 * job alone: `insertAuditEntry` is for it only.
 */
import type { Db } from '../db'
import { raw, sql } from './sql'

export interface AuditRow {
  id: number
  at: string
  operator: string
  action: string
  row_id: string | null
  field: string | null
  old_value: string | null
  new_value: string | null
  detail: string | null
  hash: string
}

/** An entry's content as its hash covers it, in order: at, operator, action, row_id, field, old_value, new_value, detail. */
export type AuditContent = [string, string, string, string | null, string | null, string | null, string | null, string | null]

/** Appends an entry with its hash (audit.ts computes it). */
export const insertAuditEntry = (db: Db, e: AuditContent, hash: string): void =>
  db.run(`INSERT INTO audit (at, operator, action, row_id, field, old_value, new_value, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    ...e,
    hash
  ])

/** The newest entry's hash: the next entry chains on it. */
export const lastAuditHash = (db: Db): string | undefined =>
  db.get<Pick<AuditRow, 'hash'>>('SELECT hash FROM audit ORDER BY id DESC LIMIT 1')?.hash

/** How many entries there are and the newest one's hash (what a package carries). */
export const auditHeadRow = (db: Db): { n: number; hash: string | null } | undefined =>
  db.get('SELECT COUNT(*) AS n, (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS hash FROM audit')

/** The newest entries, of one row when given. */
export const auditEntries = (db: Db, rowId: string | undefined, limit: number): Omit<AuditRow, 'hash'>[] =>
  db.all(sql`SELECT id, at, operator, action, row_id, field, old_value, new_value, detail FROM audit
     ${rowId ? sql`WHERE row_id = ${rowId}` : raw('')} ORDER BY id DESC LIMIT ${limit}`)

/** Every entry with its hash, oldest first (checking the chain). */
export const auditChain = (db: Db): AuditRow[] =>
  db.all('SELECT id, at, operator, action, row_id, field, old_value, new_value, detail, hash FROM audit ORDER BY id')

/**
 * Per desa, the newest audit entry on one of its rows or master people (grouped on the row index
 * first), or of the entries after `afterId` only (read by id: the log is append-only).
 */
export const lastReviewPerDesa = (db: Db, afterId?: number): { k: string | null; last: number }[] =>
  db.all(sql`WITH touched AS (SELECT row_id, MAX(id) AS last FROM audit
       ${afterId === undefined ? raw('WHERE row_id IS NOT NULL') : sql`NOT INDEXED WHERE id > ${afterId} AND row_id IS NOT NULL`} GROUP BY row_id)
     SELECT COALESCE(s.desa_key, m.desa_key) AS k, MAX(t.last) AS last FROM touched t
     LEFT JOIN village_rows v ON substr(t.row_id, 1, 1) = 'v' AND v.id = CAST(substr(t.row_id, 2) AS INTEGER)
     LEFT JOIN sources s ON s.id = v.source_id
     LEFT JOIN master_rows m ON substr(t.row_id, 1, 1) = 'm' AND m.id = CAST(substr(t.row_id, 2) AS INTEGER)
     GROUP BY k`)

/** The newest audit entry's id (0: none). */
export const lastAuditId = (db: Db): number => db.get<{ n: number | null }>('SELECT MAX(id) AS n FROM audit')?.n ?? 0

export const exportEntries = (db: Db): (Pick<AuditRow, 'id' | 'at'> & { detail: string })[] =>
  db.all(`SELECT id, at, detail FROM audit WHERE action = 'export' ORDER BY id`)

/** The operator's edits (and deactivations) of these rows, oldest first. */
export const editsOfRows = (db: Db, rowIds: readonly number[]): { row_id: string; field: string; old_value: string }[] =>
  db.all(
    sql`SELECT row_id, field, old_value FROM audit WHERE action IN ('edit', 'deactivate') AND field IS NOT NULL AND row_id IN (SELECT 'v' || value FROM json_each(${JSON.stringify(rowIds)})) ORDER BY id`
  )

/** Entries after `id` with their hashes, oldest first (checking only what is new since a checked point). */
export const auditChainAfter = (db: Db, id: number): AuditRow[] =>
  db.all(sql`SELECT id, at, operator, action, row_id, field, old_value, new_value, detail, hash FROM audit WHERE id > ${id} ORDER BY id`)

/** Entry `id`'s hash, how many entries lead to it, and the entry before it (its hash starts the check from there). */
export const auditPointRow = (
  db: Db,
  id: number
): { hash: string | null; n: number; prev_id: number | null; prev_hash: string | null } | undefined =>
  db.get(sql`SELECT (SELECT hash FROM audit WHERE id = ${id}) AS hash, (SELECT COUNT(*) FROM audit WHERE id <= ${id}) AS n,
     (SELECT MAX(id) FROM audit WHERE id < ${id}) AS prev_id, (SELECT hash FROM audit WHERE id < ${id} ORDER BY id DESC LIMIT 1) AS prev_hash`)

/** The newest entry's id and hash and the number of entries (the point up to which the chain is known good). */
export const auditLastRow = (db: Db): { id: number | null; hash: string | null; n: number } | undefined =>
  db.get('SELECT MAX(id) AS id, (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS hash, COUNT(*) AS n FROM audit')
