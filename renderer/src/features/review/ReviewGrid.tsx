import type { RowView } from '@shared/api/types'
import {
  type CellContextMenuEvent,
  type ColDef,
  type ColumnState,
  type FilterChangedEvent,
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
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { parseJson, readPref, writePref } from '../../lib/prefs'
import { type AppState, useAppStore } from '../../store'
import { selectSubVillage } from '../../store/selectors'
import { buildColumnDefs } from './colDefs'
import { copyTarget } from './copy'
import { gridText } from './grid-locale'
import { passesFilters, rowClass } from './row-rules'
import { RowMenu, type RowMenuAt } from './RowMenu'
import { isShortcutKey } from './shortcuts'

const selectReviewGrid = (s: AppState) => ({
  locale: s.locale,
  editCell: s.editCell,
  setSelection: s.setSelection,
  filters: s.filters,
  maskIds: s.maskIds,
  subVillage: selectSubVillage(s),
  notify: s.notify,
  selectRow: s.selectRow
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

/** True when the operator has selected text with the mouse inside the cell that has the focus. */
function selectedInFocusedCell(): boolean {
  const selection = window.getSelection()
  const cell = document.activeElement?.closest('[role=gridcell]')
  return !!selection && !selection.isCollapsed && selection.toString() !== '' && !!cell?.contains(selection.anchorNode)
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
  const { locale, editCell, setSelection, filters, maskIds, subVillage, notify, selectRow } = useAppStore(useShallow(selectReviewGrid))
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

  const copy = useCallback(
    (what: 'cell' | 'row') => {
      const api = apiRef.current
      const target = api ? copyTarget(api, { key: 'c', ctrlKey: true, metaKey: false, altKey: false, shiftKey: what === 'row' }) : null
      if (!target) return
      void navigator.clipboard.writeText(target.text).then(
        () => notify('info', { key: maskIds ? `ui.copy.${target.what}Masked` : `ui.copy.${target.what}` }),
        (err: unknown) => notify('error', { key: 'ui.copy.failed', params: { message: String(err) } })
      )
    },
    [notify, maskIds]
  )

  const [menu, setMenu] = useState<RowMenuAt | null>(null)
  const openMenu = useCallback((node: IRowNode<RowView>, x: number, y: number) => {
    if (!node.data) return
    node.setSelected(true, true, 'api')
    setMenu({ x, y, rowId: node.data.id })
  }, [])
  // Back to the cell the menu was opened on, so the keyboard carries on from there.
  const closeMenu = useCallback(() => {
    setMenu(null)
    const api = apiRef.current
    const focused = api?.getFocusedCell()
    if (api && focused) api.setFocusedCell(focused.rowIndex, focused.column)
  }, [])
  const onCellContextMenu = useCallback(
    (e: CellContextMenuEvent<RowView>) => {
      if (e.rowIndex !== null) e.api.setFocusedCell(e.rowIndex, e.column)
      const at = e.event instanceof MouseEvent ? e.event : null
      openMenu(e.node, at?.clientX ?? 0, at?.clientY ?? 0)
    },
    [openMenu]
  )

  // Ctrl+C copies the focused cell, Ctrl+Shift+C its row; text the operator selected with the mouse
  // in the focused cell is left to the browser's own copy (a selection left behind in a cell the
  // keyboard has moved away from is not). Shift+F10 or the Menu key opens the row menu.
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const api = apiRef.current
      if (!api || api.getEditingCells().length > 0) return
      if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
        const focused = api.getFocusedCell()
        const node = focused ? api.getDisplayedRowAtIndex(focused.rowIndex) : undefined
        if (!node) return
        e.preventDefault()
        const box = (e.target as HTMLElement).getBoundingClientRect()
        openMenu(node, box.left, box.bottom)
        return
      }
      if (!copyTarget(api, e)) return
      if (!e.shiftKey && selectedInFocusedCell()) return
      e.preventDefault()
      copy(e.shiftKey ? 'row' : 'cell')
    },
    [copy, openMenu]
  )

  // A column filter that hides the row in the side panel closes it (the toolbar filters do so in
  // the panel itself; their change reaches here with no column named).
  const onFilterChanged = useCallback(
    (e: FilterChangedEvent<RowView>) => {
      const selected = useAppStore.getState().selectedRowId
      if (!selected || e.columns.length === 0) return
      let shown = false
      e.api.forEachNodeAfterFilter((n) => {
        if (n.data?.id === selected) shown = true
      })
      if (!shown) selectRow(null)
    },
    [selectRow]
  )

  return (
    <div className="grid-wrap" data-testid="review-grid" onKeyDown={onKeyDown}>
      <AgGridReact<RowView>
        theme={theme}
        columnDefs={columnDefs}
        getRowId={getRowId}
        onGridReady={onGridReady}
        rowSelection={rowSelection}
        selectionColumnDef={selectionColumnDef}
        onSelectionChanged={onSelectionChanged}
        getRowClass={(p: RowClassParams<RowView>) => (p.data ? rowClass(p.data) : [])}
        onFilterChanged={onFilterChanged}
        onCellContextMenu={onCellContextMenu}
        preventDefaultOnContextMenu
        isExternalFilterPresent={() => true}
        doesExternalFilterPass={(node: IRowNode<RowView>) => {
          const { filters, keptRows } = useAppStore.getState()
          return node.data ? keptRows.has(node.data.id) || passesFilters(node.data, filters) : false
        }}
        getLocaleText={(p) => gridText(useAppStore.getState().locale, p)}
        tooltipShowDelay={300}
        tooltipInteraction
        enableCellTextSelection
        ensureDomOrder
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
      {menu && <RowMenu at={menu} copy={copy} onClose={closeMenu} />}
    </div>
  )
}
