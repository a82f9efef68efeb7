/** `mapping_templates`: column mappings the operator saved by name, for files laid out alike. */
import type { Db } from '../db'
import { sql } from './sql'

export interface TemplateRow {
  name: string
  /** JSON: MappingTemplate['columns']. */
  columns: string
  created_at: string
  created_by: string
}

export const templateRows = (db: Db): Pick<TemplateRow, 'name' | 'columns'>[] =>
  db.all('SELECT name, columns FROM mapping_templates ORDER BY name')

export const upsertTemplate = (db: Db, t: TemplateRow): void =>
  db.run(sql`INSERT INTO mapping_templates (name, columns, created_at, created_by) VALUES (${t.name}, ${t.columns}, ${t.created_at}, ${t.created_by})
     ON CONFLICT(name) DO UPDATE SET columns = excluded.columns, created_at = excluded.created_at, created_by = excluded.created_by`)

export const deleteTemplateRow = (db: Db, name: string): void => db.run(sql`DELETE FROM mapping_templates WHERE name = ${name}`)
