import type { Locale } from '@shared/api/types'

import { readPref, writePref } from '../lib/prefs'
import { guarded } from './guarded'
import type { DataOf, SettingsSlice, Slice } from './types'

const MASK_IDS_KEY = 'cermat.maskIds'

/** Not `maskIds`: closing the workspace or resetting keeps this PC's preference. */
export const settingsInitial = (): Omit<DataOf<SettingsSlice>, 'maskIds'> => ({ locale: 'id' as Locale, recoveryCode: null })

export const settingsSlice: Slice<SettingsSlice> = (set, get, { backend }) => ({
  ...settingsInitial(),
  maskIds: readPref(MASK_IDS_KEY, false, (text) => text === '1'),

  setLocale: (locale) => set({ locale }),
  setMaskIds: (on) => {
    writePref(MASK_IDS_KEY, on ? '1' : '0')
    set({ maskIds: on })
  },

  updateSettings: (patch) =>
    guarded(set, get, async () => {
      set({ workspace: await backend.call('updateSettings', patch) })
      get().notify('success', { key: 'ui.settings.saved' })
    }).then(() => undefined),

  createRecoveryCode: (passphrase) =>
    guarded(set, get, async () => {
      set({ recoveryCode: await backend.call('createRecoveryCode', passphrase ? { passphrase } : {}) })
    }).then(() => undefined),
  dismissRecoveryCode: () => set({ recoveryCode: null })
})
