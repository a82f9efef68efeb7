/**
 * Secondary indexes set aside during a bulk insert and made again after it. SQLite builds an index
 * over stored rows by sorting them, 2–3× cheaper than keeping it in order row by row (60,000
 * master people: 2.2–3.2 s → 0.9–1.2 s of CPU with the six master indexes, docs/benchmarks.md).
 * The definitions are read back from the schema, so the indexes made again are exactly the ones
 * dropped.
 */
import type { Db } from '../db'
import { raw, sql } from './sql'

/** The tables a bulk insert fills. */
export type BulkTable = 'master_rows' | 'village_rows'

/** Drops the table's secondary indexes but `keep` and returns their definitions (for `createIndexes`). */
export function dropIndexes(db: Db, table: BulkTable, keep: readonly string[] = []): string[] {
  const indexes = db
    .all<{ name: string; sql: string }>(
      // sql IS NULL: the automatic indexes of PRIMARY KEY / UNIQUE, which cannot be dropped.
      sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table} AND sql IS NOT NULL ORDER BY name`
    )
    .filter((i) => !keep.includes(i.name))
  for (const i of indexes) db.raw.run(`DROP INDEX "${i.name.replace(/"/g, '""')}"`)
  return indexes.map((i) => i.sql)
}

export function createIndexes(db: Db, definitions: readonly string[]): void {
  for (const d of definitions) db.raw.run(d)
}

/**
 * Runs `fill` on the table without its secondary indexes when it is empty (a master into a new or
 * emptied table), then makes them again. Inside a command's transaction: a throw rolls the drop back.
 */
export function fillWithoutIndexes(db: Db, table: BulkTable, fill: () => void): void {
  const empty = db.get(sql`SELECT 1 FROM ${raw(table)} LIMIT 1`) === undefined
  if (!empty) {
    fill()
    return
  }
  const definitions = dropIndexes(db, table)
  fill()
  createIndexes(db, definitions)
}
