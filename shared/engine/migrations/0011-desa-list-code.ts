import type { Db } from '../db'

/**
 * Each master desa's code kept in the desa list: attributing a village file read it from every
 * master row of every desa, once per file (a 200,000-person master, 60 files: 12 million rows
 * read). Filled here for a master imported before, and again at every master import.
 */
export function up(db: Db): void {
  db.raw.exec(`
    ALTER TABLE master_desa_list ADD COLUMN code TEXT NOT NULL DEFAULT '';
    UPDATE master_desa_list SET code = COALESCE(
      (SELECT m.kode_desa FROM master_rows m WHERE m.desa_key = master_desa_list.desa_key AND m.kode_desa IS NOT NULL
        GROUP BY m.kode_desa ORDER BY COUNT(*) DESC LIMIT 1), '');
  `)
}
