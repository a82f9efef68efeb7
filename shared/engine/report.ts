/**
 * The `cermat check` report (report.json, schemaVersion 1). A stable contract: fields may be
 * added, none removed or renamed. See docs/cli.md.
 */
import type { AppError } from '../api/result'
import type { CarryForwardCounts, FileCoverage, Locale, RowView, SourceInfo } from '../api/types'
import type { DesaEvidenceKind } from '../domain/desa-evidence'
import type { FindingCode, Severity } from '../domain/findings'
import { findingMessage } from '../i18n'

export interface ReportFile {
  file: string
  sheet: string | null
  headerRow: number | null
  rows: number | null
  desa: string | null
  mapping: { field: string; column: string; header: string }[] | null
  error: { code: string; message: string } | null
  format?: string | null
  sha256?: string
  /** Complete list, changes only, or unknown while the desa is (MISSING_FROM_VILLAGE is reported for complete lists only). */
  coverage?: FileCoverage | null
  /** The evidence the desa was attributed from, strongest first: kind, value, strength, share (nik_overlap). */
  desaEvidence?: ReportDesaEvidence[]
  /** Columns with data that map to no field ("kolom tidak dikenali"); NIK/KK-like samples masked. */
  unrecognised?: { column: string; header: string; samples: string[]; filled: number }[]
  /** A replacing file: what became of the earlier decisions (carried, fulfilled, review, orphaned). */
  carryForward?: CarryForwardCounts
}

export interface ReportDesaEvidence {
  desa: string
  kind: DesaEvidenceKind
  value: string
  strength: number
  share?: number
}

export interface ReportFinding {
  code: FindingCode
  severity: Severity
  file: string | null
  row: number | null
  nik: string
  masterNik: string | null
  field: string | null
  village: string | null
  master: string | null
  message: string
  desa: string
}

export interface Report {
  schemaVersion: 1
  generatedAt: string
  app: { name: string; version: string }
  master: { file: string; rows: number; sha256: string } | null
  files: ReportFile[]
  findings: ReportFinding[]
}

export function reportFile(source: SourceInfo): ReportFile {
  return {
    file: source.fileName,
    sheet: source.sheet,
    headerRow: source.headerRow,
    rows: source.rows,
    desa: source.desa || null,
    mapping: source.mapping.map((m) => ({ field: m.field, column: m.columnLetter, header: m.header })),
    error: null,
    format: source.format,
    sha256: source.sha256,
    coverage: source.coverage,
    desaEvidence: (source.desaEvidence ?? []).map((e) => ({
      desa: e.desa,
      kind: e.kind,
      value: e.value,
      strength: e.strength,
      ...(e.share === undefined ? {} : { share: Math.round(e.share * 1000) / 1000 })
    })),
    ...(source.carryForward ? { carryForward: source.carryForward } : {})
  }
}

export function failedFile(file: string, error: Pick<AppError, 'message'> & { code: string }): ReportFile {
  return { file, sheet: null, headerRow: null, rows: null, desa: null, mapping: null, error: { code: error.code, message: error.message } }
}

/** One report finding per finding of every row, in file and row order; missing people last. */
export function reportFindings(rows: RowView[], locale: Locale): ReportFinding[] {
  const out: ReportFinding[] = []
  for (const r of rows) {
    for (const f of r.findings) {
      const missing = r.kind === 'master_only'
      out.push({
        code: f.code,
        severity: f.severity,
        file: missing ? null : r.fileName,
        row: missing ? null : r.rowNo,
        nik: r.values.nik,
        // A probable match names its candidate: the master person the row probably is.
        masterNik: f.code === 'PROBABLE_MATCH' ? f.master : (r.master?.nik ?? null),
        field: f.field,
        village: f.village,
        master: f.master,
        message: findingMessage(locale, f),
        desa: r.desa
      })
    }
  }
  return out
}
