import type { RowView } from '@shared/api/types'
import {
  type ColDef,
  type ColumnState,
  type GetRowIdParams,
  type GridApi,
  type GridReadyEvent,
  type IRowNode,
  type RowClassParams,
  type SelectionChangedEvent,
  type SuppressKeyboardEventParams,
  themeQuartz
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useCallback, useEffect, useMemo, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { parseJson, readPref, writePref } from '../../lib/prefs'
import { type AppState, useAppStore } from '../../store'
import { selectSubVillage } from '../../store/selectors'
import { buildColumnDefs } from './colDefs'
import { passesFilters, rowClass } from './row-rules'
import { isShortcutKey } from './shortcuts'

const selectReviewGrid = (s: AppState) => ({
  locale: s.locale,
  editCell: s.editCell,
  setSelection: s.setSelection,
  filters: s.filters,
  maskIds: s.maskIds,
  subVillage: selectSubVillage(s)
})

const theme = themeQuartz.withParams({
  fontSize: 13,
  headerFontSize: 13,
  rowHeight: 30,
  headerHeight: 34,
  spacing: 5,
  accentColor: '#0f6e56',
  headerBackgroundColor: '#eef3f1'
})

const getRowId = (p: GetRowIdParams<RowView>) => p.data.id

/**
 * A click selects one row (shown in the panel); Ctrl/Shift+click, Space or the tick boxes select
 * more for a bulk action; the header box ticks every row the filters show.
 */
const rowSelection = {
  mode: 'multiRow',
  checkboxes: true,
  headerCheckbox: true,
  selectAll: 'filtered',
  enableClickSelection: true
} as const

const selectionColumnDef = { pinned: 'left', width: 44, resizable: false, sortable: false, suppressHeaderMenuButton: true } as const

/** Column order, widths, pinning, hidden columns and sort, as the operator left them on this PC. */
const COLUMNS_KEY = 'cermat.gridColumns'
const isColumnState = (x: unknown): x is ColumnState[] =>
  Array.isArray(x) && x.every((c) => typeof c === 'object' && c !== null && typeof (c as ColumnState).colId === 'string')
const saveColumns = (e: { api: GridApi<RowView>; source?: string; finished?: boolean }) => {
  // Only the operator's own changes (not the grid sizing itself), and a resize once the drag ends.
  if (e.source === 'api' || e.source === 'gridInitializing' || e.source === 'flex' || e.finished === false) return
  writePref(COLUMNS_KEY, JSON.stringify(e.api.getColumnState()))
}

/** The screen's shortcut letters must not start a cell edit; inside an editor they are just letters. */
const defaultColDef: ColDef<RowView> = {
  resizable: true,
  sortable: true,
  suppressHeaderMenuButton: true,
  suppressKeyboardEvent: (p: SuppressKeyboardEventParams<RowView>) => !p.editing && isShortcutKey(p.event)
}

/**
 * The review grid. Rows arrive once, then as transactions from the store's change batches:
 * an edit re-renders only the rows the engine says changed.
 */
export function ReviewGrid(props: { onApi?(api: GridApi<RowView> | null): void }) {
  const { onApi } = props
  const { locale, editCell, setSelection, filters, maskIds, subVillage } = useAppStore(useShallow(selectReviewGrid))
  const apiRef = useRef<GridApi<RowView> | null>(null)
  const appliedSeq = useRef(0)

  const columnDefs = useMemo(
    () => buildColumnDefs(locale, { edit: (id, field, value) => void editCell(id, field, value) }, maskIds, subVillage),
    [locale, editCell, maskIds, subVillage]
  )

  const sync = useCallback(() => {
    const api = apiRef.current
    if (!api) return
    const { rowChange, rows } = useAppStore.getState()
    if (rowChange.seq === appliedSeq.current) return
    if (rowChange.reset || appliedSeq.current === 0) api.setGridOption('rowData', [...rows.values()])
    else {
      const remove = rowChange.remove.map((id) => ({ id }) as RowView)
      const add: RowView[] = []
      const update: RowView[] = []
      for (const r of rowChange.update) (api.getRowNode(r.id) ? update : add).push(r)
      api.applyTransaction({ add, update, remove })
    }
    // Both paths run the grid's filter stage themselves (the external filter reads the store, which
    // already holds the new kept rows): a further onFilterChanged() re-filtered all rows again.
    appliedSeq.current = rowChange.seq
  }, [])

  useEffect(() => useAppStore.subscribe((s, prev) => s.rowChange !== prev.rowChange && sync()), [sync])
  useEffect(() => apiRef.current?.onFilterChanged(), [filters])

  const onGridReady = useCallback(
    (e: GridReadyEvent<RowView>) => {
      apiRef.current = e.api
      appliedSeq.current = 0
      const columns = readPref(COLUMNS_KEY, null, parseJson(isColumnState))
      if (columns) e.api.applyColumnState({ state: columns, applyOrder: true })
      sync()
      onApi?.(e.api)
    },
    [sync, onApi]
  )
  useEffect(() => () => onApi?.(null), [onApi])

  const onSelectionChanged = useCallback(
    (e: SelectionChangedEvent<RowView>) => setSelection(e.api.getSelectedRows().map((r) => r.id)),
    [setSelection]
  )

  return (
    <div className="grid-wrap" data-testid="review-grid">
      <AgGridReact<RowView>
        theme={theme}
        columnDefs={columnDefs}
        getRowId={getRowId}
        onGridReady={onGridReady}
        rowSelection={rowSelection}
        selectionColumnDef={selectionColumnDef}
        onSelectionChanged={onSelectionChanged}
        getRowClass={(p: RowClassParams<RowView>) => (p.data ? rowClass(p.data) : [])}
        isExternalFilterPresent={() => true}
        doesExternalFilterPass={(node: IRowNode<RowView>) => {
          const { filters, keptRows } = useAppStore.getState()
          return node.data ? keptRows.has(node.data.id) || passesFilters(node.data, filters) : false
        }}
        tooltipShowDelay={300}
        tooltipInteraction
        singleClickEdit={false}
        stopEditingWhenCellsLoseFocus
        enterNavigatesVerticallyAfterEdit
        animateRows={false}
        defaultColDef={defaultColDef}
        onColumnMoved={saveColumns}
        onColumnResized={saveColumns}
        onColumnVisible={saveColumns}
        onColumnPinned={saveColumns}
        onSortChanged={saveColumns}
      />
    </div>
  )
}
