/**
 * Selectors, defined once at module level (a stable function per question, as zustand advises):
 * components pass them to `useAppStore`, keyboard handlers to `useAppStore.getState()`.
 */
import type { RowView } from '@shared/api/types'
import type { AppState } from './types'

export const selectLocale = (s: AppState) => s.locale
export const selectMaskIds = (s: AppState) => s.maskIds
export const selectBusy = (s: AppState) => s.busy
export const selectWorkspace = (s: AppState) => s.workspace
export const selectSummary = (s: AppState) => s.summary
export const selectFilters = (s: AppState) => s.filters
export const selectRows = (s: AppState) => s.rows
export const selectSelection = (s: AppState) => s.selection
export const selectNotices = (s: AppState) => s.notices
export const selectRemoval = (s: AppState) => s.removal
export const selectPending = (s: AppState) => s.pending

/** The row the panel shows. */
export const selectSelectedRow = (s: AppState): RowView | undefined => (s.selectedRowId ? s.rows.get(s.selectedRowId) : undefined)
export const selectHasRows = (s: AppState) => s.rows.size > 0
/** What this kabupaten calls a part of a village (dusun, banjar, lingkungan, …). */
export const selectSubVillage = (s: AppState) => s.workspace?.subVillageLabel ?? 'dusun'
/** The language tag numbers are written in. */
export const selectNumberLocale = (s: AppState) => (s.locale === 'id' ? 'id-ID' : 'en-GB')
/** What Ctrl+Z / Ctrl+Y would do (in the summary, so the header's buttons need no extra call). */
export const selectUndoState = (s: AppState) => s.summary?.undo ?? null
export const selectOpenCount = (s: AppState) => s.summary?.open ?? 0
