/**
 * Reads an untrusted spreadsheet into plain typed cells. The kind of file is decided from its
 * bytes, not its name; SheetJS reads with `dense` and `sheetRows` (a one-cell sheet declaring
 * A1:XFD1048576 hangs the sparse reader), and never evaluates formulas (cached values only).
 */
import { unzipSync } from 'fflate'
import * as XLSX from 'xlsx'
import { cermatError } from '../errors'
import { decodeText, parseCsv, sniffDelimiter } from './csv'

export type FileFormat = 'xlsx' | 'xlsm' | 'xls' | 'ods' | 'csv' | 'html'

export interface Cell {
  /** s text, n number, b boolean, e error (#N/A …). */
  t: 's' | 'n' | 'b' | 'e'
  v: string | number | boolean
  /** Text as the spreadsheet displays it. */
  w?: string
  /** Number format (e.g. "dd/mm/yyyy", "000"). */
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
}

export interface ReadLimits {
  /** Rows read per sheet; more is refused rather than silently cut. */
  maxRows: number
  /** Declared uncompressed size of all zip entries together. */
  maxUnzippedBytes: number
  maxZipEntries: number
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxRows: 250_000,
  maxUnzippedBytes: 400 * 1024 * 1024,
  maxZipEntries: 5_000
}

export const NO_LIMITS: ReadLimits = { maxRows: 1_048_576, maxUnzippedBytes: Number.MAX_SAFE_INTEGER, maxZipEntries: Number.MAX_SAFE_INTEGER }

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x)

type Sniffed = { kind: 'zip' } | { kind: 'cfb' } | { kind: 'text' } | { kind: 'html' } | { kind: 'unsupported'; detail: string }

export function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'zip' }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'cfb' }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return { kind: 'unsupported', detail: 'PDF' }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return { kind: 'unsupported', detail: 'gambar PNG' }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'unsupported', detail: 'gambar JPEG' }
  if (startsWith(bytes, [0x4d, 0x5a])) return { kind: 'unsupported', detail: 'program (EXE)' }
  if (startsWith(bytes, [0x50, 0x4b])) return { kind: 'unsupported', detail: 'arsip ZIP yang rusak' }
  if (startsWith(bytes, [0x1f, 0x8b])) return { kind: 'unsupported', detail: 'arsip GZIP' }
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21])) return { kind: 'unsupported', detail: 'arsip RAR' }
  const head = bytes.subarray(0, 4096)
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)
  if (!utf16 && head.includes(0)) return { kind: 'unsupported', detail: 'berkas biner' }
  const start = decodeText(head).text.trimStart().slice(0, 200).toLowerCase()
  if (start.startsWith('<')) {
    // Web applications deliver "Excel" files that are an HTML table under an .xls name.
    const page = decodeText(bytes.subarray(0, 256 * 1024)).text.toLowerCase()
    return page.includes('<table') ? { kind: 'html' } : { kind: 'unsupported', detail: 'halaman HTML/XML tanpa tabel, bukan lembar kerja' }
  }
  if (start.startsWith('{') || start.startsWith('[')) return { kind: 'unsupported', detail: 'JSON' }
  return { kind: 'text' }
}

export function readWorkbook(bytes: Uint8Array, fileName: string, limits: ReadLimits = DEFAULT_LIMITS): WorkbookData {
  if (bytes.length === 0) throw cermatError('FILE_EMPTY', { file: fileName })
  const sniffed = sniff(bytes)
  switch (sniffed.kind) {
    case 'unsupported':
      throw cermatError('FILE_UNSUPPORTED', { file: fileName, detail: sniffed.detail })
    case 'text':
      return readCsv(bytes, fileName, limits)
    case 'html':
      // raw: every cell as the page shows it (SheetJS would guess "12/05/1980" as 5 December).
      return readSheetJs(bytes, fileName, 'html', limits, { raw: true })
    case 'zip':
      return readSheetJs(bytes, fileName, zipFormat(bytes, fileName, limits), limits)
    case 'cfb':
      return readSheetJs(bytes, fileName, cfbFormat(bytes, fileName), limits)
  }
}

/** Lists a zip's entries without inflating them, refusing archives that could not be a workbook. */
function zipFormat(bytes: Uint8Array, fileName: string, limits: ReadLimits): FileFormat {
  const names: string[] = []
  let declared = 0
  let mimetype: Uint8Array | undefined
  try {
    const out = unzipSync(bytes, {
      filter: (info) => {
        names.push(info.name)
        declared += info.originalSize
        return info.name === 'mimetype' && info.originalSize < 200
      }
    })
    mimetype = out.mimetype
  } catch (err) {
    throw cermatError('FILE_UNREADABLE', { file: fileName, detail: `arsip rusak atau terpotong (${err instanceof Error ? err.message : String(err)})` })
  }
  if (names.length > limits.maxZipEntries || declared > limits.maxUnzippedBytes) {
    throw cermatError('FILE_TOO_LARGE', { file: fileName, size: declared, limit: limits.maxUnzippedBytes })
  }
  if (new Set(names).size !== names.length) {
    throw cermatError('FILE_UNREADABLE', { file: fileName, detail: 'isi arsip bernama ganda' })
  }
  if (mimetype && new TextDecoder().decode(mimetype).includes('opendocument.spreadsheet')) return 'ods'
  if (names.includes('xl/workbook.xml') || names.includes('xl/workbook.bin')) {
    return names.includes('xl/vbaProject.bin') ? 'xlsm' : 'xlsx'
  }
  throw cermatError('FILE_UNSUPPORTED', { file: fileName, detail: 'arsip ZIP tanpa lembar kerja (mungkin dokumen Word)' })
}

function cfbFormat(bytes: Uint8Array, fileName: string): FileFormat {
  let entries: string[]
  try {
    entries = XLSX.CFB.read(bytes, { type: 'array' }).FullPaths.map((p: string) => p.split('/').filter(Boolean).pop() ?? '')
  } catch (err) {
    throw cermatError('FILE_UNREADABLE', { file: fileName, detail: err instanceof Error ? err.message : String(err) })
  }
  // An encrypted .xlsx is an OLE container holding EncryptionInfo + EncryptedPackage.
  if (entries.includes('EncryptionInfo') || entries.includes('EncryptedPackage')) throw cermatError('FILE_ENCRYPTED', { file: fileName })
  if (entries.includes('Workbook') || entries.includes('Book')) return 'xls'
  throw cermatError('FILE_UNSUPPORTED', { file: fileName, detail: 'dokumen Office lama yang bukan Excel' })
}

function readSheetJs(bytes: Uint8Array, fileName: string, format: FileFormat, limits: ReadLimits, extra: XLSX.ParsingOptions = {}): WorkbookData {
  let wb: XLSX.WorkBook
  try {
    wb = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      sheetRows: limits.maxRows + 1,
      cellFormula: true,
      cellHTML: false,
      // Needed for hidden rows and columns; the style objects are dropped in toCell.
      cellStyles: true,
      cellNF: true,
      cellText: true,
      cellDates: false,
      bookVBA: false,
      bookDeps: false,
      WTF: false,
      ...extra
    })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/password|encrypt/i.test(message)) throw cermatError('FILE_ENCRYPTED', { file: fileName })
    throw cermatError('FILE_UNREADABLE', { file: fileName, detail: message })
  }
  const sheets: SheetData[] = []
  const meta = wb.Workbook?.Sheets ?? []
  wb.SheetNames.forEach((name, i) => {
    const ws = wb.Sheets[name]
    if (!ws) return
    sheets.push(sheetData(ws, name, Boolean(meta[i]?.Hidden), fileName, limits))
  })
  if (sheets.length === 0) throw cermatError('NO_DATA_SHEET', { file: fileName })
  return { format, sheets, date1904: Boolean(wb.Workbook?.WBProps?.date1904), detail: format }
}

type DenseSheet = XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] }

function sheetData(ws: XLSX.WorkSheet, name: string, hidden: boolean, fileName: string, limits: ReadLimits): SheetData {
  const ref = ws['!ref']
  if (!ref) return { name, hidden, firstRow: 0, firstCol: 0, rows: [] }
  const range = XLSX.utils.decode_range(ref)
  const fullRef = (ws as { '!fullref'?: string })['!fullref']
  if (fullRef && XLSX.utils.decode_range(fullRef).e.r - range.s.r + 1 > limits.maxRows) {
    // sheetRows cut the sheet: refuse instead of importing a silently truncated list.
    const declared = XLSX.utils.decode_range(fullRef).e.r + 1
    throw cermatError('FILE_TOO_LARGE', { file: fileName, size: declared, limit: limits.maxRows })
  }
  const data = (ws as DenseSheet)['!data'] ?? []
  const rows: (Cell | null)[][] = []
  for (let r = range.s.r; r <= range.e.r; r++) {
    const src = data[r]
    const row: (Cell | null)[] = []
    if (src) {
      for (let c = range.s.c; c <= range.e.c && c < src.length; c++) row.push(toCell(src[c]))
    }
    rows.push(row)
  }
  const hiddenRows = (ws['!rows'] ?? []).flatMap((r, i) => (r?.hidden ? [i] : []))
  const hiddenCols = (ws['!cols'] ?? []).flatMap((c, i) => (c?.hidden ? [i] : []))
  return { name, hidden, firstRow: range.s.r, firstCol: range.s.c, rows, hiddenRows, hiddenCols }
}

function toCell(c: XLSX.CellObject | undefined): Cell | null {
  if (!c) return null
  // A formula saved without its value (files written by scripts): empty, but still a formula.
  if (c.t === 'z' || c.v === undefined || c.v === null) return c.f !== undefined ? { t: 's', v: '', f: true } : null
  const out: Cell =
    c.t === 'n' ? { t: 'n', v: c.v as number } : c.t === 'b' ? { t: 'b', v: Boolean(c.v) } : c.t === 'e' ? { t: 'e', v: c.w ?? '#ERROR' } : { t: 's', v: String(c.v) }
  if (c.w !== undefined) out.w = c.w
  if (typeof c.z === 'string') out.z = c.z
  if (c.f !== undefined) out.f = true
  return out
}

function readCsv(bytes: Uint8Array, fileName: string, limits: ReadLimits): WorkbookData {
  const { text, encoding } = decodeText(bytes)
  if (text.trim() === '') throw cermatError('FILE_EMPTY', { file: fileName })
  const delimiter = sniffDelimiter(text)
  const grid = parseCsv(text, delimiter)
  if (grid.length > limits.maxRows) throw cermatError('FILE_TOO_LARGE', { file: fileName, size: grid.length, limit: limits.maxRows })
  const rows = grid.map((r) => r.map((v): Cell | null => (v === '' ? null : { t: 's', v })))
  const name = delimiter === '\t' ? 'TAB' : delimiter
  return { format: 'csv', sheets: [{ name: fileName.replace(/\.[^.]+$/, ''), hidden: false, firstRow: 0, firstCol: 0, rows }], date1904: false, detail: `${encoding}, pemisah "${name}"` }
}

/** Text of a cell as the operator saw it in the spreadsheet. */
export function cellText(c: Cell | null | undefined): string {
  if (!c) return ''
  if (c.w !== undefined && c.t !== 's') return c.w
  return typeof c.v === 'string' ? c.v : String(c.v)
}

/** An Excel date serial as ISO text, honouring the 1904 date system; null when not a date. */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial)) return null
  const day = Math.floor(serial)
  // Serial 60 is Excel's fictional 29 February 1900.
  if (!date1904 && day === 60) return null
  if (day < 1 || day > 2958465) return null
  const parsed = XLSX.SSF.parse_date_code(day, { date1904 })
  if (!parsed || !parsed.y) return null
  return `${String(parsed.y).padStart(4, '0')}-${String(parsed.m).padStart(2, '0')}-${String(parsed.d).padStart(2, '0')}`
}

export function isDateFormat(z: string | undefined): boolean {
  return typeof z === 'string' && z !== 'General' && XLSX.SSF.is_date(z)
}
