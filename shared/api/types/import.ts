/** Reading a file in: the mapping screen's preview, the operator's choices and the result. */
import type { DesaEvidence } from '../../domain/desa-evidence'
import type { PersonField, PersonValues } from '../../domain/fields'
import type { HeaderTarget, MatchHow } from '../../domain/header-mapping'
import type { Summary } from './summary'
import type { CarryForwardCounts, SourceInfo } from './workspace'

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

/** A column with data that maps to no field ("kolom tidak dikenali"), with a few of its values. */
export interface UnrecognisedColumn {
  /** Column letter as Excel shows it. */
  column: string
  /** Its header text ('' when the header cell is empty). */
  header: string
  /** Up to 3 distinct values; ones that look like a NIK/KK are masked. */
  samples: string[]
  /** Person rows with a value in this column. */
  filled: number
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
  /** Columns with data that map to no field. */
  unrecognised?: UnrecognisedColumn[]
  /** Village files: what the file itself says about its desa, strongest first (read even when the operator chose). */
  desaEvidence?: DesaEvidence[]
  /** The strongest evidence for another desa than the proposed one; null when the evidence agrees. */
  desaConflict?: DesaEvidence | null
  /** The desa the engine proposes from the evidence ('' when none); `desa` is the operator's choice when given. */
  desaProposed?: string
  /** The master's desa, for the operator's choice (name and kode wilayah as written, '' when none). */
  masterDesas?: { desa: string; code: string }[]
}

export interface ImportResult {
  source: SourceInfo
  /** True when a file with the same content was already imported: nothing changed. */
  alreadyImported: boolean
  warnings: ImportWarning[]
  /** Values changed on the way in, per column and kind (empty when alreadyImported). */
  coercions: CoercionSummary[]
  summary: Summary
  /** Columns with data that map to no field (empty when alreadyImported). */
  unrecognised?: UnrecognisedColumn[]
  /** Earlier decisions on a new master or a replacing village file (all 0 for a first file). */
  carryForward: CarryForwardCounts
}

export interface ProgressEvent {
  taskId: string
  phase: 'read' | 'parse' | 'store' | 'match' | 'save' | 'done'
  done: number
  total: number
  fileName?: string
}
