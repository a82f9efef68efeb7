/**
 * Selectors shared by several screens, defined once at module level (a stable function per
 * question, as zustand advises). Each component keeps its own module-level `select…` beside it,
 * read with `useShallow`; these are the derived answers they have in common.
 */
import type { RowView } from '@shared/api/types'

import type { AppState } from './types'

export const selectLocale = (s: AppState) => s.locale
/** The row the panel shows. */
export const selectSelectedRow = (s: AppState): RowView | undefined => (s.selectedRowId ? s.rows.get(s.selectedRowId) : undefined)
export const selectHasRows = (s: AppState) => s.rows.size > 0
/** What this kabupaten calls a part of a village (dusun, banjar, lingkungan, …). */
export const selectSubVillage = (s: AppState) => s.workspace?.subVillageLabel ?? 'dusun'
/** The language tag numbers are written in. */
export const selectNumberLocale = (s: AppState) => (s.locale === 'id' ? 'id-ID' : 'en-GB')
/** What Ctrl+Z / Ctrl+Y would do (in the summary, so the header's buttons need no extra call). */
export const selectUndoState = (s: AppState) => s.summary?.undo ?? null
