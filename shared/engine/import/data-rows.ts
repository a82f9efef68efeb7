/**
 * Walks the rows under the header: what is not a person is skipped (skip-rows.ts), the rest is
 * read (read-cells.ts) with the original text of its cells. Skipped total rows and repeated
 * headers, hidden rows holding data and formula cells are collected for the warnings.
 */
import type { Coercion } from '../../api/types'
import type { PersonValues } from '../../domain/fields'
import type { HeaderMatch, HeaderRowFound, HeaderTarget } from '../../domain/header-mapping'
import { MAX_CELL_CHARS, type NikOrigin, parseRow, type RowContext } from './read-cells'
import { cellText, type SheetData } from './read-workbook'
import { skipReason } from './skip-rows'

export interface ParsedRow {
  /** 1-based row number as Excel shows it. */
  rowNo: number
  values: PersonValues
  nikOrigin: NikOrigin
  /** Original text of every non-empty cell, as [header, text]. */
  raw: [string, string][]
  coercions: Coercion[]
}

export interface DataRows {
  rows: ParsedRow[]
  /** Row numbers (as Excel shows them) of skipped JUMLAH/TOTAL rows. */
  totalRows: number[]
  repeatedHeaders: number[]
  hiddenWithData: number[]
  /** Cells (A1 style) whose cached formula value was read, and formulas saved without one. */
  formulaCells: string[]
  formulaNoValue: string[]
}

export interface RowsOptions {
  /** Stop after this many data rows (a preview). */
  limitRows?: number
  /** Called every few thousand rows with (done, total). */
  onRows?: (done: number, total: number) => void
}

export function readDataRows(
  sheet: SheetData,
  found: HeaderRowFound,
  byTarget: ReadonlyMap<HeaderTarget, HeaderMatch>,
  headers: readonly string[],
  ctx: RowContext,
  opts: RowsOptions
): DataRows {
  const out: DataRows = { rows: [], totalRows: [], repeatedHeaders: [], hiddenWithData: [], formulaCells: [], formulaNoValue: [] }
  const { letter } = ctx
  const nikColumn = byTarget.get('nik')!.column
  const hiddenRows = new Set(sheet.hiddenRows ?? [])
  const firstData = found.index + 1
  const lastRow = opts.limitRows !== undefined ? Math.min(sheet.rows.length, firstData + opts.limitRows) : sheet.rows.length
  const total = sheet.rows.length - firstData

  for (let i = firstData; i < lastRow; i++) {
    if ((i - found.index) % 5000 === 0) opts.onRows?.(i - found.index, total)
    const cells = sheet.rows[i] ?? []
    const rowTexts = cells.map(cellText)
    const rowNo = sheet.firstRow + i + 1
    const skip = skipReason(rowTexts, cells[nikColumn] ?? null, found.matches.length, byTarget.get('nama')?.column)
    if (skip === 'total') out.totalRows.push(rowNo)
    if (skip === 'repeated_header') out.repeatedHeaders.push(rowNo)
    if (skip) continue
    if (hiddenRows.has(sheet.firstRow + i)) out.hiddenWithData.push(rowNo)
    const parsed = parseRow(cells, byTarget, ctx)
    cells.forEach((cell, c) => {
      if (!cell?.f) return
      if (cellText(cell) === '') out.formulaNoValue.push(`${letter(c)}${rowNo}`)
      else out.formulaCells.push(`${letter(c)}${rowNo}`)
    })
    const raw: [string, string][] = []
    rowTexts.forEach((text, c) => {
      if (text.trim() === '') return
      const header = headers[c]?.trim() || letter(c)
      raw.push([header, text.slice(0, MAX_CELL_CHARS)])
    })
    out.rows.push({ rowNo, values: parsed.values, nikOrigin: parsed.nikOrigin, raw, coercions: parsed.coercions })
  }
  opts.onRows?.(total, total)
  return out
}
