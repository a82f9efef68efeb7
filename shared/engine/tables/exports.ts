/** `exports`: every package sent, with its sequence number and hash. */
import type { PackageEntry } from '../../api/types'
import type { Db } from '../db'
import { inJson, raw, sql } from './sql'

export interface ExportRow {
  id: number
  seq: number
  at: string
  by: string
  file_name: string
  package_sha256: string
  /** JSON: the desa names it carries. */
  desa: string
  changes: number
}

export const insertExport = (db: Db, e: Omit<ExportRow, 'id'>): void =>
  db.run(
    sql`INSERT INTO exports (seq, at, by, file_name, package_sha256, desa, changes) VALUES (${e.seq}, ${e.at}, ${e.by}, ${e.file_name}, ${e.package_sha256}, ${e.desa}, ${e.changes})`
  )

/** The newest package sent: the next one follows its sequence number and names its hash. */
export const lastExport = (db: Db): Pick<ExportRow, 'seq' | 'package_sha256'> | undefined =>
  db.get('SELECT seq, package_sha256 FROM exports ORDER BY seq DESC LIMIT 1')

/** One change a package carried: its identity and its content (value + basis), as compared next time. */
export interface SentChange {
  id: string
  content: string
}

export function insertExportChanges(db: Db, seq: number, changes: readonly SentChange[]): void {
  db.runMany(
    'INSERT OR REPLACE INTO export_changes (export_seq, change_id, content) VALUES (?, ?, ?)',
    changes.map((c) => [seq, c.id, c.content])
  )
}

/** Per change identity, the newest package that carried it and what it carried. */
export function lastSentChanges(db: Db, desaKeys?: readonly string[]): Map<string, { seq: number; content: string }> {
  const out = new Map<string, { seq: number; content: string }>()
  // A change's identity starts with its desa key and '|' (delta.ts changeIdentity).
  const where = desaKeys ? sql`WHERE substr(change_id, 1, instr(change_id, '|') - 1) ${inJson(desaKeys)}` : raw('')
  const rows = db.all<{ export_seq: number; change_id: string; content: string }>(
    sql`SELECT export_seq, change_id, content FROM export_changes ${where} ORDER BY export_seq`
  )
  for (const r of rows) out.set(r.change_id, { seq: Number(r.export_seq), content: r.content })
  return out
}

/** A package of this workspace by its hash: what a receipt must name. */
export const exportBySha = (db: Db, sha256: string): { seq: number; received_at: string | null } | undefined =>
  db.get(sql`SELECT seq, received_at FROM exports WHERE package_sha256 = ${sha256}`)

/** The Dinas's receipt for a package, recorded: its changes are received. */
export function markReceived(db: Db, r: { sha256: string; at: string; by: string }): void {
  db.run(sql`UPDATE exports SET received_at = ${r.at}, received_by = ${r.by} WHERE package_sha256 = ${r.sha256}`)
}

/** The packages the Dinas has confirmed receiving, by number. */
export const receivedSeqs = (db: Db): Set<number> =>
  new Set(db.column<number>('SELECT seq FROM exports WHERE received_at IS NOT NULL').map(Number))

/** Every package made, newest first, for the export screen's list (the berita acara of any of them). */
export function listExports(db: Db): PackageEntry[] {
  const rows = db.all<ExportRow & { received_at: string | null }>(
    'SELECT seq, at, by, file_name, package_sha256, desa, changes, received_at FROM exports ORDER BY seq DESC'
  )
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    by: r.by,
    fileName: r.file_name,
    sha256: r.package_sha256,
    changes: Number(r.changes),
    desa: desaList(r.desa),
    receivedAt: r.received_at ?? null
  }))
}

function desaList(json: string): string[] {
  try {
    const list: unknown = JSON.parse(json)
    return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : []
  } catch {
    return []
  }
}

/** Per desa key, when the newest package carrying a change of it went out (change ids begin with the desa key). */
export function newestPackagePerDesa(db: Db): Map<string, string> {
  const rows = db.all<{ k: string; at: string }>(
    `SELECT c.k, e.at FROM (SELECT substr(change_id, 1, instr(change_id, '|') - 1) AS k, MAX(export_seq) AS seq FROM export_changes GROUP BY k) c
       JOIN exports e ON e.seq = c.seq`
  )
  return new Map(rows.map((r) => [r.k, r.at]))
}

/** Every package in order with the desa it carried and when its receipt was recorded (the board's delivery column). */
export const packagesWithDesa = (db: Db): { seq: number; package_sha256: string; desa: string; received_at: string | null }[] =>
  db.all('SELECT seq, package_sha256, desa, received_at FROM exports ORDER BY seq')
