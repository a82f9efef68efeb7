/**
 * The mapping screen: how Cermat reads a file (sheet, header row, what each column holds) with
 * the first rows as they will be stored, before anything is imported. The operator can change the
 * sheet, the header row and any column's meaning, save the mapping as a template, and decide
 * whether a desa's new file replaces its old one.
 */
import type { ColumnInfo, ImportPreview, TableChoice } from '@shared/api/types'
import type { PersonField } from '@shared/domain/fields'
import { HEADER_TARGETS, type HeaderTarget } from '@shared/domain/header-mapping'
import { maskField } from '@shared/domain/mask'
import type { MessageKey } from '@shared/i18n'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { type T, useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { type ImportBlocker, importBlockers } from '../../store/import'
import { DesaChooser } from './DesaChooser'
import { ImportNotes } from './ImportNotes'

const selectMappingView = (s: AppState) => ({
  pending: s.pending,
  changePending: s.changePending,
  choosePendingDesa: s.choosePendingDesa,
  confirmPendingGuess: s.confirmPendingGuess,
  confirmPending: s.confirmPending,
  cancelPending: s.cancelPending,
  maskIds: s.maskIds
})

/** The stored value a column shows for one preview row. */
function shownValue(target: HeaderTarget, values: Record<PersonField, string>): string {
  if (target === 'tempat_tanggal_lahir') return [values.tempat_lahir, values.tanggal_lahir].filter(Boolean).join(', ')
  if (target === 'rt_rw') return [values.rt, values.rw].filter(Boolean).join('/')
  return values[target]
}

/** How sure the importer is of a column; a guess stays "tebakan" until the operator answers it. */
function confidenceLabel(t: T, c: ColumnInfo, guess: { confidence: number } | undefined): string {
  if (!c.target || !c.how) return ''
  if (guess) return t('ui.map.guess', { confidence: Math.round(guess.confidence * 100) })
  if (c.how === 'fuzzy') return t('ui.map.guessConfirmed')
  return t(`ui.map.how.${c.how}` as MessageKey)
}

function blockerText(t: T, b: ImportBlocker, p: ImportPreview): string {
  if (b.kind !== 'guesses') return t(`ui.map.blocked.${b.kind}`)
  const letters = b.columns.map((n) => p.columns.find((c) => c.column === n)?.letter ?? String(n + 1))
  return t('ui.map.blocked.guesses', { columns: letters.join(', ') })
}

export function MappingView() {
  const t = useT()
  const { pending, changePending, choosePendingDesa, confirmPendingGuess, confirmPending, cancelPending, maskIds } = useAppStore(
    useShallow(selectMappingView)
  )
  const [onExisting, setOnExisting] = useState<'replace' | 'add'>('replace')
  const [saveTemplate, setSaveTemplate] = useState(false)
  const [templateName, setTemplateName] = useState('')
  if (!pending) return null
  const p: ImportPreview = pending.preview
  const guessed = new Map(pending.guesses.map((g) => [g.column, g]))
  const blockers = importBlockers(pending)

  const mappingWith = (column: number, target: HeaderTarget | null): TableChoice['mapping'] => {
    const out = p.columns
      .filter((c) => c.target && c.column !== column && c.target !== target)
      .map((c) => ({ column: c.column, target: c.target! }))
    if (target) out.push({ column, target })
    return out
  }
  const confirm = () =>
    void confirmPending({
      ...(p.existing.length > 0 ? { onExisting } : {}),
      ...(saveTemplate && templateName.trim() ? { saveTemplate: templateName.trim() } : {})
    })

  return (
    <section className="card mapping" data-testid="mapping-view" aria-labelledby="mapping-title">
      <h2 id="mapping-title">{t('ui.map.title', { file: pending.fileName })}</h2>
      <p className="muted">
        {t('ui.map.summary', { format: p.detail, rows: p.rows, desa: p.desa || t('ui.desaUnknown') })}
        {p.template && ` · ${t('ui.map.templateUsed', { name: p.template })}`}
      </p>

      {pending.kind === 'village' && (
        <DesaChooser key={pending.fileName} preview={p} chosen={pending.desa} onChoose={(desa) => void choosePendingDesa(desa)} />
      )}

      <div className="mapping-controls">
        <label>
          {t('ui.map.sheet')}
          <select
            data-testid="map-sheet"
            value={p.sheet}
            onChange={(e) => void changePending({ sheet: e.target.value, headerRow: undefined, mapping: undefined })}
          >
            {p.sheets.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({t('ui.map.sheetRows', { rows: s.rows })}
                {s.hidden ? `, ${t('ui.map.hiddenSheet')}` : ''}
                {s.headerRow === null ? `, ${t('ui.map.noHeader')}` : ''})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ui.map.headerRow')}
          <input
            type="number"
            min={1}
            data-testid="map-header-row"
            value={p.headerRow}
            onChange={(e) => {
              const n = Number(e.target.value)
              if (Number.isInteger(n) && n >= 1) void changePending({ headerRow: n, headerRows: p.headerRows, mapping: undefined })
            }}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="map-two-rows"
            checked={p.headerRows === 2}
            onChange={(e) => void changePending({ headerRow: p.headerRow, headerRows: e.target.checked ? 2 : 1, mapping: undefined })}
          />
          {t('ui.map.twoRows')}
        </label>
      </div>

      <div className="mapping-table-wrap">
        <table className="mapping-table" data-testid="mapping-table">
          <thead>
            <tr>
              {p.columns.map((c) => (
                <th key={c.column} className={c.hidden ? 'hidden-col' : ''}>
                  <span className="col-letter">{c.letter}</span> {c.header || '—'}
                  {c.hidden && <span className="badge">{t('ui.map.hiddenColumn')}</span>}
                </th>
              ))}
            </tr>
            <tr>
              {p.columns.map((c) => (
                <th key={c.column}>
                  <select
                    aria-label={t('ui.map.columnMeans', { column: c.letter })}
                    data-testid={`map-target-${c.letter}`}
                    value={c.target ?? ''}
                    className={guessed.has(c.column) ? 'guess' : ''}
                    onChange={(e) =>
                      void changePending({ mapping: mappingWith(c.column, (e.target.value || null) as HeaderTarget | null) }, c.column)
                    }
                  >
                    <option value="">{t('ui.map.unused')}</option>
                    {HEADER_TARGETS.map((target) => (
                      <option key={target} value={target}>
                        {t(`field.${target}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                  <div className={`confidence ${guessed.has(c.column) ? 'fuzzy' : (c.how ?? '')}`}>
                    {confidenceLabel(t, c, guessed.get(c.column))}
                  </div>
                  {guessed.has(c.column) && c.target && (
                    <button
                      type="button"
                      className="small"
                      data-testid={`map-confirm-guess-${c.letter}`}
                      aria-label={t('ui.map.guessConfirmFor', { column: c.letter, target: t(`field.${c.target}` as MessageKey) })}
                      onClick={() => confirmPendingGuess(c.column)}
                    >
                      {t('ui.map.guessConfirm')}
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.preview.map((r) => (
              <tr key={r.rowNo}>
                {p.columns.map((c) => {
                  if (!c.target) return <td key={c.column} className="unused" />
                  const changed = r.coercions.filter((x) => x.column === c.letter)
                  const title = changed
                    .map((x) =>
                      t('ui.map.coerced', {
                        from: maskField(x.field, x.from, maskIds),
                        to: maskField(x.field, x.to, maskIds),
                        kind: t(`coercion.${x.kind}` as MessageKey)
                      })
                    )
                    .join('\n')
                  return (
                    <td key={c.column} className={changed.length ? 'coerced' : ''} title={title || undefined}>
                      {maskField(c.target, shownValue(c.target, r.values), maskIds)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('ui.map.previewHint', { shown: p.preview.length, rows: p.rows })}</p>

      <ImportNotes warnings={p.warnings} coercions={p.coercions} unrecognised={p.unrecognised} />

      {p.existing.length > 0 && (
        <fieldset className="existing" data-testid="map-existing">
          <legend>{t('ui.map.existing', { desa: p.desa, files: p.existing.map((e) => `${e.fileName} (${e.rows})`).join(', ') })}</legend>
          <label>
            <input
              type="radio"
              name="on-existing"
              checked={onExisting === 'replace'}
              onChange={() => setOnExisting('replace')}
              data-testid="map-replace"
            />
            {t('ui.map.replace')}
          </label>
          <label>
            <input
              type="radio"
              name="on-existing"
              checked={onExisting === 'add'}
              onChange={() => setOnExisting('add')}
              data-testid="map-add"
            />
            {t('ui.map.add')}
          </label>
        </fieldset>
      )}

      <div className="mapping-template">
        <label className="check">
          <input
            type="checkbox"
            checked={saveTemplate}
            onChange={(e) => setSaveTemplate(e.target.checked)}
            data-testid="map-save-template"
          />
          {t('ui.map.saveTemplate')}
        </label>
        {saveTemplate && (
          <input
            type="text"
            data-testid="map-template-name"
            placeholder={t('ui.map.templateName')}
            aria-label={t('ui.map.templateName')}
            value={templateName}
            maxLength={80}
            onChange={(e) => setTemplateName(e.target.value)}
          />
        )}
      </div>

      {blockers.length > 0 && (
        <ul className="problem" id="map-blocked" data-testid="map-blocked">
          {blockers.map((b) => (
            <li key={b.kind} data-kind={b.kind}>
              {blockerText(t, b, p)}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="map-confirm"
          onClick={confirm}
          disabled={blockers.length > 0 || (saveTemplate && templateName.trim() === '')}
          aria-describedby={blockers.length > 0 ? 'map-blocked' : undefined}
        >
          {t('ui.map.import', { rows: p.rows })}
        </button>
        <button type="button" data-testid="map-cancel" onClick={() => void cancelPending()}>
          {t('ui.map.cancel')}
        </button>
      </div>
    </section>
  )
}
