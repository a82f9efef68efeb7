import { useState } from 'react'
import { useT } from '../../lib/i18n'
import { useAppStore } from '../../store'

export function SettingsView() {
  const t = useT()
  const workspace = useAppStore((s) => s.workspace)
  const updateSettings = useAppStore((s) => s.updateSettings)
  const busy = useAppStore((s) => s.busy)
  const maskIds = useAppStore((s) => s.maskIds)
  const setMaskIds = useAppStore((s) => s.setMaskIds)
  const [name, setName] = useState(workspace?.name ?? '')
  const [kecamatan, setKecamatan] = useState(workspace?.kecamatan ?? '')
  const [operator, setOperator] = useState(workspace?.operator ?? '')
  if (!workspace) return null
  return (
    <>
      <form
        className="settings card"
        data-testid="settings-view"
        onSubmit={(e) => {
          e.preventDefault()
          void updateSettings({ name, kecamatan, operator })
        }}
      >
        <label className="field">
          {t('ui.settings.name')}
          <input value={name} required maxLength={120} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          {t('ui.settings.kecamatan')}
          <input value={kecamatan} maxLength={120} onChange={(e) => setKecamatan(e.target.value)} />
        </label>
        <label className="field">
          {t('ui.settings.operator')}
          <input value={operator} required maxLength={120} onChange={(e) => setOperator(e.target.value)} data-testid="operator" />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('ui.settings.save')}
        </button>
      </form>
      {/* A preference of this PC, applied at once: not part of the workspace settings saved above. */}
      <fieldset className="settings card" data-testid="display-settings">
        <legend>{t('ui.settings.display')}</legend>
        <label className="check">
          <input type="checkbox" data-testid="mask-ids" checked={maskIds} onChange={(e) => setMaskIds(e.target.checked)} />
          {t('ui.settings.maskIds')}
        </label>
        <p className="hint">{t('ui.settings.maskIdsHint')}</p>
      </fieldset>
    </>
  )
}
