/**
 * The warnings of an import: what the operator should know about how the table was found and read
 * (sheet chosen, guessed headers, skipped rows, hidden rows and columns, formulas, changed values).
 * Each carries its code, parameters and place (sheet, row, column); the Indonesian text is for the CLI.
 */
import type { CoercionSummary, ImportWarning } from '../../api/types'
import { columnLetter } from '../../domain/header-mapping'
import { type MessageKey, t } from '../../i18n'
import type { DataRows } from './data-rows'
import type { Located } from './locate-table'
import type { RowContext } from './read-cells'

/** A warning of an import: its code, parameters and place, with the Indonesian text for the CLI. */
export function warn(
  code: string,
  params: Record<string, string | number> = {},
  at: Pick<ImportWarning, 'sheet' | 'row' | 'column'> = {}
): ImportWarning {
  return { code, message: t('id', `warning.${code}` as MessageKey, params), params, ...at }
}

/** At most five examples, then an ellipsis. */
const list = (xs: (string | number)[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? ', …' : '')

export interface TableFacts {
  located: Located
  /** Sheets in the workbook: more than one means a sheet was chosen. */
  sheetCount: number
  dateOrder: RowContext['dateOrder']
  data: DataRows
  coercions: CoercionSummary[]
}

/** Every warning of a table, in the order the operator reads them: header, columns, rows, values. */
export function tableWarnings({ located, sheetCount, dateOrder, data, coercions }: TableFacts): ImportWarning[] {
  const { sheet, found } = located
  const out: ImportWarning[] = []
  const headerRowNo = sheet.firstRow + found.index + 1
  const letter = (c: number) => columnLetter(sheet.firstCol + c)
  const at = (row?: number, column?: number) => ({
    sheet: sheet.name,
    ...(row !== undefined ? { row } : {}),
    ...(column !== undefined ? { column: letter(column) } : {})
  })

  for (const d of found.duplicates)
    out.push(warn('DUPLICATE_HEADER', { column: letter(d.column), header: d.header, target: d.target }, at(headerRowNo, d.column)))
  if (sheetCount > 1) out.push(warn('SHEET_CHOSEN', { sheet: sheet.name, count: sheetCount }, at()))
  if (sheet.hidden) out.push(warn('SHEET_HIDDEN', { sheet: sheet.name }, at()))
  if (found.rows === 2) out.push(warn('TWO_ROW_HEADER', { upper: headerRowNo - 1, lower: headerRowNo }, at(headerRowNo)))
  if (located.template) out.push(warn('TEMPLATE_APPLIED', { name: located.template }, at(headerRowNo)))
  for (const m of found.matches) {
    if (m.how === 'fuzzy')
      out.push(
        warn(
          'HEADER_GUESSED',
          { column: letter(m.column), header: m.header, target: m.target, confidence: Math.round(m.confidence * 100) },
          at(headerRowNo, m.column)
        )
      )
  }
  if (!found.matches.some((m) => m.target === 'nama')) out.push(warn('NO_NAME_COLUMN', {}, at(headerRowNo)))
  for (const [column, { order }] of dateOrder) {
    if (order === 'mdy') out.push(warn('DATE_MONTH_FIRST', { column: letter(column) }, at(headerRowNo, column)))
  }

  if (data.totalRows.length > 0) out.push(warn('TOTAL_ROW_SKIPPED', { rows: list(data.totalRows) }, at(data.totalRows[0])))
  if (data.repeatedHeaders.length > 0)
    out.push(warn('REPEATED_HEADER_SKIPPED', { rows: list(data.repeatedHeaders) }, at(data.repeatedHeaders[0])))
  if (data.hiddenWithData.length > 0)
    out.push(warn('HIDDEN_ROWS', { count: data.hiddenWithData.length, rows: list(data.hiddenWithData) }, at(data.hiddenWithData[0])))
  const hiddenColumns = new Set(sheet.hiddenCols ?? [])
  const hiddenMapped = found.matches.filter((m) => hiddenColumns.has(sheet.firstCol + m.column))
  const hiddenAll = [...hiddenColumns].filter((c) => c >= sheet.firstCol).map((c) => columnLetter(c))
  if (hiddenAll.length > 0)
    out.push(warn('HIDDEN_COLUMNS', { columns: list(hiddenAll), used: hiddenMapped.map((m) => letter(m.column)).join(', ') || '-' }, at()))
  if (data.formulaCells.length > 0)
    out.push(warn('FORMULA_CELLS', { count: data.formulaCells.length, cells: list(data.formulaCells) }, at()))
  if (data.formulaNoValue.length > 0)
    out.push(warn('FORMULA_NO_VALUE', { count: data.formulaNoValue.length, cells: list(data.formulaNoValue) }, at()))

  for (const c of coercions) {
    if (c.kind === 'control_chars' || c.kind === 'truncated' || c.kind === 'id_precision_lost') {
      out.push(
        warn(
          `VALUE_${c.kind.toUpperCase()}`,
          { count: c.count, column: c.column, rows: list(c.examples.map((e) => e.row)) },
          { sheet: sheet.name, row: c.examples[0]!.row, column: c.column }
        )
      )
    }
  }
  return out
}
