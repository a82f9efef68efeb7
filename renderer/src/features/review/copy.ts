/** Ctrl+C (the focused cell) and Ctrl+Shift+C (its whole row) in the review grid, as plain text. */
import type { RowView } from '@shared/api/types'
import type { GridApi } from 'ag-grid-community'

import { rowText, shownValue } from './grid-view'

/** What a Ctrl(+Shift)+C in the grid copies, or null when the key is not a copy or nothing is focused. */
export function copyTarget(api: GridApi<RowView>, e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'c') return null
  if (api.getEditingCells().length > 0) return null
  const focused = api.getFocusedCell()
  const node = focused ? api.getDisplayedRowAtIndex(focused.rowIndex) : undefined
  if (!focused || !node?.data) return null
  if (e.shiftKey) return { what: 'row' as const, text: rowText(api, node) }
  return { what: 'cell' as const, text: String(shownValue(api, node, focused.column)) }
}
