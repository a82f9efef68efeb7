import type { Db } from '../db'

/**
 * The master's own person ids (shared/domain/register-id.ts): ID DTSEN (idsemesta) and ID DTKS, as
 * the extract wrote them ('' when it has none). A renewed master re-links a person whose NIK was
 * corrected by them (carry-forward). Masters imported before this version have none (NULL) until
 * imported again: without them a corrected NIK stays flagged, never guessed.
 */
export function up(db: Db): void {
  db.raw.exec(`
    ALTER TABLE master_rows ADD COLUMN id_dtsen TEXT;
    ALTER TABLE master_rows ADD COLUMN id_dtks TEXT;
  `)
}
