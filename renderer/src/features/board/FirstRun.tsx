import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { parseJson, readPref, writePref } from '../../lib/prefs'
import { type AppState, useAppStore } from '../../store'
import { RegionFields, useRegion } from '../settings/RegionFields'

const selectFirstRun = (s: AppState) => ({ workspace: s.workspace, updateSettings: s.updateSettings, busy: s.busy, setTab: s.setTab })

/**
 * Workspaces whose first-run form was put off ("Nanti saja"), kept on this PC across restarts: the
 * operator said "later" once, the board reminds instead of asking again at every start.
 */
const LATER_KEY = 'cermat.firstRunLater'
const isIdList = (x: unknown): x is string[] => Array.isArray(x) && x.every((id) => typeof id === 'string')
const putOff = (): Set<string> => new Set(readPref(LATER_KEY, [], parseJson(isIdList)))
function putOffNow(id: string): void {
  const ids = putOff()
  ids.add(id)
  writePref(LATER_KEY, JSON.stringify([...ids]))
}

/**
 * First run: a workspace without its kecamatan asks for kecamatan, kabupaten and operator before the
 * board (never the folder name as a guess). Put off only by an explicit "Nanti saja".
 */
export function FirstRun() {
  const t = useT()
  const { workspace, updateSettings, busy, setTab } = useAppStore(useShallow(selectFirstRun))
  const [kecamatan, setKecamatan] = useState('')
  const [operator, setOperator] = useState(workspace?.operator ?? '')
  const region = useRegion(workspace?.kabupaten ?? '', workspace?.subVillageLabel ?? 'dusun')
  const [, setPutOff] = useState(0)
  if (!workspace || workspace.kecamatan.trim() !== '') return null
  if (putOff().has(workspace.id))
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
        void updateSettings({
          kecamatan: kecamatan.trim(),
          kabupaten: region.kabupaten.trim(),
          operator: operator.trim(),
          subVillageLabel: region.label
        })
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
      <RegionFields region={region} required ids={{ kabupaten: 'first-run-kabupaten', label: 'first-run-sub-village' }} />
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
            putOffNow(workspace.id)
            setPutOff((n) => n + 1)
          }}
        >
          {t('ui.firstRun.later')}
        </button>
      </div>
    </form>
  )
}
