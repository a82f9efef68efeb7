import { decodeRows } from '@shared/api/rows-codec'
import type { DesaStatus, RowView, Summary } from '@shared/api/types'

import type { DataOf, Filters, RowsSlice, Slice } from './types'

/** Rows in the first piece (shown at once) and in each following piece of a workspace's rows. */
export const FIRST_PAGE = 300
export const PAGE = 15_000

const noFilters = (): Filters => ({ code: 'all', severity: 'all', desa: 'all', desaState: null, status: 'all', search: '' })

/** The desa in one board state now (a state spans several desa; the review keeps this list while open). */
export function desaInState(summary: Summary | null, status: DesaStatus): Filters['desaState'] {
  return { status, desa: (summary?.byDesa ?? []).filter((d) => d.status === status).map((d) => d.desa) }
}

export const rowsInitial = (): DataOf<RowsSlice> => ({
  summary: null,
  rows: new Map<string, RowView>(),
  rowChange: { seq: 0, reset: true, update: [], remove: [] },
  filters: noFilters(),
  keptRows: new Set<string>(),
  selectedRowId: null,
  selection: [],
  loading: null
})

export const rowsSlice: Slice<RowsSlice> = (set, get, { backend }) => {
  /** A newer load (another workspace, a new import) stops an older one still arriving. */
  let loadSeq = 0
  return {
    ...rowsInitial(),

    setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch }, keptRows: new Set() })),
    selectRow: (rowId) => set({ selectedRowId: rowId }),
    setSelection: (rowIds) =>
      set((s) => ({
        selection: rowIds,
        selectedRowId: s.selectedRowId && rowIds.includes(s.selectedRowId) ? s.selectedRowId : (rowIds.at(-1) ?? null)
      })),
    openDesa: (desa) => set({ tab: 'review', filters: { ...noFilters(), desa }, keptRows: new Set(), selectedRowId: null }),
    openDesaState: (status) =>
      set((s) => ({
        tab: 'review',
        filters: { ...noFilters(), desaState: desaInState(s.summary, status) },
        keptRows: new Set(),
        selectedRowId: null
      })),

    /**
     * All rows, in pieces: the first piece replaces what the grid shows (the operator can start at
     * once), the rest are added as they come. Actions meanwhile are safe: the engine answers in
     * order, so a piece never overwrites a newer answer. The next piece is asked for before this
     * one is decoded, so the engine builds it while the page draws this one (two cores).
     */
    async loadRows() {
      const seq = ++loadSeq
      // Rows first: the engine answers in order, and the summary is not needed to show them.
      const firstAsked = backend.call('listRowsPacked', { limit: FIRST_PAGE })
      const summaryAsked = backend.call('getSummary', {})
      const first = await firstAsked
      if (seq !== loadSeq) return
      let asked = first.next ? backend.call('listRowsPacked', { cursor: first.next, limit: PAGE }) : null
      const firstRows = decodeRows(first.rows)
      set((s) => ({
        rows: new Map(firstRows.map((r) => [r.id, r])),
        rowChange: { seq: s.rowChange.seq + 1, reset: true, update: firstRows, remove: [] },
        loading: first.next ? { done: firstRows.length, total: first.total } : null
      }))
      const summary = await summaryAsked
      if (seq !== loadSeq) return
      set({ summary })
      while (asked) {
        const page = await asked
        if (seq !== loadSeq) return
        asked = page.next ? backend.call('listRowsPacked', { cursor: page.next, limit: PAGE }) : null
        const next = page.next
        const pageRows = decodeRows(page.rows)
        set((s) => {
          const rows = new Map(s.rows)
          for (const r of pageRows) rows.set(r.id, r)
          return {
            rows,
            rowChange: { seq: s.rowChange.seq + 1, reset: false, update: pageRows, remove: [] },
            loading: next ? { done: rows.size, total: page.total } : null
          }
        })
      }
    },

    applyChanges: (changed) =>
      set((s) => {
        const rows = new Map(s.rows)
        for (const r of changed.rows) rows.set(r.id, r)
        for (const id of changed.removed) rows.delete(id)
        return {
          rows,
          summary: changed.summary,
          keptRows: new Set([...s.keptRows, ...changed.rows.map((r) => r.id)]),
          rowChange: { seq: s.rowChange.seq + 1, reset: false, update: changed.rows, remove: changed.removed },
          selectedRowId: s.selectedRowId && rows.has(s.selectedRowId) ? s.selectedRowId : null
        }
      }),

    stopRowLoads: () => {
      loadSeq++
    }
  }
}
