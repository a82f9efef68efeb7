/** Which row the side panel shows once the filters change: never one the grid no longer shows. */
import type { AppState } from '../../store'
import { passesFilters } from './row-rules'

/**
 * The selected row if the grid still shows it (it passes the filters, or the operator's own action
 * keeps it in view), else null: the panel closes rather than describe a row the list hides.
 */
export function panelRowAfterFilter(s: Pick<AppState, 'rows' | 'selectedRowId' | 'filters' | 'keptRows'>): string | null {
  const row = s.selectedRowId ? s.rows.get(s.selectedRowId) : undefined
  if (!row) return null
  return s.keptRows.has(row.id) || passesFilters(row, s.filters) ? row.id : null
}
