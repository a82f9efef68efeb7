import type { Db } from '../db'

/**
 * The basis of a removal, kept on the decision that accepts it: the reason (a removal code of
 * shared/domain/removal.ts) and the berita acara or SPTJM it rests on (kind, number, ISO date).
 * Decisions made before this version have none (NULL): they are exported with empty basis columns
 * and counted as lacking one.
 */
export function up(db: Db): void {
  db.raw.exec(`
    ALTER TABLE decisions ADD COLUMN reason TEXT;
    ALTER TABLE decisions ADD COLUMN basis_kind TEXT;
    ALTER TABLE decisions ADD COLUMN basis_no TEXT;
    ALTER TABLE decisions ADD COLUMN basis_date TEXT;
  `)
}
