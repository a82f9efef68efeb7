import type { Db } from '../db'

/** The first schema: sources, master and village rows, findings, decisions, audit, exports. */
export function up(db: Db): void {
  db.raw.exec(`
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sources (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('master', 'village')),
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      format TEXT NOT NULL,
      sheet TEXT NOT NULL,
      header_row INTEGER NOT NULL,
      row_count INTEGER NOT NULL,
      desa TEXT NOT NULL,
      desa_key TEXT NOT NULL,
      mapping TEXT NOT NULL,
      warnings TEXT NOT NULL DEFAULT '[]',
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1
    ) STRICT;
    CREATE INDEX sources_kind ON sources(kind, active);

    CREATE TABLE master_rows (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES sources(id),
      row_no INTEGER NOT NULL,
      nik TEXT NOT NULL,
      no_kk TEXT NOT NULL,
      nama TEXT NOT NULL,
      jenis_kelamin TEXT NOT NULL,
      tempat_lahir TEXT NOT NULL,
      tanggal_lahir TEXT NOT NULL,
      shdk TEXT NOT NULL,
      alamat TEXT NOT NULL,
      rt TEXT NOT NULL,
      rw TEXT NOT NULL,
      dusun TEXT NOT NULL,
      desa TEXT NOT NULL,
      desa_key TEXT NOT NULL,
      keterangan TEXT NOT NULL
    ) STRICT;
    CREATE INDEX master_nik ON master_rows(nik);
    CREATE INDEX master_desa ON master_rows(desa_key);

    CREATE TABLE village_rows (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES sources(id),
      row_no INTEGER NOT NULL,
      nik TEXT NOT NULL,
      no_kk TEXT NOT NULL,
      nama TEXT NOT NULL,
      jenis_kelamin TEXT NOT NULL,
      tempat_lahir TEXT NOT NULL,
      tanggal_lahir TEXT NOT NULL,
      shdk TEXT NOT NULL,
      alamat TEXT NOT NULL,
      rt TEXT NOT NULL,
      rw TEXT NOT NULL,
      dusun TEXT NOT NULL,
      desa TEXT NOT NULL,
      keterangan TEXT NOT NULL,
      -- 'text': typed as text; 'number': a numeric cell that held the NIK exactly;
      -- 'lossy': a numeric cell or E+ text that cannot have held all 16 digits.
      nik_origin TEXT NOT NULL DEFAULT 'text' CHECK (nik_origin IN ('text', 'number', 'lossy')),
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'verified', 'excluded')),
      status_at TEXT,
      status_by TEXT,
      raw TEXT NOT NULL
    ) STRICT;
    CREATE INDEX village_nik ON village_rows(nik);
    CREATE INDEX village_source ON village_rows(source_id);

    CREATE TABLE findings (
      key TEXT PRIMARY KEY,
      code TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
      source_id INTEGER,
      village_row_id INTEGER,
      master_row_id INTEGER,
      desa_key TEXT NOT NULL,
      field TEXT,
      village_value TEXT,
      master_value TEXT,
      params TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX findings_source ON findings(source_id);
    CREATE INDEX findings_village_row ON findings(village_row_id);
    CREATE INDEX findings_master_row ON findings(master_row_id);
    CREATE INDEX findings_desa ON findings(desa_key, code);

    CREATE TABLE decisions (
      finding_key TEXT PRIMARY KEY,
      action TEXT NOT NULL,
      value TEXT,
      at TEXT NOT NULL,
      by TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      operator TEXT NOT NULL,
      action TEXT NOT NULL,
      row_id TEXT,
      field TEXT,
      old_value TEXT,
      new_value TEXT,
      detail TEXT,
      hash TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_row ON audit(row_id);

    CREATE TABLE exports (
      id INTEGER PRIMARY KEY,
      seq INTEGER NOT NULL UNIQUE,
      at TEXT NOT NULL,
      by TEXT NOT NULL,
      file_name TEXT NOT NULL,
      package_sha256 TEXT NOT NULL,
      desa TEXT NOT NULL,
      changes INTEGER NOT NULL
    ) STRICT;
  `)
}
