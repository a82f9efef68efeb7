/**
 * From a workbook to person rows: pick the data sheet, find the header row under any title rows,
 * map the headers, and turn every data row into canonical values (NIK/KK as strings, dates ISO,
 * codes mapped). Blank rows, repeated headers, column-number rows and total rows are skipped.
 */
import type { ColumnMapping, ImportWarning, SourceKind } from '../../api/types'
import { guessShdkSystem, parseRtRw, parseSex, parseShdk, splitRtRw, type ShdkSystem } from '../../domain/codes'
import { parseDateText } from '../../domain/dates'
import { emptyPerson, type PersonField, type PersonValues } from '../../domain/fields'
import { columnLetter, findHeaderRow, mapHeader, mapHeaderRow, type HeaderMatch, type HeaderTarget } from '../../domain/header-mapping'
import { tidyText } from '../../domain/names'
import { cleanId, idFromNumber, isScientificNotation } from '../../domain/nik'
import { cermatError } from '../errors'
import { cellText, isDateFormat, serialToIso, type Cell, type SheetData, type WorkbookData } from './read-workbook'

export type NikOrigin = 'text' | 'number' | 'lossy'

export interface ParsedRow {
  /** 1-based row number as Excel shows it. */
  rowNo: number
  values: PersonValues
  nikOrigin: NikOrigin
  /** Original text of every non-empty cell, as [header, text]. */
  raw: [string, string][]
}

export interface ParsedTable {
  sheet: string
  headerRow: number
  mapping: ColumnMapping[]
  mappedFields: PersonField[]
  rows: ParsedRow[]
  /** Desa named in a desa column; '' when the file has none. */
  desa: string
  /** Desa names found in title rows, for the importer to check against the master. */
  desaCandidates: string[]
  warnings: ImportWarning[]
}

/** Longest text kept from one cell; Excel's own limit is 32,767 characters. */
const MAX_CELL_CHARS = 1000
const HEADER_SCAN_ROWS = 40

export interface ExtractOptions {
  kind: SourceKind
  /** Called every few thousand rows with (done, total). */
  onRows?: (done: number, total: number) => void
}

export function extractTable(wb: WorkbookData, fileName: string, opts: ExtractOptions): ParsedTable {
  const candidates = wb.sheets
    .map((sheet) => ({ sheet, found: findHeaderRow(sheet.rows.slice(0, HEADER_SCAN_ROWS).map((r) => r.map(cellText))) }))
    .filter((c) => c.found !== null)
    .sort((a, b) => Number(a.sheet.hidden) - Number(b.sheet.hidden) || b.found!.matches.length - a.found!.matches.length)
  const best = candidates[0]
  if (!best || !best.found) {
    const first = wb.sheets.find((s) => s.rows.length > 0) ?? wb.sheets[0]
    if (!first || first.rows.length === 0) throw cermatError('NO_DATA_SHEET', { file: fileName })
    throw cermatError('NO_HEADER_ROW', { file: fileName, sheet: first.name, scanned: Math.min(HEADER_SCAN_ROWS, first.rows.length) })
  }
  const { sheet, found } = best
  const warnings: ImportWarning[] = []
  const headerRowNo = sheet.firstRow + found.index + 1
  for (const d of found.duplicates) {
    warnings.push({
      code: 'DUPLICATE_HEADER',
      message: `Kolom ${columnLetter(sheet.firstCol + d.column)} ("${d.header}") juga berarti ${d.target}; yang dipakai kolom pertama.`,
      row: headerRowNo,
      column: columnLetter(sheet.firstCol + d.column)
    })
  }
  if (wb.sheets.length > 1) {
    warnings.push({ code: 'SHEET_CHOSEN', message: `Lembar "${sheet.name}" dipakai (dari ${wb.sheets.length} lembar).` })
  }
  if (!found.matches.some((m) => m.target === 'nama')) {
    warnings.push({ code: 'NO_NAME_COLUMN', message: 'Kolom NAMA tidak ditemukan; nama tidak dapat dibandingkan.', row: headerRowNo })
  }

  const byTarget = new Map<HeaderTarget, HeaderMatch>(found.matches.map((m) => [m.target, m]))
  const shdkSystem = decideShdkSystem(sheet, found.index, byTarget.get('shdk'), opts.kind)
  const headerTexts = (sheet.rows[found.index] ?? []).map(cellText)
  const rows: ParsedRow[] = []
  const total = sheet.rows.length - found.index - 1
  const truncatedCells: string[] = []

  for (let i = found.index + 1; i < sheet.rows.length; i++) {
    if ((i - found.index) % 5000 === 0) opts.onRows?.(i - found.index, total)
    const cells = sheet.rows[i] ?? []
    const texts = cells.map(cellText)
    if (texts.every((t) => t.trim() === '')) continue
    const nikCell = cells[byTarget.get('nik')!.column] ?? null
    // A header repeated mid-file (a second page pasted below) has a header word in the NIK column.
    if (mapHeader(cellText(nikCell)) === 'nik' && isRepeatedHeader(texts, found.matches.length)) continue
    if (isColumnNumberRow(texts)) continue
    const rowNo = sheet.firstRow + i + 1
    if (isTotalRow(texts, nikCell)) continue
    const parsed = parseRow(cells, byTarget, { date1904: wb.date1904, shdkSystem })
    const raw: [string, string][] = []
    texts.forEach((t, c) => {
      if (t.trim() === '') return
      const header = headerTexts[c]?.trim() || columnLetter(sheet.firstCol + c)
      if (t.length > MAX_CELL_CHARS) truncatedCells.push(`${columnLetter(sheet.firstCol + c)}${rowNo}`)
      raw.push([header, t.slice(0, MAX_CELL_CHARS)])
    })
    rows.push({ rowNo, values: parsed.values, nikOrigin: parsed.nikOrigin, raw })
  }
  opts.onRows?.(total, total)
  if (truncatedCells.length > 0) {
    warnings.push({ code: 'CELL_TOO_LONG', message: `${truncatedCells.length} sel lebih dari ${MAX_CELL_CHARS} karakter dipotong (mis. ${truncatedCells.slice(0, 3).join(', ')}).` })
  }

  const mapping: ColumnMapping[] = found.matches.map((m) => ({
    field: (m.target === 'tempat_tanggal_lahir' ? 'tanggal_lahir' : m.target === 'rt_rw' ? 'rt' : m.target) as PersonField,
    column: sheet.firstCol + m.column,
    columnLetter: columnLetter(sheet.firstCol + m.column),
    header: m.header
  }))
  const mappedFields = new Set<PersonField>()
  for (const m of found.matches) {
    if (m.target === 'tempat_tanggal_lahir') mappedFields.add('tempat_lahir').add('tanggal_lahir')
    else if (m.target === 'rt_rw') mappedFields.add('rt').add('rw')
    else mappedFields.add(m.target)
  }
  return {
    sheet: sheet.name,
    headerRow: headerRowNo,
    mapping,
    mappedFields: [...mappedFields],
    rows,
    desa: mostCommon(rows.map((r) => r.values.desa)),
    desaCandidates: desaFromTitle(sheet, found.index),
    warnings
  }
}

interface RowContext {
  date1904: boolean
  shdkSystem: ShdkSystem
}

function parseRow(cells: (Cell | null)[], byTarget: Map<HeaderTarget, HeaderMatch>, ctx: RowContext): { values: PersonValues; nikOrigin: NikOrigin } {
  const values = emptyPerson()
  const cell = (t: HeaderTarget): Cell | null => {
    const m = byTarget.get(t)
    return m ? (cells[m.column] ?? null) : null
  }
  const text = (t: HeaderTarget) => tidyText(cellText(cell(t))).slice(0, MAX_CELL_CHARS)

  const nik = readId(cell('nik'))
  values.nik = nik.text
  values.no_kk = readId(cell('no_kk')).text
  values.nama = text('nama')
  values.tempat_lahir = text('tempat_lahir')
  values.tanggal_lahir = readDate(cell('tanggal_lahir'), ctx.date1904)
  const ttl = cell('tempat_tanggal_lahir')
  if (ttl) {
    const split = splitPlaceDate(ttl, ctx.date1904)
    if (!values.tempat_lahir) values.tempat_lahir = split.place
    if (!values.tanggal_lahir) values.tanggal_lahir = split.date
  }
  const sex = text('jenis_kelamin')
  values.jenis_kelamin = parseSex(sex) ?? sex
  const shdk = text('shdk')
  values.shdk = parseShdk(shdk, ctx.shdkSystem) ?? shdk
  values.alamat = text('alamat')
  values.rt = readRtRw(text('rt'))
  values.rw = readRtRw(text('rw'))
  const rtRw = text('rt_rw')
  if (rtRw) {
    const split = splitRtRw(rtRw)
    if (split) {
      values.rt ||= split.rt
      values.rw ||= split.rw
    } else values.rt ||= rtRw
  }
  values.dusun = text('dusun')
  values.desa = text('desa')
  values.keterangan = text('keterangan')
  return { values, nikOrigin: nik.origin }
}

/** A NIK/KK cell as text, and whether a numeric cell could have damaged it. */
export function readId(c: Cell | null): { text: string; origin: NikOrigin } {
  if (!c) return { text: '', origin: 'text' }
  if (c.t === 'n' && typeof c.v === 'number') {
    const n = idFromNumber(c.v)
    return { text: n.text, origin: n.precisionLost ? 'lossy' : 'number' }
  }
  const raw = cellText(c)
  if (isScientificNotation(raw)) return { text: raw.trim(), origin: 'lossy' }
  const cleaned = cleanId(raw)
  return { text: /^[0-9A-Z]*$/.test(cleaned) ? cleaned : tidyText(raw), origin: 'text' }
}

function readDate(c: Cell | null, date1904: boolean): string {
  if (!c) return ''
  if (c.t === 'n' && typeof c.v === 'number') {
    // A number in a date column is a serial even when the cell format was lost (CSV → xlsx).
    if (isDateFormat(c.z) || (c.v > 0 && c.v < 2958466)) return serialToIso(c.v, date1904) ?? cellText(c)
    return cellText(c)
  }
  const text = tidyText(cellText(c))
  return parseDateText(text) ?? text
}

function splitPlaceDate(c: Cell, date1904: boolean): { place: string; date: string } {
  if (c.t === 'n') return { place: '', date: readDate(c, date1904) }
  const text = tidyText(cellText(c))
  const comma = text.lastIndexOf(',')
  if (comma >= 0) {
    const datePart = text.slice(comma + 1).trim()
    return { place: text.slice(0, comma).trim(), date: parseDateText(datePart) ?? datePart }
  }
  const m = /^(.*?)[\s/]+(\d{1,2}[-/.\s]+(?:\d{1,2}|[A-Za-z]+)[-/.\s]+\d{2,4})$/.exec(text)
  if (m) return { place: m[1]!.trim(), date: parseDateText(m[2]!) ?? m[2]! }
  return { place: text, date: '' }
}

function readRtRw(text: string): string {
  return parseRtRw(text) ?? text
}

function decideShdkSystem(sheet: SheetData, headerIndex: number, match: HeaderMatch | undefined, kind: SourceKind): ShdkSystem {
  if (!match) return 'dukcapil'
  const values = sheet.rows.slice(headerIndex + 1).map((r) => cellText(r[match.column] ?? null))
  return guessShdkSystem(values, kind === 'master' ? 'regsosek' : 'dukcapil')
}

function isRepeatedHeader(texts: string[], headerFields: number): boolean {
  return mapHeaderRow(texts).matches.length >= Math.max(3, headerFields - 1)
}

/** The "1 2 3 4 …" row Indonesian forms put under the header. */
function isColumnNumberRow(texts: string[]): boolean {
  const filled = texts.map((t) => t.trim()).filter((t) => t !== '')
  if (filled.length < 3) return false
  return filled.every((t, i) => t === String(i + 1) || t === `(${i + 1})`)
}

function isTotalRow(texts: string[], nikCell: Cell | null): boolean {
  const nik = cellText(nikCell).replace(/\D/g, '')
  if (nik.length >= 10) return false
  return texts.slice(0, 6).some((t) => /^\s*(JUMLAH|TOTAL|JML)\b/i.test(t))
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>()
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best = ''
  let n = 0
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c]
  return best
}

/**
 * Desa names in the title rows above the header: "DESA SUMBERADI KECAMATAN MLATI" → "SUMBERADI".
 * "MUSYAWARAH DESA …" names the meeting, not a desa. The importer checks candidates against the master.
 */
function desaFromTitle(sheet: SheetData, headerIndex: number): string[] {
  const out: string[] = []
  const re = /\b(?:DESA|KELURAHAN|KEL\.)\s*:?\s+([A-Z][A-Z .'-]*?)(?=\s+(?:KEC(?:AMATAN|\.)?|KAB(?:UPATEN|\.)?|BULAN|TAHUN|PERIODE)\b|[,(]|$)/gi
  for (let i = 0; i < headerIndex; i++) {
    for (const c of sheet.rows[i] ?? []) {
      const text = cellText(c).trim()
      for (const m of text.matchAll(re)) {
        if (/(MUSYAWARAH|MUSDES|MUSKEL)\s*$/i.test(text.slice(0, m.index))) continue
        if (m[1]!.trim().length >= 3) out.push(tidyText(m[1]!))
      }
    }
  }
  return out
}

/** Desa names compare by this key: "Desa Sumber Adi" and "SUMBERADI" are the same desa. */
export function desaKey(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .replace(/^\s*(DESA|KELURAHAN|KEL\.?|DS\.?)\s+/, '')
    .replace(/[^A-Z0-9]/g, '')
}

