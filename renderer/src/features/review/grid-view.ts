/**
 * The grid's current view as text and as a table: what Ctrl+C, Ctrl+Shift+C and "Ekspor tampilan"
 * take. Values are read as shown (masked only when the operator masks NIK/KK), columns in the order
 * shown, rows in the filter and sort order shown.
 */
import type { RowView } from '@shared/api/types'
import type { Column, GridApi, IRowNode } from 'ag-grid-community'

/** The columns a person reads: every displayed column but the tick box. */
export function viewColumns(api: GridApi<RowView>): Column[] {
  return api.getAllDisplayedColumns().filter((c) => !c.getColId().startsWith('ag-Grid-'))
}

/** A cell as shown; a number stays a number (the export writes it as one). */
export function shownValue(api: GridApi<RowView>, node: IRowNode<RowView>, column: Column): string | number {
  const value: unknown = api.getCellValue({ rowNode: node, colKey: column, useFormatter: true })
  if (typeof value === 'number') return value
  return value === null || value === undefined ? '' : String(value)
}

/** One row as tab-separated text, in the column order shown (what a spreadsheet pastes into cells). */
export function rowText(api: GridApi<RowView>, node: IRowNode<RowView>): string {
  return viewColumns(api)
    .map((c) => String(shownValue(api, node, c)).replace(/[\t\r\n]+/g, ' '))
    .join('\t')
}

/** The header row and every row the filters show, in the order shown. */
export function viewTable(api: GridApi<RowView>): { header: string[]; rows: (string | number)[][] } {
  const columns = viewColumns(api)
  const header = columns.map((c) => api.getDisplayNameForColumn(c, null))
  const rows: (string | number)[][] = []
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.data) rows.push(columns.map((c) => shownValue(api, node, c)))
  })
  return { header, rows }
}
