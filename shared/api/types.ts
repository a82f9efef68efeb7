/** The views and results that cross the boundary between the renderer and the engine. */
import type { FindingCode, ResolutionAction, Severity } from '../domain/findings'
import type { PersonField, PersonValues } from '../domain/fields'
import type { HeaderTarget, MatchHow } from '../domain/header-mapping'
import type { Signatory, SubVillageLabel } from '../domain/region'

export type Locale = 'id' | 'en'

export interface AppInfo {
  name: string
  version: string
  platform: string
  locale: Locale
}

export interface ColumnMapping {
  field: PersonField
  /** What the column holds: a field, or two at once ("TEMPAT/TGL LAHIR", "RT/RW"). */
  target?: HeaderTarget
  /** 0-based column index in the sheet. */
  column: number
  /** Column letter as Excel shows it (A, B, …, AA). */
  columnLetter: string
  header: string
  /** 1 for a known header; lower for a near spelling; absent in workspaces made before 0.2. */
  confidence?: number
  how?: MatchHow
}

export type SourceKind = 'master' | 'village'

export interface SourceInfo {
  id: number
  kind: SourceKind
  fileName: string
  sha256: string
  format: string
  sheet: string
  /** 1-based row number of the header row as Excel shows it. */
  headerRow: number
  rows: number
  desa: string
  mapping: ColumnMapping[]
  importedAt: string
  importedBy: string
  /** What a village file covers (null for the master). */
  coverage: FileCoverage | null
}

/**
 * Complete list of the desa, or only its changes (usulan/perbaikan/nonaktif). People missing from
 * a file are reported only for complete lists. The operator's setting wins over the guess.
 */
export const COVERAGE_SETTINGS = ['auto', 'complete', 'changes'] as const
export type CoverageSetting = (typeof COVERAGE_SETTINGS)[number]
export type Coverage = Exclude<CoverageSetting, 'auto'>

export interface FileCoverage {
  setting: CoverageSetting
  /** From the share of the desa's master people the file lists (≥ 50 %: complete). */
  guess: Coverage
  /** That share, 0 … 1; null when the master has nobody of this desa. */
  share: number | null
  effective: Coverage
}

export interface RecoveryInfo {
  /** Journal records replayed on top of the last snapshot. */
  replayed: number
  /** True when the newest snapshot was unusable and the previous generation was used. */
  usedPreviousSnapshot: boolean
  /** Bytes of a torn journal tail (a write cut off by a crash) that were dropped. */
  droppedTailBytes: number
  /** The last change restored (its sequence number and time; time null when it is in the snapshot). */
  restoredSeq: number
  restoredAt: string | null
  /** Stored files found damaged, and what was wrong with each. */
  damaged: { file: string; problem: string }[]
  /** Saved changes that could not be restored; null when none was lost. */
  lost: LostChanges | null
  /** Folder in the workspace where the damaged files were kept aside (`damaged/<time>`); null when none. */
  keptAside: string | null
}

/** Changes that were saved but could not be restored after damage or a crash. */
export interface LostChanges {
  /** Sequence numbers: from `firstSeq` to `lastSeq` (null when the damage hides the last one). */
  firstSeq: number
  lastSeq: number | null
  /** How many; `exact` false means "at least" (damaged bytes may have held more). */
  count: number
  exact: boolean
  /** Time of the earliest and latest lost change that could still be read; null when none could. */
  from: string | null
  to: string | null
}

export interface WorkspaceInfo {
  id: string
  name: string
  /** Where the workspace lives, for display. */
  location: string
  kecamatan: string
  operator: string
  kabupaten: string
  /** What the kabupaten calls the part of a village (column DUSUN): set, or suggested from the kabupaten. */
  subVillageLabel: SubVillageLabel
  /** Who signs the printed recapitulation: set, or the usual three. */
  signatories: Signatory[]
  master: SourceInfo | null
  villages: SourceInfo[]
  recovery: RecoveryInfo | null
}

export interface RecentWorkspace {
  location: string
  name: string
  openedAt: string
}

export interface CodeCount {
  open: number
  resolved: number
}

/**
 * Where a desa stands this month, as the kecamatan board shows it:
 * not_received (in the master, no file yet) → imported (nothing decided yet) → in_review →
 * verified (no open finding left) → exported (in a package, nothing changed since).
 */
export const DESA_STATUSES = ['not_received', 'imported', 'in_review', 'verified', 'exported'] as const
export type DesaStatus = (typeof DESA_STATUSES)[number]

export interface DesaSummary {
  desa: string
  status: DesaStatus
  /** Active village files of the desa. */
  files: string[]
  /** People of the desa in the master extract. */
  people: number
  rows: number
  open: number
  resolved: number
  verified: number
  byCode: Partial<Record<FindingCode, CodeCount>>
  /** When the desa last went into a package (null: never, or changed since). */
  exportedAt: string | null
}

export interface Summary {
  rows: number
  open: number
  resolved: number
  byCode: Partial<Record<FindingCode, CodeCount>>
  byDesa: DesaSummary[]
  /** What Ctrl+Z / Ctrl+Y would undo or redo now. */
  undo: UndoState
}

/** A review action as the undo/redo buttons name it. */
export interface UndoLabel {
  /** bulk_*: one action on many findings or rows (resolveMany, verifyMany), undone in one step. */
  action: 'edit' | 'resolve' | 'verify' | 'deactivate' | 'bulk_resolve' | 'bulk_verify'
  field: string | null
  code: FindingCode | null
  resolution: string | null
  /** File, row and person: of the one row acted on; for a bulk action, the file when all rows share it. */
  file: string | null
  rowNo: number | null
  nama: string
  /** How many findings (bulk_resolve) or rows (bulk_verify) a bulk action covered; null otherwise. */
  count: number | null
}

export interface UndoState {
  undo: UndoLabel | null
  redo: UndoLabel | null
}

export type FindingStatus = 'open' | 'resolved'
export type Resolution = ResolutionAction | 'edited' | 'verified'

export interface FindingView {
  /** Stable key: survives recomputation, used to resolve the finding. */
  key: string
  code: FindingCode
  severity: Severity
  field: PersonField | null
  village: string | null
  master: string | null
  /** Values the message template needs (e.g. the other file of a duplicate). */
  params: Record<string, string>
  status: FindingStatus
  resolution: Resolution | null
  allowed: ResolutionAction[]
}

export type RowKind = 'village' | 'master_only'
export type RowStatus = 'open' | 'verified' | 'excluded'

export interface RowView {
  /** 'v<id>' for a village row, 'm<id>' for a master person missing from the village file. */
  id: string
  kind: RowKind
  sourceId: number | null
  fileName: string | null
  /** 1-based sheet row as Excel shows it; null for master-only rows. */
  rowNo: number | null
  desa: string
  values: PersonValues
  /** Values of the matched master person, when there is one. */
  master: PersonValues | null
  status: RowStatus
  findings: FindingView[]
  /** Values the importer changed on this row's way in (what the file said, what was stored). */
  coercions: Coercion[]
}

/** One piece of the grid's rows; `next` asks for the following one (null: that was the last). */
export interface RowsPage {
  rows: RowView[]
  next: string | null
  /** All rows there are (village rows and master people missing from the files). */
  total: number
}

export interface RowsChanged {
  rows: RowView[]
  removed: string[]
  summary: Summary
}

export interface ImportWarning {
  code: string
  /** Indonesian text (CLI, logs); the UI translates `warning.<code>` with `params`. */
  message: string
  params?: Record<string, string | number>
  sheet?: string
  row?: number
  column?: string
}

export type CoercionKind =
  | 'id_from_number'
  | 'id_cleaned'
  | 'id_precision_lost'
  | 'date_serial'
  | 'date_text'
  | 'date_month_first'
  | 'sex_code'
  | 'shdk_code'
  | 'rt_rw'
  | 'formula'
  | 'control_chars'
  | 'truncated'

/** One value the importer changed (or could not take as written) on its way in. */
export interface Coercion {
  field: PersonField
  column: string
  kind: CoercionKind
  /** The cell as the spreadsheet showed it. */
  from: string
  /** What was stored. */
  to: string
}

export interface CoercionSummary {
  field: PersonField
  column: string
  kind: CoercionKind
  count: number
  examples: { row: number; from: string; to: string }[]
}

/** A header cell and what it was mapped to, for the mapping screen. */
export interface ColumnInfo {
  column: number
  letter: string
  header: string
  target: HeaderTarget | null
  confidence: number
  how: MatchHow | null
  hidden: boolean
}

export interface SheetInfo {
  name: string
  hidden: boolean
  rows: number
  /** How well its best header row maps (sum of confidences); 0 when none was found. */
  score: number
  headerRow: number | null
}

/** The operator's choice of sheet, header row and mapping, overriding what the importer found. */
export interface TableChoice {
  sheet?: string
  /** 1-based sheet row of the header row (the lower one of a two-row header). */
  headerRow?: number
  /** 2 for a header split over two rows. */
  headerRows?: number
  mapping?: { column: number; target: HeaderTarget }[]
}

/** A saved mapping: header texts and what they mean, applied when a file has all those headers. */
export interface MappingTemplate {
  name: string
  columns: { header: string; target: HeaderTarget }[]
}

export interface ImportOptions {
  /** The desa the file is about, when the operator names it. */
  desa?: string
  choice?: TableChoice
  /** When the desa already has a file: replace it (keeping what still matches) or add alongside. */
  onExisting?: 'replace' | 'add'
  /** Save the mapping used as a template under this name. */
  saveTemplate?: string
}

/** What importing a file would do, without doing it: the mapping screen's content. */
export interface ImportPreview {
  fileName: string
  sha256: string
  format: string
  detail: string
  /** The same content is already in the workspace. */
  alreadyImported: boolean
  sheets: SheetInfo[]
  sheet: string
  headerRow: number
  headerRows: 1 | 2
  columns: ColumnInfo[]
  /** The first rows as they would be stored. */
  preview: { rowNo: number; values: PersonValues; coercions: Coercion[] }[]
  rows: number
  desa: string
  /** Files the desa already has (a village file would replace or join them). */
  existing: { fileName: string; rows: number }[]
  warnings: ImportWarning[]
  coercions: CoercionSummary[]
  template: string | null
}

export interface ImportResult {
  source: SourceInfo
  /** True when a file with the same content was already imported: nothing changed. */
  alreadyImported: boolean
  warnings: ImportWarning[]
  /** Values changed on the way in, per column and kind (empty when alreadyImported). */
  coercions: CoercionSummary[]
  summary: Summary
}

export interface ProgressEvent {
  taskId: string
  phase: 'read' | 'parse' | 'store' | 'match' | 'save' | 'done'
  done: number
  total: number
  fileName?: string
}

export interface ExportPreviewDesa {
  desa: string
  changes: number
  open: number
  /** Removals (HAPUS, STATUS) decided without a berita acara or SPTJM (made before bases were recorded): exported with empty basis columns. */
  missingBasis: number
}

export interface ExportPreview {
  desa: ExportPreviewDesa[]
}

export interface ExportResult {
  fileName: string
  location: string
  sha256: string
  bytes: number
  changes: number
  keyId: string
}

export interface KeyStatus {
  exists: boolean
  keyId: string | null
  protection: 'os' | 'passphrase'
  /** True when exporting needs a passphrase from the operator (no OS key protection here). */
  passphraseRequired: boolean
}

export interface AuditEntry {
  id: number
  at: string
  operator: string
  action: string
  rowId: string | null
  field: string | null
  oldValue: string | null
  newValue: string | null
  detail: string | null
}
