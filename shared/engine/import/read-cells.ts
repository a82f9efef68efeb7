/**
 * From cells to canonical person values: NIK/KK as strings, dates ISO, codes mapped, text tidied
 * and cut. Every value changed on the way is noted (a coercion), so the operator can see what the
 * file said and how it was read. What a whole column decides (numbers kept whole, the date order,
 * the SHDK code system) is worked out once per table (columnContext).
 */
import type { Coercion, CoercionKind, CoercionSummary, SourceKind } from '../../api/types'
import { guessShdkSystem, parseRtRw, parseSex, parseShdk, type ShdkSystem, splitRtRw } from '../../domain/codes'
import { columnDateOrder, type DateOrder, numericDateParts, parseDateText } from '../../domain/dates'
import { emptyPerson, type PersonField, type PersonValues } from '../../domain/fields'
import type { HeaderMatch, HeaderTarget } from '../../domain/header-mapping'
import { tidyText } from '../../domain/names'
import { cleanId, idFromNumber, isScientificNotation, nikBirthParts, numbersKeepDigits } from '../../domain/nik'
import { type Cell, cellText, isDateFormat, serialToIso, type SheetData } from './read-workbook'

export type NikOrigin = 'text' | 'number' | 'lossy'

/** Longest text kept from one cell; Excel's own limit is 32,767 characters. */
export const MAX_CELL_CHARS = 1000
/** Example rows kept per coercion summary. */
const EXAMPLES = 3

export interface RowContext {
  /** Per identifier column: its numbers were kept whole (see numbersKeepDigits). */
  idKeepsDigits: { nik: boolean; no_kk: boolean }
  date1904: boolean
  shdkSystem: ShdkSystem
  /** Per date column (by index): the order its numeric dates are written in. */
  dateOrder: Map<number, { order: DateOrder; ambiguous: boolean }>
  letter: (column: number) => string
}

/** What the columns of a table decide for every one of its rows, read from the rows from `firstData` on. */
/** A Regsosek blok IV item number in the header (`R409 Hubungan dgn Kepala Keluarga`): its code list. */
const REGSOSEK_ITEM = /^\s*R4\d\d\b/i

export function columnContext(
  sheet: SheetData,
  firstData: number,
  byTarget: ReadonlyMap<HeaderTarget, HeaderMatch>,
  opts: { date1904: boolean; kind: SourceKind; letter: (column: number) => string }
): RowContext {
  const data = sheet.rows.slice(firstData)
  const numbersIn = (target: HeaderTarget) => {
    const m = byTarget.get(target)
    return m ? data.flatMap((r) => (r[m.column]?.t === 'n' ? [r[m.column]!.v as number] : [])) : []
  }
  const shdk = byTarget.get('shdk')
  const dateOrder: RowContext['dateOrder'] = new Map()
  for (const target of ['tanggal_lahir', 'tempat_tanggal_lahir'] as const) {
    const m = byTarget.get(target)
    if (m) dateOrder.set(m.column, columnDateOrder(data.map((r) => dateTextOf(cellText(r[m.column] ?? null), target))))
  }
  return {
    idKeepsDigits: { nik: numbersKeepDigits(numbersIn('nik')), no_kk: numbersKeepDigits(numbersIn('no_kk')) },
    date1904: opts.date1904,
    // A master extract numbers its codes the Regsosek way unless a code above 8 proves it Dukcapil.
    shdkSystem: shdk
      ? guessShdkSystem(
          data.map((r) => cellText(r[shdk.column] ?? null)),
          opts.kind === 'master' || REGSOSEK_ITEM.test(shdk.header) ? 'regsosek' : 'dukcapil'
        )
      : 'dukcapil',
    dateOrder,
    letter: opts.letter
  }
}

/** The date part of a date column's text (a TEMPAT/TGL LAHIR cell holds a place first). */
function dateTextOf(text: string, target: 'tanggal_lahir' | 'tempat_tanggal_lahir'): string {
  return target === 'tanggal_lahir' ? text : splitPlaceDateText(tidyText(text)).date
}

export function parseRow(
  cells: (Cell | null)[],
  byTarget: ReadonlyMap<HeaderTarget, HeaderMatch>,
  ctx: RowContext
): { values: PersonValues; nikOrigin: NikOrigin; coercions: Coercion[] } {
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
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(shown))
      note(field, target, 'control_chars', showInvisible(shown), tidyText(shown))
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
  // Kobo writes choice names (`laki_laki`).
  values.jenis_kelamin = parseSex(sex.replace(/_/g, ' ')) ?? sex
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
    return n.precisionLost
      ? { text: n.text, origin: 'lossy', kind: 'id_precision_lost' }
      : { text: n.text, origin: 'number', kind: 'id_from_number' }
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

/** The coercions of all rows counted per column and kind, with a few example rows each. */
export function summariseCoercions(rows: readonly { rowNo: number; coercions: readonly Coercion[] }[]): CoercionSummary[] {
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
