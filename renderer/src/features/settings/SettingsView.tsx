import type { LetterSettings } from '@shared/domain/letter'
import type { Signatory } from '@shared/domain/region'
import type { MessageKey } from '@shared/i18n'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { RecoveryCodeSection } from './RecoveryCodeSection'
import { RegionFields, useRegion } from './RegionFields'

const selectSettingsView = (s: AppState) => ({
  workspace: s.workspace,
  updateSettings: s.updateSettings,
  busy: s.busy,
  maskIds: s.maskIds,
  setMaskIds: s.setMaskIds
})

export function SettingsView() {
  const t = useT()
  const { workspace, updateSettings, busy, maskIds, setMaskIds } = useAppStore(useShallow(selectSettingsView))
  const [name, setName] = useState(workspace?.name ?? '')
  const [kecamatan, setKecamatan] = useState(workspace?.kecamatan ?? '')
  const [operator, setOperator] = useState(workspace?.operator ?? '')
  const region = useRegion(workspace?.kabupaten ?? '', workspace?.subVillageLabel ?? 'dusun')
  const [signatories, setSignatories] = useState<Signatory[]>(workspace?.signatories ?? [])
  const [letter, setLetter] = useState<LetterSettings>(workspace?.letter ?? { kop: [], alamat: '', numberPattern: '', place: '' })
  // The kop is edited as text, one line per line; blank lines are kept while typing.
  const [kopText, setKopText] = useState((workspace?.letter.kop ?? []).join('\n'))
  const [approvalRequired, setApprovalRequired] = useState(workspace?.approvalRequired ?? false)
  const setSignatory = (i: number, patch: Partial<Signatory>) =>
    setSignatories((list) => list.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  if (!workspace) return null
  return (
    <>
      <form
        className="settings card"
        data-testid="settings-view"
        onSubmit={(e) => {
          e.preventDefault()
          const kop = kopText
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
          void updateSettings({
            name,
            kecamatan,
            operator,
            kabupaten: region.kabupaten,
            subVillageLabel: region.label,
            signatories,
            letter: { ...letter, kop },
            approvalRequired
          })
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
        <fieldset className="region" data-testid="region-settings">
          <legend>{t('ui.settings.region')}</legend>
          <RegionFields region={region} ids={{ kabupaten: 'kabupaten', label: 'sub-village-label' }} />
          <p className="hint">{t('ui.settings.regionHint')}</p>
          <table className="signatories">
            <caption>{t('ui.settings.signatories')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ui.settings.signRole')}</th>
                <th scope="col">{t('ui.settings.signTitle')}</th>
                <th scope="col">{t('ui.settings.signName')}</th>
                <th scope="col">{t('ui.settings.signNip')}</th>
              </tr>
            </thead>
            <tbody>
              {signatories.map((s, i) => (
                <tr key={s.role}>
                  <th scope="row">{t(`ui.sign.${s.role}` as MessageKey)}</th>
                  <td>
                    <input
                      value={s.title}
                      maxLength={120}
                      data-testid={`sign-title-${s.role}`}
                      aria-label={`${t(`ui.sign.${s.role}` as MessageKey)}: ${t('ui.settings.signTitle')}`}
                      onChange={(e) => setSignatory(i, { title: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      value={s.name}
                      maxLength={120}
                      data-testid={`sign-name-${s.role}`}
                      aria-label={`${t(`ui.sign.${s.role}` as MessageKey)}: ${t('ui.settings.signName')}`}
                      onChange={(e) => setSignatory(i, { name: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      value={s.nip ?? ''}
                      maxLength={30}
                      inputMode="numeric"
                      pattern="[0-9 ]*"
                      className="mono"
                      data-testid={`sign-nip-${s.role}`}
                      aria-label={`${t(`ui.sign.${s.role}` as MessageKey)}: ${t('ui.settings.signNip')}`}
                      onChange={(e) => setSignatory(i, { nip: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="field inline">
            <input
              type="checkbox"
              checked={approvalRequired}
              data-testid="approval-required"
              onChange={(e) => setApprovalRequired(e.target.checked)}
            />
            {t('ui.settings.approvalRequired')}
          </label>
          <p className="hint">{t('ui.settings.approvalRequiredHint')}</p>
        </fieldset>
        <fieldset className="region" data-testid="letter-settings">
          <legend>{t('ui.settings.letter')}</legend>
          <label className="field">
            {t('ui.settings.kop')}
            <textarea rows={3} value={kopText} maxLength={600} data-testid="letter-kop" onChange={(e) => setKopText(e.target.value)} />
          </label>
          <label className="field">
            {t('ui.settings.alamat')}
            <input
              value={letter.alamat}
              maxLength={200}
              data-testid="letter-alamat"
              onChange={(e) => setLetter({ ...letter, alamat: e.target.value })}
            />
          </label>
          <label className="field">
            {t('ui.settings.numberPattern')}
            <input
              value={letter.numberPattern}
              maxLength={120}
              data-testid="letter-number"
              onChange={(e) => setLetter({ ...letter, numberPattern: e.target.value })}
            />
            <span className="hint">{t('ui.settings.numberHint')}</span>
          </label>
          <label className="field">
            {t('ui.settings.place')}
            <input
              value={letter.place}
              maxLength={60}
              data-testid="letter-place"
              onChange={(e) => setLetter({ ...letter, place: e.target.value })}
            />
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={busy} data-testid="settings-save">
          {t('ui.settings.save')}
        </button>
      </form>
      <RecoveryCodeSection />
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
