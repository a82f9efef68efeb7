import type { Db } from '../db'

/**
 * The evidence a village file's desa was attributed from (JSON, shown in report.json), and the master's desa code (kode wilayah / kode desa / kode kelurahan as written), so a village file
 * naming its desa only by code (in a title, sheet or file name) is attributed to it. Masters
 * imported before this version have none (NULL) until imported again.
 */
export function up(db: Db): void {
  db.raw.exec(`
    ALTER TABLE master_rows ADD COLUMN kode_desa TEXT;
    ALTER TABLE sources ADD COLUMN desa_evidence TEXT;
  `)
}
