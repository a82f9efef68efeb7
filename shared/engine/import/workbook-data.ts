/** What reading a spreadsheet gives (read-workbook.ts, read-xlsx-fast.ts), shared by both readers. */
export type FileFormat = 'xlsx' | 'xlsm' | 'xls' | 'ods' | 'csv' | 'html'

export interface Cell {
  /** s text, n number, b boolean, e error (#N/A …). */
  t: 's' | 'n' | 'b' | 'e'
  v: string | number | boolean
  /** Text as the spreadsheet displays it (not kept for text cells: their `v` is what it shows). */
  w?: string
  /** Number format (e.g. "dd/mm/yyyy", "000"); not kept for text cells. */
  z?: string
  /** The cell held a formula; `v` is its cached value. */
  f?: true
}

export interface SheetData {
  name: string
  hidden: boolean
  /** 0-based sheet row index of rows[0] (title rows above a range start count too). */
  firstRow: number
  /** 0-based column index of rows[n][0]. */
  firstCol: number
  rows: (Cell | null)[][]
  /** 0-based sheet rows and columns the file hides (xlsx, xls columns; not every format says). */
  hiddenRows?: number[]
  hiddenCols?: number[]
}

export interface WorkbookData {
  format: FileFormat
  sheets: SheetData[]
  date1904: boolean
  /** For CSV: the encoding and delimiter found. */
  detail: string
  /** What the spreadsheet library said while reading (e.g. "ODS number format may be incorrect"). */
  libraryNotes?: string[]
}

export interface ReadLimits {
  /** Rows read per sheet; more is refused rather than silently cut. */
  maxRows: number
  /** Declared uncompressed size of all zip entries together. */
  maxUnzippedBytes: number
  maxZipEntries: number
}
