import type { Locale, UndoLabel } from '@shared/api/types'
import type { FindingCode } from '@shared/domain/findings'
import { actionLabel, t, tMaybe } from '@shared/i18n'
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../lib/i18n'
import { type AppState, useAppStore } from '../store'
import { selectUndoState } from '../store/selectors'

const selectUndoBar = (s: AppState) => ({ locale: s.locale, state: selectUndoState(s), busy: s.busy, undo: s.undo })

/** "ubah Nama: SITI AMINA (sumberadi.csv baris 3)" — what an undo or redo would do. */
export function describeUndo(locale: Locale, l: UndoLabel): string {
  const where = l.file ? t(locale, 'ui.undo.where', { nama: l.nama || '—', file: l.file, row: l.rowNo ?? '—' }) : l.nama
  if (l.action === 'edit') return t(locale, 'ui.undo.edit', { field: tMaybe(locale, `field.${l.field}`, l.field ?? ''), where })
  if (l.action === 'verify') return t(locale, 'ui.undo.verify', { where })
  if (l.action === 'deactivate') return t(locale, 'ui.undo.deactivate', { where })
  if (l.action === 'bulk_verify') return t(locale, 'ui.undo.bulkVerify', { count: l.count ?? 0 })
  if (l.action === 'bulk_resolve') {
    return t(locale, 'ui.undo.bulkResolve', {
      resolution: actionLabel(locale, (l.code ?? 'FIELD_MISMATCH') as FindingCode, l.resolution ?? ''),
      count: l.count ?? 0
    })
  }
  return t(locale, 'ui.undo.resolve', {
    resolution: actionLabel(locale, (l.code ?? 'FIELD_MISMATCH') as FindingCode, l.resolution ?? ''),
    where
  })
}

/** Typing somewhere (a cell editor, a field): the keys belong to it, not to undo. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('.ag-cell-inline-editing'))
}

/** Undo / redo buttons in the header, and Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) anywhere in the app. */
export function UndoBar() {
  const tr = useT()
  const { locale, state, busy, undo } = useAppStore(useShallow(selectUndoBar))

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || typing(e.target)) return
      const key = e.key.toLowerCase()
      const direction = key === 'z' && !e.shiftKey ? 'undo' : key === 'y' || (key === 'z' && e.shiftKey) ? 'redo' : null
      if (!direction) return
      e.preventDefault()
      if (!useAppStore.getState().busy) void undo(direction)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [undo])

  if (!state) return null
  const button = (direction: 'undo' | 'redo') => {
    const label = state[direction]
    const title = label ? tr(`ui.${direction}.title`, { what: describeUndo(locale, label) }) : tr(`ui.${direction}.none`)
    return (
      <button type="button" data-testid={direction} disabled={!label || busy} title={title} onClick={() => void undo(direction)}>
        {tr(`ui.${direction}.button`)}
      </button>
    )
  }
  return (
    <div className="undo-bar" role="group">
      {button('undo')}
      {button('redo')}
    </div>
  )
}
