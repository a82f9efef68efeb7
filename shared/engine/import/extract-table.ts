/**
 * From a workbook to person rows: pick the data sheet, find the header row (or two-row header)
 * under any title rows, map the headers, and turn every data row into canonical values (NIK/KK as
 * strings, dates ISO, codes mapped). Blank rows, repeated headers, column-number rows and total
 * rows are skipped and counted. Every value that was changed on the way is noted (a coercion), so
 * the operator can see what the file said and how it was read.
 */
import type { ColumnInfo, ColumnMapping, Coercion, CoercionKind, CoercionSummary, ImportWarning, MappingTemplate, SheetInfo, SourceKind, TableChoice } from '../../api/types'
import { guessShdkSystem, parseRtRw, parseSex, parseShdk, splitRtRw, type ShdkSystem } from '../../domain/codes'
import { columnDateOrder, numericDateParts, parseDateText, type DateOrder } from '../../domain/dates'
import { emptyPerson, type PersonField, type PersonValues } from '../../domain/fields'
import {
  columnLetter,
  fieldsOfTargets,
  findHeaderRow,
  fixedMapping,
  headerKey,
  mapHeaderRow,
  scoreHeader,
  twoRowHeaders,
  type HeaderMatch,
  type HeaderRowFound,
  type HeaderTarget,
  type MatchHow
} from '../../domain/header-mapping'
import { tidyText } from '../../domain/names'
import { cleanId, idFromNumber, isScientificNotation, nikBirthParts, numbersKeepDigits } from '../../domain/nik'
import { t, type MessageKey } from '../../i18n'
import { cermatError } from '../errors'
import { cellText, isDateFormat, serialToIso, type Cell, type SheetData, type WorkbookData } from './read-workbook'

export type NikOrigin = 'text' | 'number' | 'lossy'
export type { MappingTemplate, TableChoice }

export interface ParsedRow {
  /** 1-based row number as Excel shows it. */
  rowNo: number
  values: PersonValues
  nikOrigin: NikOrigin
  /** Original text of every non-empty cell, as [header, text]. */
  raw: [string, string][]
  coercions: Coercion[]
}

export interface ParsedTable {
  sheet: string
  /** 1-based sheet row of the (lower) header row; data starts below it. */
  headerRow: number
  headerRows: 1 | 2
  mapping: ColumnMapping[]
  mappedFields: PersonField[]
  columns: ColumnInfo[]
  sheets: SheetInfo[]
  rows: ParsedRow[]
  /** Desa named in a desa column; '' when the file has none. */
  desa: string
  /** Desa names found in title rows, for the importer to check against the master. */
  desaCandidates: string[]
  warnings: ImportWarning[]
  coercions: CoercionSummary[]
  /** Name of the saved mapping template that was applied, or null. */
  template: string | null
}

/** Longest text kept from one cell; Excel's own limit is 32,767 characters. */
const MAX_CELL_CHARS = 1000
const HEADER_SCAN_ROWS = 40
const EXAMPLES = 3

export interface ExtractOptions {
  kind: SourceKind
  choice?: TableChoice
  templates?: MappingTemplate[]
  /** Called every few thousand rows with (done, total). */
  onRows?: (done: number, total: number) => void
  /** Stop after this many data rows (a preview). */
  limitRows?: number
}

/** A warning of an import: its code, parameters and place, with the Indonesian text for the CLI. */
export function warn(code: string, params: Record<string, string | number> = {}, at: Pick<ImportWarning, 'sheet' | 'row' | 'column'> = {}): ImportWarning {
  return { code, message: t('id', `warning.${code}` as MessageKey, params), params, ...at }
}

interface Located {
  sheet: SheetData
  found: HeaderRowFound
  template: string | null
}

function texts(row: readonly (Cell | null)[] | undefined): string[] {
  return (row ?? []).map(cellText)
}

/** The header texts a found header has (a two-row header reads through twoRowHeaders). */
function headerTexts(sheet: SheetData, found: Pick<HeaderRowFound, 'index' | 'rows'>): string[] {
  const lower = texts(sheet.rows[found.index])
  return found.rows === 2 ? twoRowHeaders(texts(sheet.rows[found.index - 1]), lower) : lower
}

/** A template fits a header row holding every one of its headers. */
function templateMapping(cells: string[], template: MappingTemplate): HeaderRowFound['matches'] | null {
  const keys = cells.map(headerKey)
  const out: { column: number; target: HeaderTarget; how: MatchHow }[] = []
  for (const c of template.columns) {
    const column = keys.indexOf(headerKey(c.header))
    if (column < 0) return null
    out.push({ column, target: c.target, how: 'template' })
  }
  return fixedMapping(cells, out).matches
}

function locateWithTemplates(sheets: SheetData[], templates: MappingTemplate[]): Located | null {
  let best: (Located & { size: number }) | null = null
  for (const sheet of sheets) {
    for (let index = 0; index < Math.min(sheet.rows.length, HEADER_SCAN_ROWS); index++) {
      for (const rowsN of [1, 2] as const) {
        if (rowsN === 2 && index === 0) continue
        const cells = headerTexts(sheet, { index, rows: rowsN })
        for (const tpl of templates) {
          const matches = templateMapping(cells, tpl)
          if (!matches || !matches.some((m) => m.target === 'nik')) continue
          if (best && best.size >= tpl.columns.length) continue
          best = { sheet, found: { index, rows: rowsN, matches, duplicates: [], score: matches.length }, template: tpl.name, size: tpl.columns.length }
        }
      }
    }
  }
  return best
}

/** The first sheet holding anything (else the first): where a header is looked for, or missed. */
function firstWithRows(pool: { sheet: SheetData }[]): SheetData | undefined {
  return pool.map((a) => a.sheet).find((s) => s.rows.length > 0) ?? pool[0]?.sheet
}

function locate(wb: WorkbookData, fileName: string, opts: ExtractOptions): { located: Located; sheets: SheetInfo[] } {
  const auto = wb.sheets.map((sheet) => ({ sheet, found: findHeaderRow(sheet.rows.slice(0, HEADER_SCAN_ROWS).map(texts)) }))
  const sheets: SheetInfo[] = auto.map(({ sheet, found }) => ({
    name: sheet.name,
    hidden: sheet.hidden,
    rows: sheet.rows.length,
    score: found?.score ?? 0,
    headerRow: found ? sheet.firstRow + found.index + 1 : null
  }))
  const choice = opts.choice ?? {}
  const pool = choice.sheet !== undefined ? auto.filter((a) => a.sheet.name === choice.sheet) : auto
  if (choice.sheet !== undefined && pool.length === 0) throw cermatError('SHEET_NOT_FOUND', { file: fileName, sheet: choice.sheet })

  if (choice.headerRow !== undefined || choice.mapping) {
    const sheet = firstWithRows(pool)
    if (!sheet) throw cermatError('NO_DATA_SHEET', { file: fileName })
    const fromAuto = pool.find((a) => a.sheet === sheet)?.found
    const index = choice.headerRow !== undefined ? choice.headerRow - 1 - sheet.firstRow : (fromAuto?.index ?? 0)
    const rowsN: 1 | 2 = choice.headerRows !== undefined ? (choice.headerRows === 2 ? 2 : 1) : choice.headerRow !== undefined ? 1 : (fromAuto?.rows ?? 1)
    if (index < 0 || index >= sheet.rows.length || (rowsN === 2 && index < 1)) {
      throw cermatError('NO_HEADER_ROW', { file: fileName, sheet: sheet.name, scanned: sheet.rows.length })
    }
    const cells = headerTexts(sheet, { index, rows: rowsN })
    const mapping = choice.mapping ? fixedMapping(cells, choice.mapping.map((m) => ({ ...m, how: 'manual' as const }))) : mapHeaderRow(cells)
    if (!mapping.matches.some((m) => m.target === 'nik')) throw cermatError('NIK_COLUMN_MISSING', { file: fileName, sheet: sheet.name, row: sheet.firstRow + index + 1 })
    return { located: { sheet, found: { index, rows: rowsN, ...mapping }, template: null }, sheets }
  }

  const templated = opts.templates?.length ? locateWithTemplates(pool.map((a) => a.sheet), opts.templates) : null
  if (templated) return { located: templated, sheets }

  // The data sheet: the best-mapping header among visible sheets (a "REKAP" first has no NIK column).
  const candidates = pool.filter((c) => c.found !== null).sort((a, b) => Number(a.sheet.hidden) - Number(b.sheet.hidden) || b.found!.score - a.found!.score)
  const best = candidates[0]
  if (!best || !best.found) {
    const first = firstWithRows(pool)
    if (!first || first.rows.length === 0) throw cermatError('NO_DATA_SHEET', { file: fileName })
    throw cermatError('NO_HEADER_ROW', { file: fileName, sheet: first.name, scanned: Math.min(HEADER_SCAN_ROWS, first.rows.length) })
  }
  return { located: { sheet: best.sheet, found: best.found, template: null }, sheets }
}

export function extractTable(wb: WorkbookData, fileName: string, opts: ExtractOptions): ParsedTable {
  const { located, sheets } = locate(wb, fileName, opts)
  const { sheet, found } = located
  const warnings: ImportWarning[] = []
  const headerRowNo = sheet.firstRow + found.index + 1
  const letter = (c: number) => columnLetter(sheet.firstCol + c)
  const at = (row?: number, column?: number) => ({ sheet: sheet.name, ...(row !== undefined ? { row } : {}), ...(column !== undefined ? { column: letter(column) } : {}) })

  for (const d of found.duplicates) warnings.push(warn('DUPLICATE_HEADER', { column: letter(d.column), header: d.header, target: d.target }, at(headerRowNo, d.column)))
  if (wb.sheets.length > 1) warnings.push(warn('SHEET_CHOSEN', { sheet: sheet.name, count: wb.sheets.length }, at()))
  if (sheet.hidden) warnings.push(warn('SHEET_HIDDEN', { sheet: sheet.name }, at()))
  if (found.rows === 2) warnings.push(warn('TWO_ROW_HEADER', { upper: headerRowNo - 1, lower: headerRowNo }, at(headerRowNo)))
  if (located.template) warnings.push(warn('TEMPLATE_APPLIED', { name: located.template }, at(headerRowNo)))
  for (const m of found.matches) {
    if (m.how === 'fuzzy') warnings.push(warn('HEADER_GUESSED', { column: letter(m.column), header: m.header, target: m.target, confidence: Math.round(m.confidence * 100) }, at(headerRowNo, m.column)))
  }
  if (!found.matches.some((m) => m.target === 'nama')) warnings.push(warn('NO_NAME_COLUMN', {}, at(headerRowNo)))

  const byTarget = new Map<HeaderTarget, HeaderMatch>(found.matches.map((m) => [m.target, m]))
  const cellsHeader = headerTexts(sheet, found)
  const nikColumn = byTarget.get('nik')!.column
  const hiddenColumns = new Set(sheet.hiddenCols ?? [])
  const firstData = found.index + 1
  const lastRow = opts.limitRows !== undefined ? Math.min(sheet.rows.length, firstData + opts.limitRows) : sheet.rows.length
  const numbersIn = (target: HeaderTarget) => {
    const m = byTarget.get(target)
    return m ? sheet.rows.slice(firstData).flatMap((r) => (r[m.column]?.t === 'n' ? [r[m.column]!.v as number] : [])) : []
  }
  const ctx: RowContext = {
    idKeepsDigits: { nik: numbersKeepDigits(numbersIn('nik')), no_kk: numbersKeepDigits(numbersIn('no_kk')) },
    date1904: wb.date1904,
    shdkSystem: decideShdkSystem(sheet, firstData, byTarget.get('shdk'), opts.kind),
    dateOrder: new Map(),
    letter
  }
  for (const target of ['tanggal_lahir', 'tempat_tanggal_lahir'] as const) {
    const m = byTarget.get(target)
    if (!m) continue
    const columnTexts = sheet.rows.slice(firstData).map((r) => dateTextOf(cellText(r[m.column] ?? null), target))
    const order = columnDateOrder(columnTexts)
    ctx.dateOrder.set(m.column, order)
    if (order.order === 'mdy') warnings.push(warn('DATE_MONTH_FIRST', { column: letter(m.column) }, at(headerRowNo, m.column)))
  }

  const rows: ParsedRow[] = []
  const total = sheet.rows.length - firstData
  const skipped = { total: [] as number[], repeated: [] as number[] }
  const hiddenRowsWithData: number[] = []
  const formulaCells: string[] = []
  const formulaNoValue: string[] = []
  const hiddenRowSet = new Set(sheet.hiddenRows ?? [])

  for (let i = firstData; i < lastRow; i++) {
    if ((i - found.index) % 5000 === 0) opts.onRows?.(i - found.index, total)
    const cells = sheet.rows[i] ?? []
    const rowTexts = cells.map(cellText)
    if (rowTexts.every((x) => x.trim() === '')) continue
    const rowNo = sheet.firstRow + i + 1
    const nikCell = cells[nikColumn] ?? null
    // A header repeated mid-file (a second page pasted below) has a header word in the NIK column.
    if (scoreHeader(cellText(nikCell))?.target === 'nik' && isRepeatedHeader(rowTexts, found.matches.length)) {
      skipped.repeated.push(rowNo)
      continue
    }
    if (isColumnNumberRow(rowTexts)) continue
    if (isTotalRow(rowTexts, nikCell)) {
      skipped.total.push(rowNo)
      continue
    }
    if (hiddenRowSet.has(sheet.firstRow + i)) hiddenRowsWithData.push(rowNo)
    const parsed = parseRow(cells, byTarget, ctx)
    const raw: [string, string][] = []
    cells.forEach((cell, c) => {
      if (!cell?.f) return
      if (cellText(cell) === '') formulaNoValue.push(`${letter(c)}${rowNo}`)
      else formulaCells.push(`${letter(c)}${rowNo}`)
    })
    rowTexts.forEach((text, c) => {
      if (text.trim() === '') return
      const header = cellsHeader[c]?.trim() || letter(c)
      raw.push([header, text.slice(0, MAX_CELL_CHARS)])
    })
    rows.push({ rowNo, values: parsed.values, nikOrigin: parsed.nikOrigin, raw, coercions: parsed.coercions })
  }
  opts.onRows?.(total, total)

  const list = (xs: (string | number)[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? ', …' : '')
  if (skipped.total.length > 0) warnings.push(warn('TOTAL_ROW_SKIPPED', { rows: list(skipped.total) }, at(skipped.total[0])))
  if (skipped.repeated.length > 0) warnings.push(warn('REPEATED_HEADER_SKIPPED', { rows: list(skipped.repeated) }, at(skipped.repeated[0])))
  if (hiddenRowsWithData.length > 0) warnings.push(warn('HIDDEN_ROWS', { count: hiddenRowsWithData.length, rows: list(hiddenRowsWithData) }, at(hiddenRowsWithData[0])))
  const hiddenMapped = found.matches.filter((m) => hiddenColumns.has(sheet.firstCol + m.column))
  const hiddenAll = [...hiddenColumns].filter((c) => c >= sheet.firstCol).map((c) => columnLetter(c))
  if (hiddenAll.length > 0) warnings.push(warn('HIDDEN_COLUMNS', { columns: list(hiddenAll), used: hiddenMapped.map((m) => letter(m.column)).join(', ') || '-' }, at()))
  if (formulaCells.length > 0) warnings.push(warn('FORMULA_CELLS', { count: formulaCells.length, cells: list(formulaCells) }, at()))
  if (formulaNoValue.length > 0) warnings.push(warn('FORMULA_NO_VALUE', { count: formulaNoValue.length, cells: list(formulaNoValue) }, at()))

  const coercions = summarise(rows)
  for (const c of coercions) {
    if (c.kind === 'control_chars' || c.kind === 'truncated' || c.kind === 'id_precision_lost') {
      warnings.push(warn(`VALUE_${c.kind.toUpperCase()}`, { count: c.count, column: c.column, rows: list(c.examples.map((e) => e.row)) }, { sheet: sheet.name, row: c.examples[0]!.row, column: c.column }))
    }
  }

  const mapping: ColumnMapping[] = found.matches.map((m) => ({
    field: m.target === 'tempat_tanggal_lahir' ? 'tanggal_lahir' : m.target === 'rt_rw' ? 'rt' : m.target,
    target: m.target,
    column: sheet.firstCol + m.column,
    columnLetter: letter(m.column),
    header: m.header,
    confidence: m.confidence,
    how: m.how
  }))
  const byColumn = new Map(found.matches.map((m) => [m.column, m]))
  const columns: ColumnInfo[] = cellsHeader.map((header, c) => {
    const m = byColumn.get(c)
    return { column: sheet.firstCol + c, letter: letter(c), header: header.trim(), target: m?.target ?? null, confidence: m?.confidence ?? 0, how: m?.how ?? null, hidden: hiddenColumns.has(sheet.firstCol + c) }
  })
  return {
    sheet: sheet.name,
    headerRow: headerRowNo,
    headerRows: found.rows,
    mapping,
    mappedFields: [...fieldsOfTargets(found.matches.map((m) => m.target))],
    columns,
    sheets,
    rows,
    desa: mostCommon(rows.map((r) => r.values.desa)),
    desaCandidates: desaFromTitle(sheet, found.index - found.rows + 1),
    warnings,
    coercions,
    template: located.template
  }
}

/** Fields a stored mapping fills; mappings saved before `target` existed are read by their header. */
export function fieldsOfMapping(mapping: readonly ColumnMapping[]): Set<PersonField> {
  return fieldsOfTargets(mapping.map((m) => m.target ?? scoreHeader(m.header)?.target ?? m.field))
}

function summarise(rows: ParsedRow[]): CoercionSummary[] {
  const out = new Map<string, CoercionSummary>()
  for (const r of rows) {
    for (const c of r.coercions) {
      const k = `${c.column}|${c.kind}`
      let s = out.get(k)
      if (!s) out.set(k, (s = { field: c.field, column: c.column, kind: c.kind, count: 0, examples: [] }))
      s.count++
      if (s.examples.length < EXAMPLES) s.examples.push({ row: r.rowNo, from: c.from, to: c.to })
    }
  }
  return [...out.values()]
}

interface RowContext {
  /** Per identifier column: its numbers were kept whole (see numbersKeepDigits). */
  idKeepsDigits: { nik: boolean; no_kk: boolean }
  date1904: boolean
  shdkSystem: ShdkSystem
  dateOrder: Map<number, { order: DateOrder; ambiguous: boolean }>
  letter: (column: number) => string
}

/** The date part of a date column's text (a TEMPAT/TGL LAHIR cell holds a place first). */
function dateTextOf(text: string, target: 'tanggal_lahir' | 'tempat_tanggal_lahir'): string {
  return target === 'tanggal_lahir' ? text : splitPlaceDateText(tidyText(text)).date
}

function parseRow(cells: (Cell | null)[], byTarget: Map<HeaderTarget, HeaderMatch>, ctx: RowContext): { values: PersonValues; nikOrigin: NikOrigin; coercions: Coercion[] } {
  const values = emptyPerson()
  const coercions: Coercion[] = []
  const note = (field: PersonField, target: HeaderTarget, kind: CoercionKind, from: string, to: string) => {
    const m = byTarget.get(target)
    coercions.push({ field, column: m ? ctx.letter(m.column) : '', kind, from: from.slice(0, 80), to: to.slice(0, 80) })
  }
  const cell = (target: HeaderTarget): Cell | null => {
    const m = byTarget.get(target)
    return m ? (cells[m.column] ?? null) : null
  }
  /** A value taken from a formula's cached result is noted, whatever the field. */
  const formula = (target: HeaderTarget, field: PersonField = target as PersonField) => {
    const c = cell(target)
    if (c?.f) note(field, target, 'formula', `=${cellText(c)}`, cellText(c))
  }
  /** Text of a cell, tidied; control characters and overlong text noted. */
  const text = (target: HeaderTarget, field: PersonField = target as PersonField): string => {
    const shown = cellText(cell(target))
    formula(target, field)
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(shown)) note(field, target, 'control_chars', showInvisible(shown), tidyText(shown))
    if (shown.length > MAX_CELL_CHARS) note(field, target, 'truncated', `${shown.length}`, `${MAX_CELL_CHARS}`)
    return tidyText(shown).slice(0, MAX_CELL_CHARS)
  }

  let nikOrigin: NikOrigin = 'text'
  for (const f of ['nik', 'no_kk'] as const) {
    formula(f)
    const shown = cellText(cell(f))
    const id = readId(cell(f), ctx.idKeepsDigits[f])
    if (id.kind) note(f, f, id.kind, shown, id.text)
    // Cut like any other text: a 1 MB "NIK" is not stored (nor repeated in findings) whole.
    if (shown.length > MAX_CELL_CHARS) note(f, f, 'truncated', `${shown.length}`, `${MAX_CELL_CHARS}`)
    values[f] = id.text.slice(0, MAX_CELL_CHARS)
    if (f === 'nik') nikOrigin = id.origin
  }
  values.nama = text('nama')
  values.tempat_lahir = text('tempat_lahir')

  const dateCell = cell('tanggal_lahir')
  if (dateCell) {
    formula('tanggal_lahir')
    const read = readDate(dateCell, ctx, byTarget.get('tanggal_lahir')!.column, values.nik)
    values.tanggal_lahir = read.value
    if (read.kind) note('tanggal_lahir', 'tanggal_lahir', read.kind, cellText(dateCell), read.value)
  }
  const ttl = cell('tempat_tanggal_lahir')
  if (ttl) {
    formula('tempat_tanggal_lahir', 'tanggal_lahir')
    const split = splitPlaceDate(ttl, ctx, byTarget.get('tempat_tanggal_lahir')!.column, values.nik)
    if (!values.tempat_lahir) values.tempat_lahir = split.place
    if (!values.tanggal_lahir) {
      values.tanggal_lahir = split.date
      if (split.kind) note('tanggal_lahir', 'tempat_tanggal_lahir', split.kind, cellText(ttl), split.date)
    }
  }
  const sex = text('jenis_kelamin')
  values.jenis_kelamin = parseSex(sex) ?? sex
  if (values.jenis_kelamin !== sex) note('jenis_kelamin', 'jenis_kelamin', 'sex_code', sex, values.jenis_kelamin)
  const shdk = text('shdk')
  values.shdk = parseShdk(shdk, ctx.shdkSystem) ?? shdk
  // "KEPALA KELUARGA" → KEPALA_KELUARGA is the same word; "1" or "ISTRI" → PASANGAN is a change worth showing.
  if (values.shdk.replace(/_/g, ' ') !== shdk.toUpperCase()) note('shdk', 'shdk', 'shdk_code', shdk, values.shdk)
  values.alamat = text('alamat')
  for (const f of ['rt', 'rw'] as const) {
    const written = text(f)
    values[f] = parseRtRw(written) ?? written
    if (values[f] !== written) note(f, f, 'rt_rw', written, values[f])
  }
  const rtRw = text('rt_rw', 'rt')
  if (rtRw) {
    const split = splitRtRw(rtRw)
    if (split) {
      values.rt ||= split.rt
      values.rw ||= split.rw
      note('rt', 'rt_rw', 'rt_rw', rtRw, `${split.rt}/${split.rw}`)
    } else values.rt ||= rtRw
  }
  values.dusun = text('dusun')
  values.desa = text('desa')
  values.keterangan = text('keterangan')
  // Birth dates (and places split from a TEMPAT/TGL LAHIR cell) are read around text(): an
  // unreadable 1 MB "date" is cut and noted the same way.
  for (const target of ['tanggal_lahir', 'tempat_tanggal_lahir'] as const) {
    const shown = cellText(cell(target))
    if (shown.length > MAX_CELL_CHARS) note('tanggal_lahir', target, 'truncated', `${shown.length}`, `${MAX_CELL_CHARS}`)
  }
  values.tanggal_lahir = values.tanggal_lahir.slice(0, MAX_CELL_CHARS)
  values.tempat_lahir = values.tempat_lahir.slice(0, MAX_CELL_CHARS)
  return { values, nikOrigin, coercions }
}

/**
 * Text with its invisible characters written out ("SUPAR\u202eMAN"), so that a note of what was
 * removed shows them instead of obeying them (a bidi override would reverse the note itself).
 */
function showInvisible(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** A NIK/KK cell as text, whether a numeric cell could have damaged it, and what was changed. */
export function readId(c: Cell | null, columnKeepsDigits = false): { text: string; origin: NikOrigin; kind?: CoercionKind } {
  if (!c) return { text: '', origin: 'text' }
  if (c.t === 'n' && typeof c.v === 'number') {
    const n = idFromNumber(c.v, columnKeepsDigits)
    return n.precisionLost ? { text: n.text, origin: 'lossy', kind: 'id_precision_lost' } : { text: n.text, origin: 'number', kind: 'id_from_number' }
  }
  const raw = cellText(c)
  if (isScientificNotation(raw)) return { text: raw.trim(), origin: 'lossy', kind: 'id_precision_lost' }
  const cleaned = cleanId(raw)
  if (!/^[0-9A-Z]*$/.test(cleaned)) return { text: tidyText(raw), origin: 'text' }
  return cleaned !== raw ? { text: cleaned, origin: 'text', kind: 'id_cleaned' } : { text: cleaned, origin: 'text' }
}

interface DateRead {
  value: string
  kind?: CoercionKind
}

function readDate(c: Cell, ctx: RowContext, column: number, nik: string): DateRead {
  if (c.t === 'n' && typeof c.v === 'number') {
    // A number in a date column is a serial even when the cell format was lost (CSV → xlsx).
    if (isDateFormat(c.z) || (c.v > 0 && c.v < 2958466)) {
      const iso = serialToIso(c.v, ctx.date1904)
      if (iso) return { value: iso, kind: 'date_serial' }
    }
    return { value: cellText(c) }
  }
  return readDateText(tidyText(cellText(c)), ctx.dateOrder.get(column), nik)
}

/**
 * A text date. The column's order decides a numeric a/b/yyyy; where the column could not decide
 * (every value ≤ 12 both ways), the NIK's date part picks the reading that agrees with it.
 */
function readDateText(text: string, columnOrder: { order: DateOrder; ambiguous: boolean } | undefined, nik: string): DateRead {
  if (text === '') return { value: '' }
  let order: DateOrder = columnOrder?.order ?? 'dmy'
  const parts = numericDateParts(text)
  if (parts && columnOrder?.ambiguous && parts[0] !== parts[1]) {
    const fromNik = nikBirthParts(nik)
    if (fromNik && fromNik.day === parts[1] && fromNik.month === parts[0]) order = 'mdy'
  }
  const iso = parseDateText(text, 2026, order)
  if (!iso) return { value: text }
  if (iso === text) return { value: iso }
  return { value: iso, kind: parts && order === 'mdy' ? 'date_month_first' : 'date_text' }
}

function splitPlaceDateText(text: string): { place: string; date: string } {
  const comma = text.lastIndexOf(',')
  if (comma >= 0) return { place: text.slice(0, comma).trim(), date: text.slice(comma + 1).trim() }
  const m = /^(.*?)[\s/]+(\d{1,2}[-/.\s]+(?:\d{1,2}|[A-Za-z]+)[-/.\s]+\d{2,4})$/.exec(text)
  if (m) return { place: m[1]!.trim(), date: m[2]! }
  return { place: text, date: '' }
}

function splitPlaceDate(c: Cell, ctx: RowContext, column: number, nik: string): { place: string; date: string; kind?: CoercionKind } {
  if (c.t === 'n') {
    const read = readDate(c, ctx, column, nik)
    return { place: '', date: read.value, ...(read.kind ? { kind: read.kind } : {}) }
  }
  const split = splitPlaceDateText(tidyText(cellText(c)))
  const read = readDateText(split.date, ctx.dateOrder.get(column), nik)
  return { place: split.place, date: read.value, ...(read.kind ? { kind: read.kind } : {}) }
}

function decideShdkSystem(sheet: SheetData, firstData: number, match: HeaderMatch | undefined, kind: SourceKind): ShdkSystem {
  if (!match) return 'dukcapil'
  const values = sheet.rows.slice(firstData).map((r) => cellText(r[match.column] ?? null))
  return guessShdkSystem(values, kind === 'master' ? 'regsosek' : 'dukcapil')
}

function isRepeatedHeader(rowTexts: string[], headerFields: number): boolean {
  return mapHeaderRow(rowTexts).matches.length >= Math.max(2, Math.min(3, headerFields - 1))
}

/** The "1 2 3 4 …" row Indonesian forms put under the header. */
function isColumnNumberRow(rowTexts: string[]): boolean {
  const filled = rowTexts.map((x) => x.trim()).filter((x) => x !== '')
  if (filled.length < 3) return false
  return filled.every((x, i) => x === String(i + 1) || x === `(${i + 1})`)
}

function isTotalRow(rowTexts: string[], nikCell: Cell | null): boolean {
  const nik = cellText(nikCell).replace(/\D/g, '')
  if (nik.length >= 10) return false
  return rowTexts.slice(0, 6).some((x) => /^\s*(JUMLAH|TOTAL|JML)\b/i.test(x))
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
