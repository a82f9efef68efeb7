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

/** Findings per piece of reportJson: a piece is one write, small beside the whole report. */
const FINDINGS_PER_PIECE = 500

/**
 * report.json in pieces, byte for byte `JSON.stringify(report, null, 2) + '\n'` (test/unit/cli):
 * 14,000 findings at 60k are never one string (issue 17, the report phase's memory). Findings come
 * last in a check's Report, so everything before them is stringified as is.
 */
export function* reportJson(report: Report): Generator<string> {
  const { findings, ...rest } = report
  // Only when findings is the last key (not so with a fatal master's report) is the head the same.
  if (findings.length === 0 || Object.keys(report).at(-1) !== 'findings') {
    yield JSON.stringify(report, null, 2) + '\n'
    return
  }
  const head = JSON.stringify({ ...rest, findings: [] }, null, 2)
  yield head.slice(0, -'[]\n}'.length) + '['
  for (let i = 0; i < findings.length; i += FINDINGS_PER_PIECE) {
    // A finding's lines, indented as at depth two; strings hold no raw newline (JSON escapes it).
    const items = findings.slice(i, i + FINDINGS_PER_PIECE).map((f) => '\n    ' + JSON.stringify(f, null, 2).replace(/\n/g, '\n    '))
    yield (i === 0 ? '' : ',') + items.join(',')
  }
  yield '\n  ]\n}\n'
}
