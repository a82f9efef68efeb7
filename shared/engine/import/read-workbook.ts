/**
 * Reads an untrusted spreadsheet into plain typed cells. The kind of file is decided from its
 * bytes, not its name; SheetJS reads with `dense` and `sheetRows` (a one-cell sheet declaring
 * A1:XFD1048576 hangs the sparse reader), and never evaluates formulas (cached values only).
 */
import { Inflate, unzipSync } from 'fflate'
import * as XLSX from 'xlsx'

import { cermatError } from '../errors'
import { decodeText, parseCsv, sniffDelimiter } from './csv'
import { keepForFast, NotFast, readXlsxFast, type ZipParts } from './read-xlsx-fast'
import type { Cell, FileFormat, ReadLimits, SheetData, WorkbookData } from './workbook-data'

export type { Cell, FileFormat, ReadLimits, SheetData, WorkbookData } from './workbook-data'

export const DEFAULT_LIMITS: ReadLimits = {
  maxRows: 250_000,
  maxUnzippedBytes: 400 * 1024 * 1024,
  maxZipEntries: 5_000
}

export const NO_LIMITS: ReadLimits = {
  maxRows: 1_048_576,
  maxUnzippedBytes: Number.MAX_SAFE_INTEGER,
  maxZipEntries: Number.MAX_SAFE_INTEGER
}

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

/** `sheetJs`: other SheetJS read options, for the benchmark that compares them (scripts/bench/parse.ts). */
export function readWorkbook(
  bytes: Uint8Array,
  fileName: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  sheetJs: XLSX.ParsingOptions = {}
): WorkbookData {
  return readWorkbookTraced(bytes, fileName, limits, sheetJs).data
}

/**
 * Which reader read a file: `fast` (read-xlsx-fast.ts), or `sheetjs` with, for an xlsx the fast
 * reader declined, why it did.
 */
export interface ReadTrace {
  data: WorkbookData
  route: 'fast' | 'sheetjs'
  declined?: string
}

/**
 * readWorkbook, saying which reader read. `route: 'sheetjs'` reads a plain xlsx with SheetJS too
 * (the oracle of the differential tests, and the parse floor of the benchmarks); so do SheetJS
 * options, which only the SheetJS route has.
 */
export function readWorkbookTraced(
  bytes: Uint8Array,
  fileName: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  sheetJs: XLSX.ParsingOptions = {},
  route: 'auto' | 'sheetjs' = 'auto'
): ReadTrace {
  if (bytes.length === 0) throw cermatError('FILE_EMPTY', { file: fileName })
  const sniffed = sniff(bytes)
  if (sniffed.kind === 'zip') {
    // The zip checks (entry count, declared and inflated sizes) run first, for both readers.
    const fast = route === 'auto' && Object.keys(sheetJs).length === 0
    const parts: ZipParts | undefined = fast ? { names: [], files: new Map() } : undefined
    const format = zipFormat(bytes, fileName, limits, parts)
    let declined: string | undefined
    if ((format === 'xlsx' || format === 'xlsm') && parts) {
      try {
        return { data: readXlsxFast(bytes, parts, format, limits), route: 'fast' }
      } catch (err) {
        if (!(err instanceof NotFast)) throw err
        declined = err.message
      }
    }
    return { data: readSheetJs(bytes, fileName, format, limits, sheetJs), route: 'sheetjs', ...(declined ? { declined } : {}) }
  }
  return { data: readOther(bytes, fileName, sniffed, limits, sheetJs), route: 'sheetjs' }
}

function readOther(bytes: Uint8Array, fileName: string, sniffed: Sniffed, limits: ReadLimits, sheetJs: XLSX.ParsingOptions): WorkbookData {
  switch (sniffed.kind) {
    case 'unsupported':
      throw cermatError('FILE_UNSUPPORTED', { file: fileName, detail: sniffed.detail })
    case 'text':
      return readCsv(bytes, fileName, limits)
    case 'html':
      // raw: every cell as the page shows it (SheetJS would guess "12/05/1980" as 5 December).
      return readSheetJs(bytes, fileName, 'html', limits, { ...sheetJs, raw: true })
    case 'zip':
      return readSheetJs(bytes, fileName, zipFormat(bytes, fileName, limits), limits, sheetJs)
    case 'cfb':
      return readSheetJs(bytes, fileName, cfbFormat(bytes, fileName), limits, sheetJs)
  }
}

/**
 * Lists a zip's entries, refusing archives that could not be a workbook. `parts`: keep the names
 * and the inflated parts the fast reader reads, so that the check's inflating is the only one.
 */
function zipFormat(bytes: Uint8Array, fileName: string, limits: ReadLimits, parts?: ZipParts): FileFormat {
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
    throw cermatError('FILE_UNREADABLE', {
      file: fileName,
      detail: `arsip rusak atau terpotong (${err instanceof Error ? err.message : String(err)})`
    })
  }
  if (names.length > limits.maxZipEntries || declared > limits.maxUnzippedBytes) {
    throw cermatError('FILE_TOO_LARGE', { file: fileName, size: declared, limit: limits.maxUnzippedBytes })
  }
  if (new Set(names).size !== names.length) {
    throw cermatError('FILE_UNREADABLE', { file: fileName, detail: 'isi arsip bernama ganda' })
  }
  checkInflatedSizes(bytes, fileName, limits, parts?.files)
  if (parts) parts.names = names
  if (mimetype && new TextDecoder().decode(mimetype).includes('opendocument.spreadsheet')) return 'ods'
  if (names.includes('xl/workbook.xml') || names.includes('xl/workbook.bin')) {
    return names.includes('xl/vbaProject.bin') ? 'xlsm' : 'xlsx'
  }
  throw cermatError('FILE_UNSUPPORTED', { file: fileName, detail: 'arsip ZIP tanpa lembar kerja (mungkin dokumen Word)' })
}

/** Input fed to the counting inflater at a time: one push inflates to at most ~1032× this. */
const INFLATE_CHUNK = 16 * 1024

/**
 * The sizes checked above come from the central directory and can lie. SheetJS reads each entry
 * from its local header: it inflates into a buffer of the size that header declares, or, when it
 * declares 0 (as streaming writers do), into one grown without bound, and decodes the whole
 * deflate stream either way. So inflate every entry here first, as SheetJS will (from its local
 * header to the end of its deflate stream), counting the bytes and stopping once over the limit.
 */
function checkInflatedSizes(bytes: Uint8Array, fileName: string, limits: ReadLimits, keep?: Map<string, Uint8Array>): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1)
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1)
  const broken = (what: string) => cermatError('FILE_UNREADABLE', { file: fileName, detail: `arsip rusak (${what})` })
  let eocd = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      eocd = at
      break
    }
  }
  if (eocd < 0) throw broken('akhir direktori tidak ditemukan')
  const entries = u16(eocd + 10)
  let at = u32(eocd + 16)
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (u32(at) !== 0x02014b50) throw broken('direktori pusat')
    const method = u16(at + 10)
    const local = u32(at + 42)
    const stored = u32(at + 20)
    const name = keep ? String.fromCharCode(...bytes.subarray(at + 46, at + 46 + Math.max(0, u16(at + 28)))) : ''
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32)
    if (u32(local) !== 0x04034b50) throw broken('kepala berkas')
    const start = local + 30 + u16(local + 26) + u16(local + 28)
    const kept: Uint8Array[] | undefined = keep && keepForFast(name) ? [] : undefined
    if (kept && method === 0 && stored >= 0) keep!.set(name, bytes.subarray(start, start + stored))
    // Stored entries are no bigger than the file; other methods and encrypted entries (flags as
    // SheetJS tests them) are refused by SheetJS before it inflates anything.
    if (method !== 8 || u16(local + 6) & 0x2041) continue
    const localSize = u32(local + 22)
    let inflated: number
    try {
      inflated = inflatedSize(bytes.subarray(start), limits.maxUnzippedBytes - total, kept)
    } catch (err) {
      throw broken(err instanceof Error ? err.message : String(err))
    }
    if (kept) keep!.set(name, concat(kept, inflated))
    total += Math.max(localSize, inflated)
    if (total > limits.maxUnzippedBytes)
      throw cermatError('FILE_TOO_LARGE', { file: fileName, size: total, limit: limits.maxUnzippedBytes })
  }
}

/** Bytes a raw deflate stream inflates to, counted chunk by chunk; stops soon after `budget`. `kept`: the chunks. */
function inflatedSize(stream: Uint8Array, budget: number, kept?: Uint8Array[]): number {
  let size = 0
  const inflater = new Inflate((chunk) => {
    size += chunk.length
    kept?.push(chunk)
  })
  // fflate's stream state: `f` is set by the final block and `l` cleared when a block ends. Without
  // it (another fflate) every byte to the end of the file is fed, which is slower but still right.
  const state = (inflater as unknown as { s?: { f?: number; l?: unknown } }).s
  for (let at = 0; at < stream.length && size <= budget; at += INFLATE_CHUNK) {
    inflater.push(stream.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= stream.length)
    if (state?.f && !state.l) break
  }
  return size
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
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

function readSheetJs(
  bytes: Uint8Array,
  fileName: string,
  format: FileFormat,
  limits: ReadLimits,
  extra: XLSX.ParsingOptions = {}
): WorkbookData {
  let wb: XLSX.WorkBook
  const said: string[] = []
  try {
    wb = quietly(said, () =>
      XLSX.read(bytes, {
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
    )
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
  const notes = said.length > 0 ? { libraryNotes: said } : {}
  return { format, sheets, date1904: Boolean(wb.Workbook?.WBProps?.date1904), detail: format, ...notes }
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug'
const CONSOLE_METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug']

/**
 * Runs `read` with the console captured into `said`: SheetJS prints remarks such as "ODS number
 * format may be incorrect" straight to the console, which would land in the CLI's table.
 * The read is synchronous, so nothing else runs while the console is borrowed.
 */
function quietly<R>(said: string[], read: () => R): R {
  const saved = CONSOLE_METHODS.map((m) => [m, console[m]] as const)
  for (const m of CONSOLE_METHODS) console[m] = (...args: unknown[]) => void said.push(args.map(String).join(' '))
  try {
    return read()
  } finally {
    for (const [m, fn] of saved) console[m] = fn
  }
}

type DenseSheet = XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] }

function sheetData(ws: XLSX.WorkSheet, name: string, hidden: boolean, fileName: string, limits: ReadLimits): SheetData {
  // The cells SheetJS stored decide the extent, not the range the file declares (<dimension>): a
  // one-cell sheet may declare A1:XFD1048576, and writers that declare less than they hold ("A1:B2",
  // a stale range) must still have every row read.
  const data = (ws as DenseSheet)['!data'] ?? []
  if (data.length > limits.maxRows) {
    // sheetRows (maxRows + 1) stops SheetJS below row maxRows + 1: a cell there means the sheet is
    // longer than the limit. Refuse instead of importing a silently truncated list.
    const fullRef = (ws as { '!fullref'?: string })['!fullref']
    const declared = fullRef ? XLSX.utils.decode_range(fullRef).e.r + 1 : data.length
    throw cermatError('FILE_TOO_MANY_ROWS', { file: fileName, sheet: name, rows: Math.max(declared, data.length), limit: limits.maxRows })
  }
  let firstRow = -1
  let firstCol = Number.POSITIVE_INFINITY
  data.forEach((src, r) => {
    if (!src) return
    // for…in visits only the cells present, in column order (a row may be sparse up to XFD).
    for (const key in src) {
      if (src[Number(key)] === undefined) continue
      if (firstRow < 0) firstRow = r
      firstCol = Math.min(firstCol, Number(key))
      break
    }
  })
  if (firstRow < 0) return { name, hidden, firstRow: 0, firstCol: 0, rows: [] }
  const rows: (Cell | null)[][] = []
  const texts = new Map<string, Cell>()
  for (let r = firstRow; r < data.length; r++) {
    const src = data[r]
    const row: (Cell | null)[] = []
    if (src) {
      for (let c = firstCol; c < src.length; c++) row.push(toCell(src[c], texts))
    }
    rows.push(row)
  }
  const hiddenRows = (ws['!rows'] ?? []).flatMap((r, i) => (r?.hidden ? [i] : []))
  const hiddenCols = (ws['!cols'] ?? []).flatMap((c, i) => (c?.hidden ? [i] : []))
  return { name, hidden, firstRow, firstCol, rows, hiddenRows, hiddenCols }
}

/**
 * One cell as Cermat reads it. A text cell's `v` is what the sheet shows, so its `w` and `z` are
 * not kept, and cells with the same text share one (read-only) object: a sheet repeats its
 * desa, dusun, sex and SHDK texts thousands of times.
 */
function toCell(c: XLSX.CellObject | undefined, texts: Map<string, Cell>): Cell | null {
  if (!c) return null
  // A formula saved without its value (files written by scripts): empty, but still a formula.
  if (c.t === 'z' || c.v === undefined || c.v === null) return c.f !== undefined ? { t: 's', v: '', f: true } : null
  if (c.t === 's' || c.t === 'd') {
    const v = String(c.v)
    if (c.f !== undefined) return { t: 's', v, f: true }
    let shared = texts.get(v)
    if (!shared) texts.set(v, (shared = { t: 's', v }))
    return shared
  }
  const out: Cell = c.t === 'n' ? { t: 'n', v: c.v as number } : c.t === 'b' ? { t: 'b', v: Boolean(c.v) } : { t: 'e', v: c.w ?? '#ERROR' }
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
  if (grid.length > limits.maxRows)
    throw cermatError('FILE_TOO_MANY_ROWS', {
      file: fileName,
      sheet: fileName.replace(/\.[^.]+$/, ''),
      rows: grid.length,
      limit: limits.maxRows
    })
  const rows = grid.map((r) => r.map((v): Cell | null => (v === '' ? null : { t: 's', v })))
  const name = delimiter === '\t' ? 'TAB' : delimiter
  return {
    format: 'csv',
    sheets: [{ name: fileName.replace(/\.[^.]+$/, ''), hidden: false, firstRow: 0, firstCol: 0, rows }],
    date1904: false,
    detail: `${encoding}, pemisah "${name}"`
  }
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
