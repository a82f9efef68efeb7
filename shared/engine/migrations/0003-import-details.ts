import type { Db } from '../db'

/**
 * What the importer changed on each row's way in (shown beside the row), saved mapping templates,
 * and which file a village file replaced.
 */
export function up(db: Db): void {
  db.raw.exec(`
    ALTER TABLE village_rows ADD COLUMN coercions TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE sources ADD COLUMN replaces INTEGER;
    CREATE TABLE mapping_templates (
      name TEXT PRIMARY KEY,
      columns TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL
    ) STRICT;
  `)
}
