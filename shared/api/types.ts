/** The views and results that cross the boundary between the renderer and the engine. */
import type { FindingCode, ResolutionAction, Severity } from '../domain/findings'
import type { PersonField, PersonValues } from '../domain/fields'

export type Locale = 'id' | 'en'

export interface AppInfo {
  name: string
  version: string
  platform: string
  locale: Locale
}

export interface ColumnMapping {
  field: PersonField
  /** 0-based column index in the sheet. */
  column: number
  /** Column letter as Excel shows it (A, B, …, AA). */
  columnLetter: string
  header: string
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
}

export interface RecoveryInfo {
  /** Journal records replayed on top of the last snapshot. */
  replayed: number
  /** True when the newest snapshot was unusable and the previous generation was used. */
  usedPreviousSnapshot: boolean
  /** Bytes of a torn journal tail (a write cut off by a crash) that were dropped. */
  droppedTailBytes: number
}

export interface WorkspaceInfo {
  id: string
  name: string
  /** Where the workspace lives, for display. */
  location: string
  kecamatan: string
  operator: string
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

export interface DesaSummary {
  desa: string
  rows: number
  open: number
  resolved: number
  verified: number
  byCode: Partial<Record<FindingCode, CodeCount>>
}

export interface Summary {
  rows: number
  open: number
  resolved: number
  byCode: Partial<Record<FindingCode, CodeCount>>
  byDesa: DesaSummary[]
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
}

export interface RowsChanged {
  rows: RowView[]
  removed: string[]
  summary: Summary
}

export interface ImportWarning {
  code: string
  message: string
  row?: number
  column?: string
}

export interface ImportResult {
  source: SourceInfo
  /** True when a file with the same content was already imported: nothing changed. */
  alreadyImported: boolean
  warnings: ImportWarning[]
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
