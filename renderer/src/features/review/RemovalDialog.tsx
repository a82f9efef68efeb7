import { parseDateText } from '@shared/domain/dates'
import { maskField } from '@shared/domain/mask'
import {
  BASIS_KINDS,
  BASIS_NUMBER_MAX,
  type BasisField,
  type BasisKind,
  checkSharedBasis,
  REMOVAL_REASONS,
  type RemovalReason
} from '@shared/domain/removal'
import type { MessageKey } from '@shared/i18n'
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { todayIso } from '../../lib/dates'
import { useT } from '../../lib/i18n'
import { type AppState, type RemovalRequest, useAppStore } from '../../store'

const selectRemovalDialog = (s: AppState) => ({ submit: s.submitRemoval, cancel: s.cancelRemoval, busy: s.busy, maskIds: s.maskIds })

/**
 * The basis of a removal (DOMAIN.md: every removal needs its berita acara or SPTJM): why the person
 * leaves the register, and the number and date of the document that decided it. A modal dialog:
 * the first field takes the focus, Tab stays inside, Escape cancels, Enter saves. The same rules as
 * the engine (shared/domain/removal.ts) check it while typing.
 */
export function RemovalDialog(props: { request: RemovalRequest }) {
  const t = useT()
  const { request } = props
  const { submit, cancel, busy, maskIds } = useAppStore(useShallow(selectRemovalDialog))
  const row = useAppStore((s) => (request.kind === 'bulk' ? undefined : s.rows.get(request.rowId)))
  const [reason, setReason] = useState<RemovalReason | ''>(request.kind === 'bulk' ? '' : (request.reason ?? ''))
  const [kind, setKind] = useState<BasisKind>('BA')
  const [number, setNumber] = useState('')
  const [dateText, setDateText] = useState('')
  const [tried, setTried] = useState(false)
  const dialogRef = useRef<HTMLDivElement>(null)
  const firstRef = useRef<HTMLSelectElement>(null)

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    firstRef.current?.focus()
    return () => before?.focus()
  }, [])

  // The date as operators write it (02-11-2026, 2/11/2026) or ISO; the engine gets ISO.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(dateText.trim()) ? dateText.trim() : (parseDateText(dateText) ?? dateText.trim())
  const needsReason = request.kind !== 'bulk' && reason === ''
  const check = checkSharedBasis({ ...(reason ? { reason } : {}), kind, number, date }, todayIso())
  const problem: { field: BasisField; hint: MessageKey } | null = needsReason
    ? { field: 'reason', hint: 'ui.removal.needReason' }
    : check.ok
      ? null
      : { field: check.field, hint: `ui.removal.bad.${check.field}` as MessageKey }
  const show = (field: BasisField) => (tried || (field === 'date' && dateText.length >= 8)) && problem?.field === field

  const onSubmit = async () => {
    setTried(true)
    if (problem || !check.ok) return
    await submit(check.value)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      cancel()
    } else if (e.key === 'Tab') {
      // Keep the focus inside the dialog.
      const items = [...(dialogRef.current?.querySelectorAll<HTMLElement>('select, input, button') ?? [])].filter(
        (el) => !el.hasAttribute('disabled')
      )
      const i = items.indexOf(document.activeElement as HTMLElement)
      const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : i === items.length - 1 ? 0 : i + 1
      e.preventDefault()
      items[next]?.focus()
    }
  }

  const who =
    request.kind === 'bulk'
      ? t('ui.removal.many', { n: request.removals })
      : row
        ? `${row.values.nama || maskField('nik', row.values.nik, maskIds)} (${maskField('nik', row.values.nik, maskIds)})`
        : ''
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && cancel()}>
      <div
        ref={dialogRef}
        className="modal removal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="removal-title"
        aria-describedby="removal-intro"
        data-testid="removal-dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="removal-title">{t(request.kind === 'bulk' ? 'ui.removal.titleMany' : 'ui.removal.title')}</h2>
        <p id="removal-intro">
          <strong>{who}</strong>
          <br />
          <span className="muted">{t('ui.removal.intro')}</span>
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void onSubmit()
          }}
        >
          <label className="field">
            {t('ui.removal.reason')}
            <select
              ref={firstRef}
              value={reason}
              data-testid="removal-reason"
              aria-invalid={show('reason')}
              aria-describedby={show('reason') ? 'removal-problem' : undefined}
              onChange={(e) => setReason(e.target.value as RemovalReason | '')}
            >
              <option value="">{t(request.kind === 'bulk' ? 'ui.removal.asReported' : 'ui.removal.choose')}</option>
              {REMOVAL_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`status.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('ui.removal.kind')}
            <select value={kind} data-testid="removal-kind" onChange={(e) => setKind(e.target.value as BasisKind)}>
              {BASIS_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`ui.removal.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('ui.removal.number')}
            <input
              value={number}
              maxLength={BASIS_NUMBER_MAX}
              data-testid="removal-number"
              placeholder="045/BA/XI/2026"
              aria-invalid={show('number')}
              aria-describedby={show('number') ? 'removal-problem' : undefined}
              onChange={(e) => setNumber(e.target.value)}
            />
          </label>
          <label className="field">
            {t('ui.removal.date')}
            <input
              value={dateText}
              maxLength={10}
              data-testid="removal-date"
              placeholder={t('ui.removal.datePlaceholder')}
              aria-invalid={show('date')}
              aria-describedby={show('date') ? 'removal-problem' : undefined}
              onChange={(e) => setDateText(e.target.value)}
            />
          </label>
          <p id="removal-problem" className="problem" role="alert" data-testid="removal-problem">
            {problem && (show(problem.field) ? t(problem.hint) : '')}
          </p>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy} data-testid="removal-save">
              {t('ui.removal.save')}
            </button>
            <button type="button" onClick={cancel} data-testid="removal-cancel">
              {t('ui.removal.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  )
}
