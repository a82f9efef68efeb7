/**
 * Which desa a village file is about, on the mapping screen: the desa the engine proposes, the
 * evidence behind it in words, and the operator's answer (confirm, or pick a master desa). An
 * unknown desa or evidence that disagrees must be answered before the file can be imported.
 */
import type { ImportPreview } from '@shared/api/types'
import type { DesaEvidence } from '@shared/domain/desa-evidence'
import type { MessageKey } from '@shared/i18n'
import { useId, useState } from 'react'

import { type T, useT } from '../../lib/i18n'

/** One piece of evidence as a sentence: "NIK yang cocok dengan penduduk induk desa X: 38 dari 40 (95 %)". */
export function evidenceWords(t: T, e: DesaEvidence): string {
  switch (e.kind) {
    case 'nik_overlap': {
      const [n, total] = e.value.split('/').map(Number)
      return t('ui.map.desa.ev.nik_overlap', { desa: e.desa, n: n ?? 0, total: total ?? 0, share: Math.round((e.share ?? 0) * 100) })
    }
    case 'code': {
      // The engine writes where the code stood before it: "title: 5108062002".
      const [where, code] = e.value.split(': ')
      return t(`ui.map.desa.ev.code.${where ?? 'title'}` as MessageKey, { code: code ?? e.value })
    }
    default:
      return t(`ui.map.desa.ev.${e.kind}` as MessageKey, { value: e.value })
  }
}

export function DesaChooser({
  preview,
  chosen,
  onChoose
}: {
  preview: ImportPreview
  /** The operator's answer so far; null when not answered. */
  chosen: string | null
  onChoose: (desa: string) => void
}) {
  const t = useT()
  const id = useId()
  const [filter, setFilter] = useState('')
  const [picked, setPicked] = useState('')
  const proposed = preview.desaProposed ?? preview.desa
  const evidence = preview.desaEvidence ?? []
  const desas = preview.masterDesas ?? []
  const conflict = preview.desaConflict ?? null
  const wanted = filter.trim().toUpperCase()
  const shown = desas.filter((d) => wanted === '' || d.desa.toUpperCase().includes(wanted) || d.code.includes(wanted))
  // A pick the filter now hides is no pick: what the button uses is what the select shows.
  const pick = desas.length === 0 || shown.some((d) => d.desa === picked) ? picked : ''
  const status =
    chosen !== null
      ? t('ui.map.desa.chosen', { desa: chosen })
      : proposed === ''
        ? t('ui.map.desa.unknown')
        : conflict
          ? `${t('ui.map.desa.proposed', { desa: proposed })} ${t('ui.map.desa.conflict')}`
          : t('ui.map.desa.proposed', { desa: proposed })
  const mustAnswer = chosen === null && (proposed === '' || conflict !== null)

  return (
    <fieldset className={`desa-chooser${mustAnswer ? ' must-answer' : ''}`} data-testid="desa-chooser" aria-describedby={`${id}-status`}>
      <legend>{t('ui.map.desa.title')}</legend>
      <p id={`${id}-status`} data-testid="desa-status" className={mustAnswer ? 'problem' : ''}>
        {status}
      </p>
      {evidence.length > 0 ? (
        <>
          <h3 id={`${id}-ev`}>{t('ui.map.desa.evidence')}</h3>
          <ul data-testid="desa-evidence" aria-labelledby={`${id}-ev`}>
            {evidence.map((e, i) => (
              <li key={i} data-kind={e.kind} data-desa={e.desa}>
                <strong>{e.desa}</strong>: {evidenceWords(t, e)}
                {proposed !== '' && e.key !== evidence[0]!.key && <span className="badge sev-warning">{t('ui.map.desa.against')}</span>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted" data-testid="desa-no-evidence">
          {t('ui.map.desa.none')}
        </p>
      )}

      <div className="desa-answer">
        {mustAnswer && proposed !== '' && (
          <button type="button" data-testid="desa-confirm" onClick={() => onChoose(proposed)}>
            {t('ui.map.desa.confirm', { desa: proposed })}
          </button>
        )}
        {desas.length > 0 ? (
          <>
            <label>
              {t('ui.map.desa.filter')}
              <input type="search" data-testid="desa-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </label>
            <label>
              {t('ui.map.desa.select')}
              <select data-testid="desa-select" value={pick} onChange={(e) => setPicked(e.target.value)}>
                <option value="">{t('ui.map.desa.choose')}</option>
                {shown.map((d) => (
                  <option key={d.desa} value={d.desa}>
                    {d.code ? `${d.desa} (${d.code})` : d.desa}
                  </option>
                ))}
              </select>
            </label>
            {shown.length === 0 && <p className="hint">{t('ui.map.desa.noMatch', { filter })}</p>}
          </>
        ) : (
          <>
            <p className="hint">{t('ui.map.desa.noMaster')}</p>
            <label>
              {t('ui.map.desa.name')}
              <input type="text" data-testid="desa-name" value={picked} maxLength={120} onChange={(e) => setPicked(e.target.value)} />
            </label>
          </>
        )}
        <button type="button" data-testid="desa-use" disabled={pick.trim() === ''} onClick={() => onChoose(pick.trim())}>
          {t('ui.map.desa.use')}
        </button>
      </div>
    </fieldset>
  )
}
