/**
 * From a workbook to person rows: find the table (locate-table.ts), decide what its columns say
 * (read-cells.ts), walk its rows (data-rows.ts, skip-rows.ts) and say what was noticed on the way
 * (table-warnings.ts). The result names every column and warning by sheet, row and column letter.
 */
import type {
  CoercionSummary,
  ColumnInfo,
  ColumnMapping,
  ImportWarning,
  MappingTemplate,
  SheetInfo,
  SourceKind,
  TableChoice,
  UnrecognisedColumn
} from '../../api/types'
import type { PersonField } from '../../domain/fields'
import { columnLetter, fieldsOfTargets, type HeaderMatch, type HeaderRowFound, type HeaderTarget } from '../../domain/header-mapping'
import { registerIdKind } from '../../domain/register-id'
import { type ParsedRow, readDataRows, type RowsOptions } from './data-rows'
import { desaFromTitle, headerTexts, locateTable, textAbove } from './locate-table'
import { columnContext, summariseCoercions } from './read-cells'
import type { SheetData, WorkbookData } from './read-workbook'
import { tableWarnings } from './table-warnings'
import { unrecognisedColumns } from './unrecognised-columns'

export type { MappingTemplate, TableChoice }
export type { ParsedRow } from './data-rows'
export type { NikOrigin } from './read-cells'

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
  /** Cell text above the header (title rows), for the desa evidence ladder. */
  titleText: string[]
  warnings: ImportWarning[]
  coercions: CoercionSummary[]
  /** Name of the saved mapping template that was applied, or null. */
  template: string | null
  /** Columns with data that map to no field ("kolom tidak dikenali"). */
  unrecognised: UnrecognisedColumn[]
}

export interface ExtractOptions extends RowsOptions {
  kind: SourceKind
  choice?: TableChoice
  templates?: MappingTemplate[]
}

export function extractTable(wb: WorkbookData, fileName: string, opts: ExtractOptions): ParsedTable {
  const { located, sheets } = locateTable(wb, fileName, opts.choice, opts.templates)
  const { sheet, found } = located
  const letter = (c: number) => columnLetter(sheet.firstCol + c)
  const byTarget = new Map<HeaderTarget, HeaderMatch>(found.matches.map((m) => [m.target, m]))
  const headers = headerTexts(sheet, found)
  const ctx = columnContext(sheet, found.index + 1, byTarget, { date1904: wb.date1904, kind: opts.kind, letter })
  const data = readDataRows(sheet, found, byTarget, headers, ctx, opts)
  const coercions = summariseCoercions(data.rows)
  return {
    sheet: sheet.name,
    headerRow: sheet.firstRow + found.index + 1,
    headerRows: found.rows,
    mapping: columnMapping(found, sheet.firstCol),
    mappedFields: [...fieldsOfTargets(found.matches.map((m) => m.target))],
    columns: columnInfo(sheet, found, headers),
    sheets,
    rows: data.rows,
    desa: mostCommon(data.rows.map((r) => r.values.desa)),
    desaCandidates: desaFromTitle(sheet, found.index - found.rows + 1),
    titleText: textAbove(sheet, found.index - found.rows + 1),
    warnings: tableWarnings({ located, sheetCount: wb.sheets.length, dateOrder: ctx.dateOrder, data, coercions }),
    coercions,
    template: located.template,
    unrecognised: unrecognisedColumns(
      sheet,
      found,
      headers,
      data.rows.map((r) => r.rowNo - sheet.firstRow - 1),
      // A master's register ids are stored with its people (import-source.ts); a village's are not read.
      opts.kind === 'master' ? (h) => registerIdKind(h) !== null : undefined
    )
  }
}

/** The mapping as stored with the source: sheet columns, and the field a combined column fills first. */
function columnMapping(found: HeaderRowFound, firstCol: number): ColumnMapping[] {
  return found.matches.map((m) => ({
    field: m.target === 'tempat_tanggal_lahir' ? 'tanggal_lahir' : m.target === 'rt_rw' ? 'rt' : m.target,
    target: m.target,
    column: firstCol + m.column,
    columnLetter: columnLetter(firstCol + m.column),
    header: m.header,
    confidence: m.confidence,
    how: m.how
  }))
}

/** Every header column, mapped or not, for the operator's mapping screen. */
function columnInfo(sheet: SheetData, found: HeaderRowFound, headers: readonly string[]): ColumnInfo[] {
  const byColumn = new Map(found.matches.map((m) => [m.column, m]))
  const hidden = new Set(sheet.hiddenCols ?? [])
  return headers.map((header, c) => {
    const m = byColumn.get(c)
    const column = sheet.firstCol + c
    return {
      column,
      letter: columnLetter(column),
      header: header.trim(),
      target: m?.target ?? null,
      confidence: m?.confidence ?? 0,
      how: m?.how ?? null,
      hidden: hidden.has(column)
    }
  })
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>()
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best = ''
  let n = 0
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c]
  return best
}
