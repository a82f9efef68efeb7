import { SUB_VILLAGE_LABELS, type SubVillageLabel, suggestSubVillageLabel } from '@shared/domain/region'
import type { MessageKey } from '@shared/i18n'
import { useState } from 'react'

import { useT } from '../../lib/i18n'

export interface Region {
  kabupaten: string
  label: SubVillageLabel
  setKabupaten(value: string): void
  chooseLabel(label: SubVillageLabel): void
}

/** The kabupaten and the name of a village part; the name follows the kabupaten's usual one until the operator picks another. */
export function useRegion(kabupaten: string, label: SubVillageLabel): Region {
  const [value, setValue] = useState(kabupaten)
  const [chosen, setChosen] = useState<SubVillageLabel | null>(null)
  const [suggested, setSuggested] = useState(label)
  return {
    kabupaten: value,
    label: chosen ?? suggested,
    setKabupaten(next) {
      setValue(next)
      setSuggested(suggestSubVillageLabel(next))
    },
    chooseLabel: setChosen
  }
}

/** The two fields, as Settings and the first-run form show them. */
export function RegionFields({ region, required, ids }: { region: Region; required?: boolean; ids: { kabupaten: string; label: string } }) {
  const t = useT()
  return (
    <>
      <label className="field">
        {t('ui.settings.kabupaten')}
        <input
          value={region.kabupaten}
          required={required}
          maxLength={120}
          data-testid={ids.kabupaten}
          onChange={(e) => region.setKabupaten(e.target.value)}
        />
      </label>
      <label className="field">
        {t('ui.settings.subVillage')}
        <select value={region.label} data-testid={ids.label} onChange={(e) => region.chooseLabel(e.target.value as SubVillageLabel)}>
          {SUB_VILLAGE_LABELS.map((l) => (
            <option key={l} value={l}>
              {t(`ui.subVillage.${l}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
    </>
  )
}
