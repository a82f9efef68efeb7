import type { Db } from '../db'

/**
 * What each package carried, change by change (decision 31): the change's identity (desa, NIK,
 * jenis, kolom) and its content (value + basis), so the next export sends only what is new or
 * changed, and marks a changed one as a correction of the package that carried it; and when the
 * Dinas's signed receipt for a package was recorded. Packages made before this version left no
 * record: the first export after it sends everything once more.
 */
export function up(db: Db): void {
  db.raw.exec(`
    CREATE TABLE IF NOT EXISTS export_changes (
      export_seq INTEGER NOT NULL,
      change_id TEXT NOT NULL,
      content TEXT NOT NULL,
      PRIMARY KEY (export_seq, change_id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS export_changes_by_id ON export_changes (change_id, export_seq);
    ALTER TABLE exports ADD COLUMN received_at TEXT;
    ALTER TABLE exports ADD COLUMN received_by TEXT;
  `)
}
