/** What an import noticed (warnings) and changed (coercions), in the operator's language. */
import type { CoercionSummary, ImportWarning, UnrecognisedColumn } from '@shared/api/types'
import { maskField } from '@shared/domain/mask'
import type { MessageKey } from '@shared/i18n'
import { CATALOGS } from '@shared/i18n'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectImportNotes = (s: AppState) => ({ locale: s.locale, maskIds: s.maskIds })

export function ImportNotes({
  warnings,
  coercions,
  unrecognised = []
}: {
  warnings: ImportWarning[]
  coercions: CoercionSummary[]
  unrecognised?: UnrecognisedColumn[] | undefined
}) {
  const t = useT()
  const { locale, maskIds } = useAppStore(useShallow(selectImportNotes))
  const warningText = (w: ImportWarning) => {
    const key = `warning.${w.code}`
    return Object.hasOwn(CATALOGS[locale], key) && w.params ? t(key as MessageKey, w.params) : w.message
  }
  if (warnings.length === 0 && coercions.length === 0 && unrecognised.length === 0) return null
  return (
    <div className="import-notes">
      {warnings.length > 0 && (
        <>
          <h3>{t('ui.import.warnings')}</h3>
          <ul data-testid="import-warnings">
            {warnings.map((w, i) => (
              <li key={i} data-code={w.code}>
                {warningText(w)}
              </li>
            ))}
          </ul>
        </>
      )}
      {unrecognised.length > 0 && (
        <>
          <h3>{t('ui.import.unrecognised')}</h3>
          <ul data-testid="import-unrecognised">
            {unrecognised.map((u) => (
              <li key={u.column} data-column={u.column}>
                {t('ui.import.unrecognisedLine', {
                  column: u.column,
                  header: u.header,
                  filled: u.filled,
                  samples: u.samples.map((s) => `"${s}"`).join(', ')
                })}
              </li>
            ))}
          </ul>
          <p className="hint">{t('ui.import.unrecognisedHint')}</p>
        </>
      )}
      {coercions.length > 0 && (
        <>
          <h3>{t('ui.import.coercions')}</h3>
          <table className="coercions" data-testid="import-coercions">
            <thead>
              <tr>
                <th>{t('ui.import.col.column')}</th>
                <th>{t('ui.import.col.change')}</th>
                <th className="num">{t('ui.import.col.count')}</th>
                <th>{t('ui.import.col.examples')}</th>
              </tr>
            </thead>
            <tbody>
              {coercions.map((c) => (
                <tr key={`${c.column}|${c.kind}`} data-kind={c.kind}>
                  <td>
                    {c.column} · {t(`field.${c.field}` as MessageKey)}
                  </td>
                  <td>{t(`coercion.${c.kind}` as MessageKey)}</td>
                  <td className="num">{c.count}</td>
                  <td>
                    {c.examples
                      .map((e) =>
                        t('ui.import.example', {
                          row: e.row,
                          from: maskField(c.field, e.from, maskIds),
                          to: maskField(c.field, e.to, maskIds)
                        })
                      )
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  )
}
