import { describe, expect, it } from 'vitest'

import { PERSON_FIELDS } from '../../../shared/domain/fields'
import { Db } from '../../../shared/engine/db'
import { migrate, MIGRATIONS, SCHEMA_VERSION, schemaVersion } from '../../../shared/engine/migrations'
import { loadSql } from '../helpers/engine'

describe('schema migrations', () => {
  it('0001 creates every table, in STRICT mode, and records its version', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    expect(migrate(db, 1)).toEqual([1])
    expect(schemaVersion(db)).toBe(1)
    const tables = db.column<string>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    expect(tables).toEqual(['audit', 'decisions', 'exports', 'findings', 'master_rows', 'meta', 'sources', 'village_rows'])
    // STRICT TEXT columns: whatever is bound, a NIK is stored and read back as text.
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by) VALUES ('village','f','s','xlsx','S',1,1,'D','D','[]','t','o')`
    )
    db.run(
      `INSERT INTO village_rows (source_id, row_no, nik, no_kk, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, shdk, alamat, rt, rw, dusun, desa, keterangan, raw) VALUES (1, 1, 3404051205800001, '', '', '', '', '', '', '', '', '', '', '', '', '[]')`
    )
    expect(db.get('SELECT typeof(nik) AS t, nik FROM village_rows')).toEqual({ t: 'text', nik: '3404051205800001' })
    expect(() =>
      db.run(
        `INSERT INTO village_rows (source_id, row_no, nik, no_kk, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, shdk, alamat, rt, rw, dusun, desa, keterangan, raw) VALUES (1, 'x', '', '', '', '', '', '', '', '', '', '', '', '', '', '[]')`
      )
    ).toThrow(/cannot store TEXT value in INTEGER column/)
  })

  it('0002 adds the covering index and the master desa list the counts use, on a version-1 database with data', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 1)
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by) VALUES ('master','m','s','xlsx','S',1,1,'A','A','[]','t','o')`
    )
    const person = (nik: string, desa: string) =>
      db.run(
        `INSERT INTO master_rows (source_id, row_no, nik, no_kk, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, shdk, alamat, rt, rw, dusun, desa, desa_key, keterangan) VALUES (1, 2, ?, '', 'A', 'L', '', '', '', '', '', '', '', ?, ?, '')`,
        [nik, desa, desa.toUpperCase().replace(/\s+/g, ' ')]
      )
    person('3404051205800001', 'Sumberadi')
    person('3404051205800002', 'SUMBERADI')
    person('3404051205800003', 'Tlogoadi')
    expect(migrate(db, 2)).toEqual([2])
    expect(schemaVersion(db)).toBe(2)
    const plan = db.all(`EXPLAIN QUERY PLAN SELECT source_id, status, COUNT(*) FROM village_rows GROUP BY source_id, status`)
    expect(plan.map((r) => String(r.detail)).join(' ')).toContain('COVERING INDEX village_source_status')
    expect(db.all('SELECT desa_key, desa, people FROM master_desa_list ORDER BY desa_key')).toEqual([
      { desa_key: 'SUMBERADI', desa: 'SUMBERADI', people: 2 },
      { desa_key: 'TLOGOADI', desa: 'Tlogoadi', people: 1 }
    ])
  })

  it('0003 adds per-row coercions (existing rows: none), mapping templates and the replaced file', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 2)
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by) VALUES ('village','v','s','xlsx','S',1,1,'A','A','[]','t','o')`
    )
    db.run(
      `INSERT INTO village_rows (source_id, row_no, nik, no_kk, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, shdk, alamat, rt, rw, dusun, desa, keterangan, raw) VALUES (1, 2, '3404051205800001', '', 'A', 'L', '', '', '', '', '', '', '', '', '', '[]')`
    )
    expect(migrate(db, 3)).toEqual([3])
    expect(db.all('SELECT coercions FROM village_rows')).toEqual([{ coercions: '[]' }])
    expect(db.all('SELECT replaces FROM sources')).toEqual([{ replaces: null }])
    db.run(`INSERT INTO mapping_templates (name, columns, created_at, created_by) VALUES ('OpenSID', '[]', 't', 'o')`)
    expect(() =>
      db.run(`INSERT INTO mapping_templates (name, columns, created_at, created_by) VALUES ('OpenSID', '[]', 't', 'o')`)
    ).toThrow(/UNIQUE/)
  })

  it('0004 adds the probable-match blocking indexes and file coverage (existing files: auto, guessed complete)', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 3)
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by) VALUES ('village','v','s','xlsx','S',1,1,'A','A','[]','t','o')`
    )
    expect(migrate(db, 4)).toEqual([4])
    expect(db.all('SELECT coverage, coverage_guess, coverage_share FROM sources')).toEqual([
      { coverage: 'auto', coverage_guess: 'complete', coverage_share: null }
    ])
    expect(() => db.run(`UPDATE sources SET coverage = 'half'`)).toThrow(/CHECK/)
    const plan = (sql: string) =>
      db
        .all(`EXPLAIN QUERY PLAN ${sql}`)
        .map((r) => String(r.detail))
        .join(' ')
    expect(plan(`SELECT * FROM master_rows WHERE tanggal_lahir IN (SELECT value FROM json_each('["1980-05-12"]'))`)).toContain(
      'INDEX master_birth'
    )
    expect(plan(`SELECT * FROM master_rows WHERE substr(nik, 1, 12) IN (SELECT value FROM json_each('["340405120580"]'))`)).toContain(
      'INDEX master_nik_prefix'
    )
    expect(plan(`SELECT * FROM master_rows WHERE no_kk IN (SELECT value FROM json_each('["3404050101100001"]'))`)).toContain(
      'INDEX master_kk'
    )
  })

  it('0005 adds the undo log (empty: nothing to undo in an older workspace)', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 4)
    expect(migrate(db, 5)).toEqual([5])
    expect(db.all('SELECT * FROM undo_log')).toEqual([])
    expect(() => db.run(`INSERT INTO undo_log (at, by, label, before, after, undone) VALUES ('t', 'o', '{}', '{}', '{}', 2)`)).toThrow(
      /CHECK/
    )
  })

  it('0006 adds the removal basis to decisions (existing decisions: none)', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 5)
    db.run(
      `INSERT INTO decisions (finding_key, action, value, at, by) VALUES ('MISSING_FROM_VILLAGE:m1', 'accept_village', NULL, 't', 'o')`
    )
    expect(migrate(db, 6)).toEqual([6])
    expect(db.all('SELECT finding_key, reason, basis_kind, basis_no, basis_date FROM decisions')).toEqual([
      { finding_key: 'MISSING_FROM_VILLAGE:m1', reason: null, basis_kind: null, basis_no: null, basis_date: null }
    ])
    db.run(`UPDATE decisions SET reason = 'MENINGGAL', basis_kind = 'BA', basis_no = '045/BA/XI/2026', basis_date = '2026-11-02'`)
    expect(db.get('SELECT typeof(basis_no) AS t, basis_no FROM decisions')).toEqual({ t: 'text', basis_no: '045/BA/XI/2026' })
  })

  it('0007 adds the desa code to master rows and the desa evidence to sources (existing: none)', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 6)
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by)
       VALUES ('master', 'm.xlsx', 'x', 'xlsx', 'S', 1, 1, '', '', '[]', 't', 'o')`
    )
    db.run(
      `INSERT INTO master_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, desa_key)
       VALUES (1, 2, '5108060101900001', ${PERSON_FIELDS.slice(1)
         .map(() => "''")
         .join(', ')}, 'SUKAMERTA')`
    )
    expect(migrate(db, 7)).toEqual([7])
    expect(db.all('SELECT nik, kode_desa FROM master_rows')).toEqual([{ nik: '5108060101900001', kode_desa: null }])
    db.run(`UPDATE master_rows SET kode_desa = '51.08.06.2001'`)
    expect(db.get('SELECT typeof(kode_desa) AS t FROM master_rows')).toEqual({ t: 'text' })
    expect(db.all('SELECT desa_evidence FROM sources')).toEqual([{ desa_evidence: null }])
  })

  it('0009 adds what each package carried, change by change (packages made before: none recorded)', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 8)
    db.run(`INSERT INTO exports (seq, at, by, file_name, package_sha256, desa, changes) VALUES (1, 't', 'o', 'p.zip', 'x', '[]', 3)`)
    expect(migrate(db, 9)).toEqual([9])
    expect(db.all('SELECT * FROM export_changes')).toEqual([])
    db.run(
      `INSERT INTO export_changes (export_seq, change_id, content) VALUES (1, 'SUMBERADI|3404055708850002|UBAH|nama', '["SITI AMINA"]')`
    )
    expect(() => db.run(`INSERT INTO export_changes (export_seq, change_id, content) VALUES ('x', 'a', 'b')`)).toThrow()
  })

  it('0010 adds the master ID DTSEN and ID DTKS (people imported before: none, NULL)', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 9)
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by) VALUES ('master','m','s','xlsx','S',1,1,'A','A','[]','t','o')`
    )
    db.run(
      `INSERT INTO master_rows (source_id, row_no, nik, no_kk, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, shdk, alamat, rt, rw, dusun, desa, desa_key, keterangan) VALUES (1, 2, '3404051205800001', '', 'A', 'L', '', '', '', '', '', '', '', 'A', 'A', '')`
    )
    expect(migrate(db, 10)).toEqual([10])
    expect(db.all('SELECT id_dtsen, id_dtks FROM master_rows')).toEqual([{ id_dtsen: null, id_dtks: null }])
    db.run(`UPDATE master_rows SET id_dtsen = 3404000012345678`)
    expect(db.get('SELECT typeof(id_dtsen) AS t FROM master_rows')).toEqual({ t: 'text' })
  })

  it('0008 gives people their identity and keys a removal by the person, in findings, decisions and undo entries', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 7)
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by)
       VALUES ('master', 'm.xlsx', 'x', 'xlsx', 'S', 1, 2, '', '', '[]', 't', 'o'), ('village', 'v.csv', 'y', 'csv', 'S', 1, 2, 'Sumberadi', 'SUMBERADI', '[]', 't', 'o')`
    )
    const values = (nik: string, nama: string) => [
      nik,
      '3404051201100001',
      nama,
      'L',
      '',
      '1980-05-12',
      '',
      '',
      '',
      '',
      '',
      'SUMBERADI',
      ''
    ]
    for (const [nik, nama] of [
      ['3404051205800001', 'SUPARMAN'],
      ['3404050101500009', 'MBAH KARSO']
    ]) {
      db.run(
        `INSERT INTO master_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, desa_key) VALUES (1, 2, ${PERSON_FIELDS.map(() => '?').join(', ')}, 'SUMBERADI')`,
        values(nik!, nama!)
      )
    }
    // Village rows 3 and 4: one NIK, and two rows without a usable NIK holding the same person.
    for (const [nik, nama] of [
      ['3404051205800001', 'SUPARMAN S'],
      ['', 'BAYI'],
      ['', 'BAYI']
    ]) {
      db.run(
        `INSERT INTO village_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, raw) VALUES (2, 2, ${PERSON_FIELDS.map(() => '?').join(', ')}, '[]')`,
        values(nik!, nama!)
      )
    }
    db.run(
      `INSERT INTO findings (key, code, severity, source_id, village_row_id, master_row_id, desa_key, field, village_value, master_value)
       VALUES ('FIELD_MISMATCH:v1:nama', 'FIELD_MISMATCH', 'warning', 2, 1, 1, 'SUMBERADI', 'nama', 'SUPARMAN S', 'SUPARMAN'),
              ('MISSING_FROM_VILLAGE:m2', 'MISSING_FROM_VILLAGE', 'warning', NULL, NULL, 2, 'SUMBERADI', NULL, NULL, '3404050101500009')`
    )
    db.run(
      `INSERT INTO decisions (finding_key, action, value, at, by, basis_no) VALUES ('FIELD_MISMATCH:v1:nama', 'accept_village', 'SUPARMAN S', 't', 'o', NULL),
         ('MISSING_FROM_VILLAGE:m2', 'accept_village', NULL, 't', 'o', '046/BA')`
    )
    const snapshot = (decided: boolean) =>
      JSON.stringify([
        {
          target: { kind: 'm', id: 2 },
          row: null,
          decisions: decided ? [{ finding_key: 'MISSING_FROM_VILLAGE:m2', action: 'accept_village', at: 't', by: 'o' }] : []
        }
      ])
    db.run(`INSERT INTO undo_log (at, by, label, before, after) VALUES ('t', 'o', '{}', ?, ?)`, [snapshot(false), snapshot(true)])

    expect(migrate(db, 8)).toEqual([8])
    expect(db.column('SELECT subject FROM master_rows ORDER BY id')).toEqual(['m/nik=3404051205800001', 'm/nik=3404050101500009'])
    expect(db.column('SELECT subject FROM village_rows ORDER BY id')).toEqual([
      'v/SUMBERADI/nik=3404051205800001',
      'v/SUMBERADI/fp=BAYI|1980-05-12|3404051201100001',
      'v/SUMBERADI/fp=BAYI|1980-05-12|3404051201100001~2'
    ])
    expect(db.column('SELECT key FROM findings ORDER BY key')).toEqual([
      'FIELD_MISMATCH:v1:nama',
      'MISSING_FROM_VILLAGE:m/nik=3404050101500009'
    ])
    expect(
      db.all('SELECT finding_key, subject, code, field, base_village, base_master, carry, basis_no FROM decisions ORDER BY finding_key')
    ).toEqual([
      {
        finding_key: 'FIELD_MISMATCH:v1:nama',
        subject: 'v/SUMBERADI/nik=3404051205800001',
        code: 'FIELD_MISMATCH',
        field: 'nama',
        base_village: 'SUPARMAN S',
        base_master: 'SUPARMAN',
        carry: null,
        basis_no: null
      },
      {
        finding_key: 'MISSING_FROM_VILLAGE:m/nik=3404050101500009',
        subject: 'm/nik=3404050101500009',
        code: 'MISSING_FROM_VILLAGE',
        field: null,
        base_village: null,
        base_master: '3404050101500009',
        carry: null,
        basis_no: '046/BA'
      }
    ])
    const undo = db.get<{ before: string; after: string }>('SELECT before, after FROM undo_log')!
    expect(JSON.parse(undo.after)).toEqual([
      {
        target: { kind: 'm', id: 2 },
        subject: 'm/nik=3404050101500009',
        row: null,
        decisions: [{ finding_key: 'MISSING_FROM_VILLAGE:m/nik=3404050101500009', action: 'accept_village', at: 't', by: 'o' }]
      }
    ])
    expect(JSON.parse(undo.before)[0].subject).toBe('m/nik=3404050101500009')
  })

  it("0011 keeps each master desa's most common code in the desa list (filled for a master imported before)", async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db, 10)
    db.run(
      `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, imported_at, imported_by)
       VALUES ('master', 'm.xlsx', 'x', 'xlsx', 'S', 1, 4, '', '', '[]', 't', 'o')`
    )
    const person = (row: number, nik: string, desa: string, kode: string | null) =>
      db.run(
        `INSERT INTO master_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, desa_key, kode_desa)
         VALUES (1, ?, ?, ${PERSON_FIELDS.slice(1)
           .map(() => "''")
           .join(', ')}, ?, ?)`,
        [row, nik, desa, kode]
      )
    person(2, '5108060101900001', 'SUKAMERTA', '51.08.06.2001')
    person(3, '5108060101900002', 'SUKAMERTA', '51.08.06.2001')
    person(4, '5108060101900003', 'SUKAMERTA', '51.08.06.2009')
    person(5, '5108060101900004', 'TEGALSARI', null)
    db.run(`INSERT INTO master_desa_list (desa_key, desa, people) VALUES ('SUKAMERTA', 'SUKAMERTA', 3), ('TEGALSARI', 'TEGALSARI', 1)`)
    expect(migrate(db)).toEqual([11])
    expect(db.all('SELECT desa_key, code FROM master_desa_list ORDER BY desa_key')).toEqual([
      { desa_key: 'SUKAMERTA', code: '51.08.06.2001' },
      { desa_key: 'TEGALSARI', code: '' }
    ])
  })

  it('is idempotent and refuses a database from a newer Cermat', async () => {
    const SQL = await loadSql()
    const db = new Db(new SQL.Database())
    migrate(db)
    expect(migrate(db)).toEqual([])
    expect(SCHEMA_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version)
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b))
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'WORKSPACE_TOO_NEW' }))
  })
})
