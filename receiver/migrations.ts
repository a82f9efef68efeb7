/**
 * The receiver's schema, as versioned SQL applied in order (docs/delivery.md). A migration is
 * never edited once released: a change is a new version. Each runs in its own transaction.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'registry, packages, changes, receipts, quarantine, refusals',
    sql: `
CREATE TABLE kecamatan_keys (
  key_id        text PRIMARY KEY,
  public_key    text NOT NULL UNIQUE,
  kecamatan     text,
  label         text,
  enrolled_at   timestamptz NOT NULL DEFAULT now(),
  enrolled_by   text,
  revoked_at    timestamptz
);

CREATE TABLE packages (
  sha256          text PRIMARY KEY,
  key_id          text NOT NULL REFERENCES kecamatan_keys(key_id),
  workspace_id    text NOT NULL,
  kecamatan       text NOT NULL,
  seq             integer NOT NULL,
  previous_sha256 text,
  created_at      timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  operator        text NOT NULL,
  changes         integer NOT NULL,
  bytes           integer NOT NULL,
  manifest        jsonb NOT NULL,
  UNIQUE (key_id, workspace_id, seq)
);

CREATE TABLE changes (
  id               bigserial PRIMARY KEY,
  package_sha256   text NOT NULL REFERENCES packages(sha256),
  kecamatan        text NOT NULL,
  desa             text NOT NULL,
  row_no           integer NOT NULL,
  jenis            text NOT NULL,
  nik              text NOT NULL,
  no_kk            text,
  nama             text,
  kolom            text,
  nilai_induk      text,
  nilai_desa       text,
  status           text,
  alasan           text,
  dasar            text,
  nomor_dasar      text,
  tanggal_dasar    text,
  keputusan        text,
  diputuskan_oleh  text,
  waktu_keputusan  text,
  operator         text NOT NULL,
  nilai            jsonb NOT NULL,
  UNIQUE (package_sha256, desa, row_no)
);
CREATE INDEX changes_nik ON changes (nik);
CREATE INDEX changes_kecamatan_desa ON changes (kecamatan, desa);

CREATE TABLE receipts (
  package_sha256 text PRIMARY KEY REFERENCES packages(sha256),
  receipt        text NOT NULL,
  signature      text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE quarantine (
  sha256       text PRIMARY KEY,
  key_id       text,
  kecamatan    text,
  reason       text NOT NULL,
  package      bytea NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE refusals (
  id           bigserial PRIMARY KEY,
  sha256       text NOT NULL,
  code         text NOT NULL,
  reason       text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
`
  },
  {
    version: 2,
    name: 'who revoked a kecamatan key, and why',
    sql: `
ALTER TABLE kecamatan_keys ADD COLUMN revoked_by text, ADD COLUMN revoked_reason text;
`
  },
  {
    version: 3,
    name: 'accepted changes: the newest of each change, withdrawals (BATAL) and corrections applied',
    // Views over the stored rows, nothing rewritten: a change is known by its office (key,
    // workspace), desa, NIK, kind and kolom; the newest package's row of it stands. A BATAL names
    // the withdrawn kind in status, so it shares the identity of the change it withdraws.
    sql: `
CREATE VIEW change_history AS
SELECT c.*, p.key_id, p.workspace_id, p.seq, p.received_at,
       CASE WHEN c.jenis = 'BATAL' THEN c.status ELSE c.jenis END AS jenis_perubahan,
       row_number() OVER (
         PARTITION BY p.key_id, p.workspace_id, c.desa, c.nik, CASE WHEN c.jenis = 'BATAL' THEN c.status ELSE c.jenis END, coalesce(c.kolom, '')
         ORDER BY p.seq DESC, c.row_no DESC
       ) AS urutan
FROM changes c JOIN packages p ON p.sha256 = c.package_sha256;

CREATE VIEW accepted_changes AS
SELECT * FROM change_history WHERE urutan = 1 AND jenis <> 'BATAL';

CREATE VIEW withdrawn_changes AS
SELECT * FROM change_history WHERE urutan = 1 AND jenis = 'BATAL';
`
  },
  {
    version: 4,
    name: 'approver registry: camat/kasi keys the Dinas accepts approvals from',
    sql: `
CREATE TABLE approver_keys (
  key_id          text PRIMARY KEY,
  public_key      text NOT NULL UNIQUE,
  role            text NOT NULL CHECK (role IN ('camat', 'kasi')),
  name            text NOT NULL,
  kecamatan       text,
  enrolled_at     timestamptz NOT NULL DEFAULT now(),
  enrolled_by     text,
  revoked_at      timestamptz,
  revoked_by      text,
  revoked_reason  text
);
`
  }
]
