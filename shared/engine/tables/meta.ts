/** `meta`: workspace settings and facts, one text value per key. */
import type { Db } from '../db'
import { sql } from './sql'

export interface MetaRow {
  key: string
  value: string
}

export const metaValue = (db: Db, key: string): string | undefined =>
  db.get<Pick<MetaRow, 'value'>>(sql`SELECT value FROM meta WHERE key = ${key}`)?.value

export const setMetaValue = (db: Db, key: string, value: string): void =>
  db.run(sql`INSERT INTO meta (key, value) VALUES (${key}, ${value}) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)

/** A fact of a new workspace (its id, name, creation time). */
export const insertMetaValue = (db: Db, key: string, value: string): void =>
  db.run(sql`INSERT INTO meta (key, value) VALUES (${key}, ${value})`)
