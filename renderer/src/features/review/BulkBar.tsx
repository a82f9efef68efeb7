import type { RowView } from '@shared/api/types'
import type { MessageKey } from '@shared/i18n'
import type { GridApi } from 'ag-grid-community'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { selectionPlan } from './shortcuts'

const selectBulkBar = (s: AppState) => ({
  selection: s.selection,
  rowsById: s.rows,
  filters: s.filters,
  busy: s.busy,
  resolveMany: s.resolveMany,
  verifyMany: s.verifyMany
})

/**
 * Actions on the ticked rows at once (all or nothing, undone in one step): accept the village
 * data, keep the master data, verify. With a code filter set, only findings of that kind are
 * touched (e.g. "names differing in spelling only" of one desa).
 */
export function BulkBar(props: { api(): GridApi<RowView> | null }) {
  const t = useT()
  const { selection, rowsById, filters, busy, resolveMany, verifyMany } = useAppStore(useShallow(selectBulkBar))
  const { code } = filters
  if (selection.length < 2) return null
  const { accept_village: accept, keep_master: keep, verify } = selectionPlan(rowsById, selection, filters)
  const kind = code === 'all' || code === 'any' ? null : code === 'spelling' ? t('ui.review.spelling') : t(`code.${code}` as MessageKey)
  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('ui.bulk.label')} data-testid="bulk-bar" data-selected={selection.length}>
      <strong>{t('ui.bulk.selected', { n: selection.length })}</strong>
      <button
        type="button"
        data-testid="bulk-accept"
        disabled={busy || accept.length === 0}
        aria-keyshortcuts="Shift+A"
        onClick={() => void resolveMany(accept, 'accept_village')}
      >
        {t('ui.bulk.accept', { n: accept.length })} <kbd aria-hidden="true">Shift+A</kbd>
      </button>
      <button
        type="button"
        data-testid="bulk-keep"
        disabled={busy || keep.length === 0}
        aria-keyshortcuts="Shift+M"
        onClick={() => void resolveMany(keep, 'keep_master')}
      >
        {t('ui.bulk.keep', { n: keep.length })} <kbd aria-hidden="true">Shift+M</kbd>
      </button>
      <button
        type="button"
        data-testid="bulk-verify"
        disabled={busy || verify.length === 0}
        aria-keyshortcuts="Shift+V"
        onClick={() => void verifyMany(verify)}
      >
        {t('ui.bulk.verify', { n: verify.length })} <kbd aria-hidden="true">Shift+V</kbd>
      </button>
      <button type="button" data-testid="bulk-clear" onClick={() => props.api()?.deselectAll()}>
        {t('ui.bulk.clear')} <kbd aria-hidden="true">Esc</kbd>
      </button>
      {kind && <span className="hint">{t('ui.bulk.hint', { code: kind })}</span>}
    </div>
  )
}
