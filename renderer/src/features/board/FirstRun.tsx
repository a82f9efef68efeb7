import { SUB_VILLAGE_LABELS, type SubVillageLabel, suggestSubVillageLabel } from '@shared/domain/region'
import type { MessageKey } from '@shared/i18n'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectFirstRun = (s: AppState) => ({ workspace: s.workspace, updateSettings: s.updateSettings, busy: s.busy, setTab: s.setTab })

/** Workspaces whose first-run form was put off ("Nanti saja") in this session: the board reminds instead. */
const later = new Set<string>()

/**
 * First run: a workspace without its kecamatan asks for kecamatan, kabupaten and operator before the
 * board (never the folder name as a guess). Put off only by an explicit "Nanti saja".
 */
export function FirstRun() {
  const t = useT()
  const { workspace, updateSettings, busy, setTab } = useAppStore(useShallow(selectFirstRun))
  const [kecamatan, setKecamatan] = useState('')
  const [kabupaten, setKabupaten] = useState(workspace?.kabupaten ?? '')
  const [operator, setOperator] = useState(workspace?.operator ?? '')
  const [label, setLabel] = useState<SubVillageLabel>(workspace?.subVillageLabel ?? 'dusun')
  const [labelChosen, setLabelChosen] = useState(false)
  const [, setPutOff] = useState(0)
  if (!workspace || workspace.kecamatan.trim() !== '') return null
  if (later.has(workspace.id))
    return (
      <p className="first-run-reminder" role="status" data-testid="first-run-reminder">
        {t('ui.firstRun.reminder')}{' '}
        <button type="button" className="link" onClick={() => setTab('settings')}>
          {t('ui.firstRun.toSettings')}
        </button>
      </p>
    )
  return (
    <form
      className="first-run card"
      data-testid="first-run"
      aria-labelledby="first-run-title"
      onSubmit={(e) => {
        e.preventDefault()
        void updateSettings({ kecamatan: kecamatan.trim(), kabupaten: kabupaten.trim(), operator: operator.trim(), subVillageLabel: label })
      }}
    >
      <h2 id="first-run-title">{t('ui.firstRun.title')}</h2>
      <p className="hint">{t('ui.firstRun.intro')}</p>
      <label className="field">
        {t('ui.settings.kecamatan')}
        <input
          value={kecamatan}
          required
          maxLength={120}
          data-testid="first-run-kecamatan"
          onChange={(e) => setKecamatan(e.target.value)}
        />
      </label>
      <label className="field">
        {t('ui.settings.kabupaten')}
        <input
          value={kabupaten}
          required
          maxLength={120}
          data-testid="first-run-kabupaten"
          onChange={(e) => {
            setKabupaten(e.target.value)
            if (!labelChosen) setLabel(suggestSubVillageLabel(e.target.value))
          }}
        />
      </label>
      <label className="field">
        {t('ui.settings.subVillage')}
        <select
          value={label}
          data-testid="first-run-sub-village"
          onChange={(e) => {
            setLabel(e.target.value as SubVillageLabel)
            setLabelChosen(true)
          }}
        >
          {SUB_VILLAGE_LABELS.map((l) => (
            <option key={l} value={l}>
              {t(`ui.subVillage.${l}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('ui.settings.operator')}
        <input value={operator} required maxLength={120} data-testid="first-run-operator" onChange={(e) => setOperator(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="first-run-save">
          {t('ui.firstRun.save')}
        </button>
        <button
          type="button"
          data-testid="first-run-later"
          onClick={() => {
            later.add(workspace.id)
            setPutOff((n) => n + 1)
          }}
        >
          {t('ui.firstRun.later')}
        </button>
      </div>
    </form>
  )
}
