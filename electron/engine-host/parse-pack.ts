/**
 * A read workbook packed for the trip from a parse process to its pool: per sheet, typed arrays
 * (a kind and a value per cell) and one table of distinct texts, instead of one object per cell.
 * Cloning a million small objects costs more than reading them; typed arrays cross as bytes, and
 * the unpacked sheet holds each distinct text once (cells with the same text share one object).
 */
import { cermatError } from '../../shared/engine/errors'
import type { ParsePort } from '../../shared/engine/import/parse-port'
import type { Cell, ReadLimits, SheetData, WorkbookData } from '../../shared/engine/import/read-workbook'

/** A cell's kind in `kinds` (low 3 bits) and what else it holds (the flags above). */
const EMPTY = 0
const KINDS = ['s', 'n', 'b', 'e'] as const
const FORMULA = 8
const HAS_W = 16
const HAS_Z = 32

export interface PackedSheet extends Omit<SheetData, 'rows'> {
  /** Cells per row. */
  widths: Uint32Array
  /** Per cell: 0 (empty) or 1 + its index in KINDS, with FORMULA, HAS_W, HAS_Z. */
  kinds: Uint8Array
  /** Per cell: a number's value, a boolean as 0/1, a text's or error's index in `strings`. */
  values: Float64Array
  /** Indexes in `strings` of every `w` and then `z`, in cell order, for the cells that have them. */
  extras: Uint32Array
  strings: string[]
}

export interface PackedWorkbook extends Omit<WorkbookData, 'sheets'> {
  sheets: PackedSheet[]
}

/**
 * A read workbook on its way to the engine worker: packed as a parse process sent it (unpacked
 * only in the worker, so main neither unpacks nor clones a million cell objects), or whole.
 */
export type WorkbookParcel = { packed: PackedWorkbook } | { workbook: WorkbookData }

/** Reads a file into a parcel (the parse pool; a plain ParsePort through parcelPort). */
export interface ParcelPort {
  parseParcel(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<WorkbookParcel>
}

/** A parser as a ParcelPort: its parcels as they are, or its workbooks whole. */
export function parcelPort(parser: ParsePort | (ParsePort & ParcelPort)): ParcelPort {
  if ('parseParcel' in parser) return parser
  return { parseParcel: async (bytes, fileName, limits) => ({ workbook: await parser.parse(bytes, fileName, limits) }) }
}

/** The workbook in a parcel; one that does not unpack refuses its file by name. */
export function openParcel(parcel: WorkbookParcel, fileName: string): WorkbookData {
  if ('workbook' in parcel) return parcel.workbook
  try {
    return unpackWorkbook(parcel.packed)
  } catch (err) {
    throw cermatError('FILE_UNREADABLE', { file: fileName, detail: `balasan pembaca rusak (${String(err)})` })
  }
}

export function packWorkbook(wb: WorkbookData): PackedWorkbook {
  return { ...wb, sheets: wb.sheets.map(packSheet) }
}

export function unpackWorkbook(packed: PackedWorkbook): WorkbookData {
  return { ...packed, sheets: packed.sheets.map(unpackSheet) }
}

function packSheet(sheet: SheetData): PackedSheet {
  const { rows, ...rest } = sheet
  let count = 0
  for (const row of rows) count += row.length
  const widths = new Uint32Array(rows.length)
  const kinds = new Uint8Array(count)
  const values = new Float64Array(count)
  const extras: number[] = []
  const strings: string[] = []
  const index = new Map<string, number>()
  const ref = (text: string) => {
    let i = index.get(text)
    if (i === undefined) {
      i = strings.push(text) - 1
      index.set(text, i)
    }
    return i
  }
  let at = 0
  rows.forEach((row, r) => {
    widths[r] = row.length
    for (const cell of row) {
      if (cell) {
        let kind = 1 + KINDS.indexOf(cell.t)
        if (cell.f) kind |= FORMULA
        if (cell.w !== undefined) {
          kind |= HAS_W
          extras.push(ref(cell.w))
        }
        if (cell.z !== undefined) {
          kind |= HAS_Z
          extras.push(ref(cell.z))
        }
        kinds[at] = kind
        values[at] = cell.t === 'n' ? (cell.v as number) : cell.t === 'b' ? Number(cell.v) : ref(String(cell.v))
      }
      at++
    }
  })
  return { ...rest, widths, kinds, values, extras: Uint32Array.from(extras), strings }
}

function unpackSheet(packed: PackedSheet): SheetData {
  const { widths, kinds, values, extras, strings, ...rest } = packed
  let count = 0
  for (const w of widths) count += w
  if (kinds.length !== count || values.length !== count) throw new Error(`packed sheet ${rest.name}: ${count} cells, ${kinds.length} kinds`)
  const text = (i: number | undefined): string => {
    const s = i === undefined ? undefined : strings[i]
    if (s === undefined) throw new Error(`packed sheet ${rest.name}: no text ${i}`)
    return s
  }
  // Plain text cells (no formula, w or z) with the same text are one object, as readWorkbook makes them.
  const shared: (Cell | undefined)[] = []
  const rows: (Cell | null)[][] = new Array<(Cell | null)[]>(widths.length)
  let at = 0
  let extra = 0
  for (let r = 0; r < widths.length; r++) {
    const row: (Cell | null)[] = new Array<Cell | null>(widths[r]!)
    for (let c = 0; c < row.length; c++, at++) {
      const kind = kinds[at]!
      if ((kind & 7) === EMPTY) {
        row[c] = null
        continue
      }
      const t = KINDS[(kind & 7) - 1]
      if (!t) throw new Error(`packed sheet ${rest.name}: kind ${kind}`)
      const value = values[at]!
      if (t === 's' && (kind & (FORMULA | HAS_W | HAS_Z)) === 0) {
        row[c] = shared[value] ??= { t: 's', v: text(value) }
        continue
      }
      const cell: Cell = { t, v: t === 'n' ? value : t === 'b' ? value === 1 : text(value) }
      if (kind & HAS_W) cell.w = text(extras[extra++])
      if (kind & HAS_Z) cell.z = text(extras[extra++])
      if (kind & FORMULA) cell.f = true
      row[c] = cell
    }
    rows[r] = row
  }
  return { ...rest, rows }
}
