/**
 * Builders for import fixtures made in memory by test code (SheetJS for workbooks, fflate for
 * hand-made or patched zips), and small helpers to read them the way the engine does.
 */
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate'
import * as XLSX from 'xlsx'

import { CermatError } from '../../../shared/api/result'
import { type ExtractOptions, extractTable, type ParsedRow, type ParsedTable } from '../../../shared/engine/import/extract-table'
import { DEFAULT_LIMITS, type ReadLimits, readWorkbook, type WorkbookData } from '../../../shared/engine/import/read-workbook'

/** A cell: text stays text (NIKs included), numbers are numeric cells, objects are SheetJS cells as given. */
export type CellIn = string | number | boolean | null | undefined | XLSX.CellObject

export interface SheetSpec {
  name: string
  rows: CellIn[][]
  /** Merged ranges, e.g. "D4:E4". */
  merges?: string[]
  /** Rows hidden by the operator, 1-based as Excel shows them. */
  hiddenRows?: number[]
  /** Columns hidden by the operator, as letters. */
  hiddenCols?: string[]
  /** The whole sheet hidden. */
  hidden?: boolean
}

export type BookType = 'xlsx' | 'xls' | 'ods'

/** A worksheet from rows of cells (dense, as the reader reads it). */
export function worksheet(spec: Omit<SheetSpec, 'name'>): XLSX.WorkSheet {
  const rows = spec.rows
  const ws = XLSX.utils.aoa_to_sheet(
    rows.map((r) => r.map((c) => (c !== null && typeof c === 'object' ? null : (c ?? null)))),
    { dense: true }
  )
  const data = ((ws as { '!data'?: XLSX.CellObject[][] })['!data'] ??= [])
  rows.forEach((r, ri) =>
    r.forEach((c, ci) => {
      if (c !== null && c !== undefined && typeof c === 'object') (data[ri] ??= [])[ci] = c
      else if (typeof c === 'string' && data[ri]?.[ci]) data[ri]![ci]!.t = 's'
    })
  )
  const width = Math.max(1, ...rows.map((r) => r.length))
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: width - 1 } })
  if (spec.merges) ws['!merges'] = spec.merges.map((m) => XLSX.utils.decode_range(m))
  if (spec.hiddenRows) {
    const info: XLSX.RowInfo[] = []
    for (const r of spec.hiddenRows) info[r - 1] = { hidden: true }
    ws['!rows'] = info
  }
  if (spec.hiddenCols) {
    const info: XLSX.ColInfo[] = []
    for (const c of spec.hiddenCols) info[XLSX.utils.decode_col(c)] = { hidden: true }
    ws['!cols'] = info
  }
  return ws
}

/** A workbook file; `sheets` may be a single sheet's rows (then named DATA). */
export function book(sheets: SheetSpec[] | CellIn[][], bookType: BookType = 'xlsx'): Uint8Array {
  const specs: SheetSpec[] = isRows(sheets) ? [{ name: 'DATA', rows: sheets }] : sheets
  const wb = XLSX.utils.book_new()
  for (const s of specs) XLSX.utils.book_append_sheet(wb, worksheet(s), s.name)
  if (specs.some((s) => s.hidden)) {
    wb.Workbook = { Sheets: specs.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })) }
  }
  const out = XLSX.write(wb, { type: 'array', bookType: bookType === 'xls' ? 'biff8' : bookType }) as ArrayBuffer
  return new Uint8Array(out)
}

function isRows(x: SheetSpec[] | CellIn[][]): x is CellIn[][] {
  return x.length === 0 || Array.isArray(x[0])
}

/** CSV/TXT bytes in UTF-8 (optionally with a BOM). */
export function text(content: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(content)
  if (!bom) return body
  const out = new Uint8Array(body.length + 3)
  out.set([0xef, 0xbb, 0xbf])
  out.set(body, 3)
  return out
}

/** Text in Windows-1252 (only Latin-1 characters are used here, which map 1:1). */
export function cp1252(content: string): Uint8Array {
  return Uint8Array.from(content, (ch) => {
    const code = ch.charCodeAt(0)
    if (code > 0xff) throw new Error(`not a Latin-1 character: ${ch}`)
    return code
  })
}

/** UTF-16LE with a BOM, as Excel's "Unicode Text (*.txt)" saves. */
export function utf16le(content: string): Uint8Array {
  const out = new Uint8Array(2 + content.length * 2)
  out.set([0xff, 0xfe])
  for (let i = 0; i < content.length; i++) {
    const code = content.charCodeAt(i)
    out[2 + i * 2] = code & 0xff
    out[3 + i * 2] = code >> 8
  }
  return out
}

/** Rows joined as CSV text (fields are never quoted here; tests choose values without delimiters). */
export function delimited(rows: (string | number)[][], delimiter = ',', eol = '\r\n'): string {
  return rows.map((r) => r.join(delimiter)).join(eol) + eol
}

// -----------------------------------------------------------------------------------------
// Zips

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes)
}

export function zip(files: Zippable): Uint8Array {
  return zipSync(files)
}

/** The same workbook with one entry's XML rewritten (e.g. the sheet's <dimension>). */
export function patchEntry(bytes: Uint8Array, entry: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes)
  const xml = files[entry]
  if (!xml) throw new Error(`no ${entry} in the zip`)
  const changed = edit(strFromU8(xml))
  if (changed === strFromU8(xml)) throw new Error(`patch of ${entry} changed nothing`)
  files[entry] = strToU8(changed)
  return zipSync(files)
}

/** The same zip with an entry added. */
export function addEntry(bytes: Uint8Array, entry: string, content: Uint8Array): Uint8Array {
  return zipSync({ ...unzipSync(bytes), [entry]: content })
}

/**
 * Rewrites the uncompressed size an entry declares in its local header and in the central
 * directory, leaving the compressed data alone: a zip that lies about how big it inflates.
 */
export function lieAboutSize(bytes: Uint8Array, entry: string, declared: { local: number; central: number }): Uint8Array {
  const out = bytes.slice()
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  const name = strToU8(entry)
  const nameAt = (at: number, len: number) => len === name.length && name.every((b, i) => out[at + i] === b)
  let patched = 0
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true)
    if (sig === 0x04034b50 && nameAt(i + 30, view.getUint16(i + 26, true))) {
      view.setUint32(i + 22, declared.local, true)
      patched++
    } else if (sig === 0x02014b50 && nameAt(i + 46, view.getUint16(i + 28, true))) {
      view.setUint32(i + 24, declared.central, true)
      patched++
    }
  }
  if (patched !== 2) throw new Error(`expected a local and a central header for ${entry}, patched ${patched}`)
  return out
}

// -----------------------------------------------------------------------------------------
// Reading

export interface Read {
  wb: WorkbookData
  table: ParsedTable
}

/** Reads a file as the engine does: bytes → workbook → table. */
export function read(bytes: Uint8Array, fileName: string, opts: Partial<ExtractOptions> = {}, limits: ReadLimits = DEFAULT_LIMITS): Read {
  const wb = readWorkbook(bytes, fileName, limits)
  return { wb, table: extractTable(wb, fileName, { kind: 'village', ...opts }) }
}

/** The CermatError `run` throws (fails the test when it throws nothing or something else). */
export function refusal(run: () => unknown): CermatError {
  try {
    run()
  } catch (err) {
    if (err instanceof CermatError) return err
    throw err
  }
  throw new Error('expected a CermatError, nothing was thrown')
}

export async function refusalAsync(run: () => Promise<unknown>): Promise<CermatError> {
  try {
    await run()
  } catch (err) {
    if (err instanceof CermatError) return err
    throw err
  }
  throw new Error('expected a CermatError, nothing was thrown')
}

/** Warnings as code → params, for exact comparison. */
export function warningsOf(table: ParsedTable): { code: string; params: Record<string, string | number> }[] {
  return table.warnings.map((w) => ({ code: w.code, params: w.params ?? {} }))
}

export function rowAt(table: ParsedTable, rowNo: number): ParsedRow {
  const row = table.rows.find((r) => r.rowNo === rowNo)
  if (!row) throw new Error(`no row ${rowNo}; rows are ${table.rows.map((r) => r.rowNo).join(', ')}`)
  return row
}

export function column(table: ParsedTable, field: keyof ParsedRow['values']): string[] {
  return table.rows.map((r) => r.values[field])
}

/** Excel's serial number of a date (1900 system). */
export function serial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000
}

/** A deterministic byte stream (mulberry32), for "random" files that are the same every run. */
export function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length)
  let a = seed >>> 0
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff
  }
  return out
}

// -----------------------------------------------------------------------------------------
// People of desa Sumberadi (the same people as test/unit/helpers/sheets.ts's master).

export const HEADER = ['NO', 'NIK', 'NO KK', 'NAMA', 'JK', 'TEMPAT LAHIR', 'TANGGAL LAHIR', 'SHDK', 'ALAMAT', 'RT', 'RW', 'KETERANGAN']

export interface Person {
  nik: string
  kk: string
  nama: string
  jk: 'L' | 'P'
  tempat: string
  /** dd-mm-yyyy as villages type it. */
  tgl: string
  iso: string
  shdk: string
  alamat: string
  rt: string
  rw: string
}

export const PEOPLE: Person[] = [
  {
    nik: '3404051205800001',
    kk: '3404051201100001',
    nama: 'SUPARMAN',
    jk: 'L',
    tempat: 'SLEMAN',
    tgl: '12-05-1980',
    iso: '1980-05-12',
    shdk: 'KEPALA KELUARGA',
    alamat: 'DUSUN KRAJAN',
    rt: '003',
    rw: '005'
  },
  {
    nik: '3404055708850002',
    kk: '3404051201100001',
    nama: 'SITI AMINAH',
    jk: 'P',
    tempat: 'BANTUL',
    tgl: '17-08-1985',
    iso: '1985-08-17',
    shdk: 'ISTRI',
    alamat: 'DUSUN KRAJAN',
    rt: '003',
    rw: '005'
  },
  {
    nik: '3404050303100003',
    kk: '3404051201100001',
    nama: 'BUDI SANTOSO',
    jk: 'L',
    tempat: 'SLEMAN',
    tgl: '03-03-2010',
    iso: '2010-03-03',
    shdk: 'ANAK',
    alamat: 'DUSUN KRAJAN',
    rt: '003',
    rw: '005'
  },
  {
    nik: '3404050101500009',
    kk: '3404051201100009',
    nama: 'MBAH KARSO',
    jk: 'L',
    tempat: 'SLEMAN',
    tgl: '01-01-1950',
    iso: '1950-01-01',
    shdk: 'KEPALA KELUARGA',
    alamat: 'DUSUN NGINO',
    rt: '001',
    rw: '002'
  }
]

/** One row of HEADER for a person (all text cells, as a careful village types them). */
export function personRow(p: Person, no: number, keterangan = ''): CellIn[] {
  return [no, p.nik, p.kk, p.nama, p.jk, p.tempat, p.tgl, p.shdk, p.alamat, p.rt, p.rw, keterangan]
}

/** HEADER and the four people, header in row 1. */
export function plainRows(): CellIn[][] {
  return [HEADER, ...PEOPLE.map((p, i) => personRow(p, i + 1))]
}

/** A small table with NIK in column B and the given other columns. */
export function nikTable(header: string[], rows: CellIn[][]): CellIn[][] {
  return [['NO', 'NIK', ...header], ...rows.map((r, i) => [i + 1, ...r])]
}

/** The same as CSV text. */
export function plainCsv(delimiter = ',', eol = '\r\n'): string {
  return delimited(
    plainRows().map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c)))),
    delimiter,
    eol
  )
}

/** The values every clean reading of PEOPLE gives (nik, nama, tanggal_lahir). */
export const CLEAN = PEOPLE.map((p) => ({ nik: p.nik, nama: p.nama, tanggal_lahir: p.iso }))

export function nikNamaDate(table: ParsedTable): { nik: string; nama: string; tanggal_lahir: string }[] {
  return table.rows.map((r) => ({ nik: r.values.nik, nama: r.values.nama, tanggal_lahir: r.values.tanggal_lahir }))
}
