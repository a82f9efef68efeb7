import type { FindingView, Locale, RowView } from '@shared/api/types'
import { COMPARED_FIELDS, type PersonField } from '@shared/domain/fields'
import { maskField } from '@shared/domain/mask'
import { actionLabel, findingMessage, type MessageKey } from '@shared/i18n'
import { useEffect, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { selectSelectedRow, selectSubVillage } from '../../store/selectors'
import { fieldLabelKey } from './colDefs'
import { cellText } from './colDefs'
import { panelRowAfterFilter } from './panel-row'
import { FamilyList, RowHistory } from './RowContext'
import { ACTION_KEYS, canDeactivate, canVerify, DEACTIVATE_KEY, keyCap, shortcutTarget, VERIFY_KEY } from './shortcuts'

const selectRowPanel = (s: AppState) => ({
  locale: s.locale,
  row: selectSelectedRow(s),
  resolveFinding: s.resolveFinding,
  markVerified: s.markVerified,
  askDeactivate: s.askDeactivate,
  busy: s.busy,
  maskIds: s.maskIds,
  subVillage: selectSubVillage(s),
  filters: s.filters,
  selectRow: s.selectRow
})

/** NIK and No. KK: one unbroken line (a wrapped number is misread), the full value in a tooltip. */
const UNBROKEN = new Set<PersonField>(['nik', 'no_kk'])

/** The selected row: its findings with their actions, and the village values beside the master's. */
export function RowPanel() {
  const t = useT()
  const { locale, row, resolveFinding, markVerified, askDeactivate, busy, maskIds, subVillage, filters, selectRow } = useAppStore(
    useShallow(selectRowPanel)
  )
  const panel = useRef<HTMLElement>(null)
  const rowId = row?.id
  // A new row starts at its top, not at the previous row's scroll position.
  useEffect(() => {
    if (panel.current) panel.current.scrollTop = 0
  }, [rowId])
  // A filter that hides the selected row closes the panel (read once per filter change, so a family
  // member opened from the panel stays open even if the filter would hide it).
  useEffect(() => {
    const state = useAppStore.getState()
    if (state.selectedRowId && panelRowAfterFilter(state) === null) selectRow(null)
  }, [filters, selectRow])
  /** A cell as shown: NIK and No. KK masked when the operator asked for it. */
  const shown = (field: PersonField, value: string) => maskField(field, cellText(locale, field, value), maskIds)

  if (!row) {
    return (
      <aside className="row-panel" data-testid="row-panel" ref={panel}>
        <p className="muted">{t('ui.panel.none')}</p>
      </aside>
    )
  }
  const differing = new Set(row.findings.filter((f) => f.code === 'FIELD_MISMATCH').map((f) => f.field))
  const fields: PersonField[] = ['nik', ...COMPARED_FIELDS, 'dusun']
  return (
    <aside className="row-panel" data-testid="row-panel" aria-label={t('ui.panel.title')} ref={panel}>
      <h2>{row.values.nama || maskField('nik', row.values.nik, maskIds)}</h2>
      <p className="muted">
        {row.kind === 'village' ? t('ui.panel.source', { file: row.fileName ?? '', row: row.rowNo ?? '' }) : t('ui.panel.masterOnly')}
        {row.desa ? ` · ${row.desa}` : ''}
      </p>
      {row.status === 'verified' && <p className="badge badge-ok">{t('ui.panel.verified')}</p>}
      {row.status === 'excluded' && <p className="badge badge-muted">{t('ui.panel.excluded')}</p>}

      <ul className="findings" data-testid="findings">
        {row.findings.length === 0 && <li className="muted">{t('ui.panel.noFindings')}</li>}
        {row.findings.map((f) => (
          <FindingItem
            key={f.key}
            row={row}
            finding={f}
            busy={busy}
            onResolve={(action) => void resolveFinding(row.id, f, action)}
            locale={locale}
            maskIds={maskIds}
          />
        ))}
      </ul>

      {canVerify(row) && (
        <button
          type="button"
          className="primary"
          data-testid="verify-row"
          disabled={busy}
          aria-keyshortcuts={keyCap(VERIFY_KEY)}
          onClick={() => void markVerified(row.id)}
        >
          {t('ui.panel.verify')}
          <kbd aria-hidden="true">{keyCap(VERIFY_KEY)}</kbd>
        </button>
      )}
      {canDeactivate(row) && (
        <button
          type="button"
          data-testid="deactivate-row"
          disabled={busy}
          aria-keyshortcuts={keyCap(DEACTIVATE_KEY)}
          onClick={() => askDeactivate(row.id)}
        >
          {t('ui.panel.deactivate')}
          <kbd aria-hidden="true">{keyCap(DEACTIVATE_KEY)}</kbd>
        </button>
      )}
      {row.kind === 'village' && <p className="hint">{t('ui.panel.editHint')}</p>}

      {row.master && (
        <table className="compare" data-testid="compare">
          <thead>
            <tr>
              <th />
              <th>{t('ui.panel.village')}</th>
              <th>{t('ui.panel.master')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field} data-field={field} className={differing.has(field) ? 'differs' : undefined}>
                <th scope="row">{t(fieldLabelKey(field, subVillage))}</th>
                <ValueCell field={field} text={row.kind === 'village' ? shown(field, row.values[field]) : '—'} />
                <ValueCell field={field} text={shown(field, row.master?.[field] ?? '')} />
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <FamilyList row={row} />
      {row.kind === 'village' && <RowHistory row={row} />}

      {row.coercions.length > 0 && (
        <div className="row-coercions" data-testid="row-coercions">
          <h3>{t('ui.panel.readFromFile')}</h3>
          <ul>
            {row.coercions.map((c, i) => (
              <li key={i} data-kind={c.kind}>
                {t('ui.panel.coercion', {
                  field: t(`field.${c.field}` as MessageKey),
                  column: c.column,
                  from: maskField(c.field, c.from, maskIds),
                  to: maskField(c.field, c.to, maskIds),
                  kind: t(`coercion.${c.kind}` as MessageKey)
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </aside>
  )
}

function ValueCell({ field, text }: { field: PersonField; text: string }) {
  if (!UNBROKEN.has(field)) return <td>{text}</td>
  return (
    <td className="unbroken" title={text}>
      {text}
    </td>
  )
}

/** "?" beside a finding: the help screen, at this code. */
function HelpButton({ code }: { code: FindingView['code'] }) {
  const t = useT()
  const show = useAppStore((s) => s.showFindingHelp)
  const label = t('ui.help.about', { code: t(`code.${code}` as MessageKey) })
  return (
    <button type="button" className="help-q" aria-label={label} title={label} data-testid="finding-help-q" onClick={() => show(code)}>
      ?
    </button>
  )
}

function FindingItem(props: {
  row: RowView
  finding: FindingView
  busy: boolean
  locale: Locale
  maskIds: boolean
  onResolve(action: FindingView['allowed'][number]): void
}) {
  const t = useT()
  const f = props.finding
  return (
    <li className={`finding sev-${f.severity} ${f.status}`} data-testid="finding" data-code={f.code} data-status={f.status}>
      <div className="finding-head">
        <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}` as MessageKey)}</span>
        <strong>{t(`code.${f.code}` as MessageKey)}</strong>
        <HelpButton code={f.code} />
        {f.status === 'resolved' && f.resolution && (
          <span className="badge badge-ok">✓ {actionLabel(props.locale, f.code, f.resolution)}</span>
        )}
      </div>
      <p>{findingMessage(props.locale, f, { maskIds: props.maskIds })}</p>
      {f.status === 'open' && (
        <div className="actions">
          {f.allowed.map((action) => {
            // The key cap shows on the button its key would press: the first open finding allowing it.
            const key = shortcutTarget(props.row, action)?.key === f.key ? keyCap(ACTION_KEYS[action]) : undefined
            return (
              <button
                type="button"
                key={action}
                disabled={props.busy}
                data-action={action}
                aria-keyshortcuts={key}
                onClick={() => props.onResolve(action)}
              >
                {actionLabel(props.locale, f.code, action)}
                {key && <kbd aria-hidden="true">{key}</kbd>}
              </button>
            )
          })}
        </div>
      )}
    </li>
  )
}
