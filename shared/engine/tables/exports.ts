/** `exports`: every package sent, with its sequence number and hash. */
import type { Db } from '../db'
import { sql } from './sql'

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
