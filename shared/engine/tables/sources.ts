/** `sources`: every imported file (master or village), its mapping, warnings and coverage. */
import type { SourceKind } from '../../api/types'
import type { Db } from '../db'
import { inJson, raw, type Sql, sql } from './sql'

export interface SourceRow {
  id: number
  kind: SourceKind
  file_name: string
  sha256: string
  format: string
  sheet: string
  header_row: number
  row_count: number
  desa: string
  desa_key: string
  /** JSON: ColumnMapping[]. */
  mapping: string
  /** JSON: ImportWarning[]. */
  warnings: string
  imported_at: string
  imported_by: string
  active: number
  replaces: number | null
  coverage: 'auto' | 'complete' | 'changes'
  coverage_guess: 'complete' | 'changes'
  coverage_share: number | null
  /** JSON: DesaEvidence[] the desa was attributed from (migration 0007); null for masters and older files. */
  desa_evidence: string | null
  /** JSON CarryForwardCounts of the import that brought it (migration 0008); NULL before. */
  carry_forward?: string | null
}

/** SQL: what a file covers, as the operator set it or, until then, as guessed from the master. */
export const EFFECTIVE_COVERAGE = `(CASE WHEN coverage = 'auto' THEN coverage_guess ELSE coverage END)`

export type NewSource = Pick<
  SourceRow,
  | 'kind'
  | 'file_name'
  | 'sha256'
  | 'format'
  | 'sheet'
  | 'header_row'
  | 'row_count'
  | 'desa'
  | 'desa_key'
  | 'mapping'
  | 'warnings'
  | 'imported_at'
  | 'imported_by'
  | 'replaces'
> &
  Partial<Pick<SourceRow, 'desa_evidence'>>

/** Adds a file; returns its id. */
export function insertSource(db: Db, s: NewSource): number {
  db.run(sql`INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, warnings, imported_at, imported_by, replaces, desa_evidence)
     VALUES (${s.kind}, ${s.file_name}, ${s.sha256}, ${s.format}, ${s.sheet}, ${s.header_row}, ${s.row_count}, ${s.desa}, ${s.desa_key}, ${s.mapping}, ${s.warnings}, ${s.imported_at}, ${s.imported_by}, ${s.replaces}, ${s.desa_evidence ?? null})`)
  return Number(db.column('SELECT last_insert_rowid()')[0])
}

/** The active files, master and village, in import order. */
export const activeSources = (db: Db): SourceRow[] => db.all(`SELECT * FROM sources WHERE active = 1 ORDER BY id`)

export const activeSourceIds = (db: Db, kind: SourceKind): number[] =>
  db.column<number>(
    kind === 'master'
      ? `SELECT id FROM sources WHERE kind = 'master' AND active = 1`
      : `SELECT id FROM sources WHERE kind = 'village' AND active = 1`
  )

export const deactivateSources = (db: Db, ids: readonly number[]): void =>
  db.run(sql`UPDATE sources SET active = 0 WHERE id ${inJson(ids)}`)

export const setSourceWarnings = (db: Db, id: number, warnings: string): void =>
  db.run(sql`UPDATE sources SET warnings = ${warnings} WHERE id = ${id}`)

/** The carry-forward counts of the import that brought this file (JSON CarryForwardCounts). */
export const setSourceCarry = (db: Db, id: number, counts: string): void =>
  db.run(sql`UPDATE sources SET carry_forward = ${counts} WHERE id = ${id}`)

/** The carry-forward counts of the newest import that had any (the board's line, report.json). */
export const lastCarryForward = (db: Db): { file_name: string; kind: string; imported_at: string; carry_forward: string } | undefined =>
  db.get(
    `SELECT file_name, kind, imported_at, carry_forward FROM sources WHERE carry_forward IS NOT NULL AND carry_forward != '{"carried":0,"fulfilled":0,"review":0,"orphaned":0}' ORDER BY id DESC LIMIT 1`
  )

/** Active village files of a desa, oldest first. */
export const activeFilesOfDesa = (db: Db, desaKey: string): Pick<SourceRow, 'id' | 'file_name' | 'row_count'>[] =>
  db.all(sql`SELECT id, file_name, row_count FROM sources WHERE kind = 'village' AND active = 1 AND desa_key = ${desaKey} ORDER BY id`)

/** An active village file's coverage setting and name. */
export const activeVillageSource = (db: Db, id: number): Pick<SourceRow, 'coverage' | 'file_name'> | undefined =>
  db.get(sql`SELECT coverage, file_name FROM sources WHERE id = ${id} AND kind = 'village' AND active = 1`)

export const setCoverage = (db: Db, id: number, coverage: SourceRow['coverage']): void =>
  db.run(sql`UPDATE sources SET coverage = ${coverage} WHERE id = ${id}`)

export const setCoverageGuess = (db: Db, id: number, guess: SourceRow['coverage_guess'], share: number | null): void =>
  db.run(sql`UPDATE sources SET coverage_guess = ${guess}, coverage_share = ${share} WHERE id = ${id}`)

/** How many of the file's desa's master people it lists by NIK, and how many the desa has. */
export const coverageCountsSql = (id: number): Sql =>
  sql`SELECT (SELECT COUNT(*) FROM master_rows m WHERE m.desa_key = s.desa_key
                 -- '+' keeps SQLite on the NIK index (by file it would scan the file once per person)
                 AND EXISTS (SELECT 1 FROM village_rows v WHERE v.nik = m.nik AND +v.source_id = s.id)) AS listed,
              (SELECT people FROM master_desa_list d WHERE d.desa_key = s.desa_key) AS people
       FROM sources s WHERE s.id = ${id}`

export const coverageCounts = (db: Db, id: number): { listed: number; people: number | null } | undefined => db.get(coverageCountsSql(id))

/** Active village files (these, or all) with their desa, mapping and effective coverage. */
export const villageSourceContexts = (
  db: Db,
  ids: readonly number[] | 'all'
): (Pick<SourceRow, 'id' | 'desa_key' | 'mapping'> & { coverage: 'complete' | 'changes' })[] =>
  db.all(
    sql`SELECT id, desa_key, mapping, ${raw(EFFECTIVE_COVERAGE)} AS coverage FROM sources WHERE kind = 'village' AND active = 1 ${ids === 'all' ? raw('') : sql`AND id ${inJson(ids)}`}`
  )

/** Of these desa, those with a complete list among their active files. */
export const completeDesa = (db: Db, desaKeys: readonly string[]): string[] =>
  db.column<string>(
    sql`SELECT DISTINCT desa_key FROM sources WHERE kind = 'village' AND active = 1 AND desa_key != '' AND ${raw(EFFECTIVE_COVERAGE)} = 'complete' AND desa_key ${inJson(desaKeys)}`
  )

/** Desa with at least one active village file. */
export const desaWithFiles = (db: Db): string[] =>
  db.column<string>(`SELECT DISTINCT desa_key FROM sources WHERE kind = 'village' AND active = 1 AND desa_key != ''`)

/** Active village files by desa name, for the board. */
export const boardSources = (db: Db): Pick<SourceRow, 'id' | 'desa_key' | 'desa' | 'file_name'>[] =>
  db.all(`SELECT id, desa_key, desa, file_name FROM sources WHERE kind = 'village' AND active = 1 ORDER BY desa, id`)

/** Active village files in import order, as a package lists them. */
export const packageSources = (db: Db): Pick<SourceRow, 'desa_key' | 'desa' | 'file_name' | 'sha256' | 'row_count'>[] =>
  db.all(`SELECT desa_key, desa, file_name, sha256, row_count FROM sources WHERE kind = 'village' AND active = 1 ORDER BY id`)

/** Whether any file (active or not) has these bytes: its stored blob is still needed. */
export const sourceWithSha = (db: Db, sha256: string): boolean => db.get(sql`SELECT 1 FROM sources WHERE sha256 = ${sha256}`) !== undefined

/** The active file of this kind with these bytes (the same file imported again). */
export const activeSourceOfSha = (db: Db, sha256: string, kind: SourceKind): Pick<SourceRow, 'id'> | undefined =>
  db.get(sql`SELECT id FROM sources WHERE sha256 = ${sha256} AND kind = ${kind} AND active = 1`)

/** The active master extract, as a package names it. */
export const activeMasterSource = (db: Db): Pick<SourceRow, 'file_name' | 'sha256' | 'row_count'> | undefined =>
  db.get(`SELECT file_name, sha256, row_count FROM sources WHERE kind = 'master' AND active = 1`)

export const sourceRowCount = (db: Db, id: number): number =>
  db.get<{ row_count: number }>(sql`SELECT row_count FROM sources WHERE id = ${id}`)?.row_count ?? 0
