import type { AuditEntry, RowView } from '@shared/api/types'
import { maskField } from '@shared/domain/mask'
import { displayValue, tMaybe } from '@shared/i18n'
import { useEffect, useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectFamilyList = (s: AppState) => ({ locale: s.locale, rows: s.rows, selectRow: s.selectRow, maskIds: s.maskIds })
const selectRowHistory = (s: AppState) => ({ locale: s.locale, maskIds: s.maskIds, rowHistory: s.rowHistory })

/** Everyone on the row's family card: village rows of any file and master people missing from them. */
export function FamilyList({ row }: { row: RowView }) {
  const t = useT()
  const { locale, rows, selectRow, maskIds } = useAppStore(useShallow(selectFamilyList))
  const kk = row.values.no_kk
  const family = useMemo(() => (kk ? [...rows.values()].filter((r) => r.values.no_kk === kk) : []), [rows, kk])
  if (!kk || family.length < 2) return null
  return (
    <section className="family" data-testid="family" aria-labelledby="family-title">
      <h3 id="family-title">{t('ui.panel.family', { kk: maskField('no_kk', kk, maskIds), count: family.length })}</h3>
      <ul>
        {family.map((m) => (
          <li key={m.id} className={m.id === row.id ? 'current' : undefined}>
            <button type="button" className="link" onClick={() => selectRow(m.id)} aria-current={m.id === row.id ? 'true' : undefined}>
              {m.values.nama || '—'}
            </button>{' '}
            <span className="muted">
              {displayValue(locale, 'shdk', m.values.shdk)} · {displayValue(locale, 'tanggal_lahir', m.values.tanggal_lahir)} ·{' '}
              {m.kind === 'village'
                ? t('ui.panel.familyRow', { file: m.fileName ?? '', row: m.rowNo ?? '' })
                : t('ui.panel.familyMasterOnly')}
              {m.findings.some((f) => f.status === 'open')
                ? ` · ${t('ui.panel.familyOpen', { count: m.findings.filter((f) => f.status === 'open').length })}`
                : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * The basis a removal was recorded with (reason, berita acara/SPTJM number and date): the whole
 * detail of a deactivation, the part after the finding code of an accepted removal.
 */
function basisNote(e: AuditEntry): string | null {
  if (!e.detail) return null
  if (e.action === 'deactivate') return e.detail
  const at = e.detail.indexOf('; ')
  return at > 0 ? e.detail.slice(at + 2) : null
}

/** Who changed what on this row, newest first (the audit log). Reloaded whenever the row changes. */
export function RowHistory({ row }: { row: RowView }) {
  const t = useT()
  const { locale, maskIds, rowHistory } = useAppStore(useShallow(selectRowHistory))
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  useEffect(() => {
    let live = true
    void rowHistory(row.id).then((list) => live && setEntries(list))
    return () => {
      live = false
    }
  }, [row, rowHistory])
  if (!entries || entries.length === 0) return null
  const value = (field: string | null, v: string | null) => maskField(field, displayValue(locale, field, v), maskIds)
  return (
    <section className="history" data-testid="history" aria-labelledby="history-title">
      <h3 id="history-title">{t('ui.panel.history')}</h3>
      <ol>
        {entries.map((e) => (
          <li key={e.id}>
            <span className="muted">
              {e.at.slice(0, 16).replace('T', ' ')} · {e.operator}
            </span>{' '}
            {tMaybe(locale, `audit.${e.action}`, e.action)}
            {e.field ? ` ${tMaybe(locale, `field.${e.field}`, e.field)}` : ''}
            {e.oldValue !== null || e.newValue !== null ? `: ${value(e.field, e.oldValue)} → ${value(e.field, e.newValue)}` : ''}
            {basisNote(e) && <span className="basis"> · {basisNote(e)}</span>}
          </li>
        ))}
      </ol>
    </section>
  )
}
