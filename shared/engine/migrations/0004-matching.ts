import type { Db } from '../db'

/**
 * Probable-match blocking keys on the master (birth date, the NIK's region+birth-date part, KK),
 * village rows by KK (an edit changes the household findings of the whole family)
 * and what a village file covers: the operator's choice ('auto' until set) and the engine's guess
 * from the overlap with the master (share of the desa's master people the file lists).
 */
export function up(db: Db): void {
  db.raw.exec(`
    CREATE INDEX master_birth ON master_rows(tanggal_lahir);
    CREATE INDEX master_nik_prefix ON master_rows(substr(nik, 1, 12));
    CREATE INDEX master_kk ON master_rows(no_kk);
    CREATE INDEX village_kk ON village_rows(no_kk);
    ALTER TABLE sources ADD COLUMN coverage TEXT NOT NULL DEFAULT 'auto' CHECK (coverage IN ('auto', 'complete', 'changes'));
    ALTER TABLE sources ADD COLUMN coverage_guess TEXT NOT NULL DEFAULT 'complete' CHECK (coverage_guess IN ('complete', 'changes'));
    ALTER TABLE sources ADD COLUMN coverage_share REAL;
  `)
}
