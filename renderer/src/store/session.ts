import { UNLOCK_ERROR_CODES } from '@shared/api/result'
import type { WorkspaceInfo } from '@shared/api/types'
import { describeRecovery } from '@shared/i18n/recovery'

import { asAppError, guarded } from './guarded'
import type { DataOf, GetState, SessionSlice, SetState, Slice } from './types'

export const sessionInitial = (): DataOf<SessionSlice> => ({
  appInfo: null,
  started: false,
  workspace: null,
  recent: [],
  unlock: null,
  tab: 'import',
  busy: false
})

/** A workspace was opened (or was already open at start): its first screen, then its rows. */
async function opened(set: SetState, get: GetState, info: WorkspaceInfo | null) {
  if (!info) return
  set({ workspace: info, tab: info.master ? 'board' : 'import', selectedRowId: null, lastExport: null })
  if (info.recovery) {
    // Lost or damaged data stays on screen until dismissed, with each damaged file named.
    const { kind, text } = describeRecovery(get().locale, info.recovery)
    if (text) get().notify(kind, { recovery: info.recovery })
  }
  await get().loadRows()
}

/** `reset` is added by the combined store (it needs every slice's fresh data). */
export const sessionSlice: Slice<Omit<SessionSlice, 'reset'>> = (set, get, { backend }) => {
  // A key the OS could not unwrap is a question for the operator (the unlock dialog), not a failure notice.
  const open = (fn: () => Promise<WorkspaceInfo | null>) =>
    guarded(set, get, async () => {
      let info: WorkspaceInfo | null
      try {
        info = await fn()
      } catch (err) {
        const error = asAppError(err)
        if (!UNLOCK_ERROR_CODES.includes(error.code)) throw err
        set({ unlock: { create: error.details?.create === true, error } })
        return
      }
      set({ unlock: null })
      await opened(set, get, info)
    }).then(() => undefined)
  return {
    ...sessionInitial(),

    async start() {
      if (get().started) return
      set({ started: true })
      backend.onProgress((e) => get().trackProgress(e))
      await guarded(set, get, async () => {
        const appInfo = await backend.call('getAppInfo', {})
        set({ appInfo, locale: appInfo.locale })
        set({ recent: await backend.call('listRecentWorkspaces', {}) })
        await opened(set, get, await backend.call('getWorkspace', {}))
      })
    },

    openDemo: () => open(() => backend.call('openDemoWorkspace', {})),
    chooseWorkspace: (mode) => open(() => backend.call('chooseWorkspace', { mode })),
    openRecent: (location) => open(() => backend.call('openRecentWorkspace', { location })),

    async closeWorkspace() {
      await guarded(set, get, async () => {
        get().stopRowLoads() // rows of the closed workspace still arriving are dropped
        await backend.call('closeWorkspace', {})
        const { appInfo, locale } = get()
        get().reset({ started: true, appInfo, locale, recent: await backend.call('listRecentWorkspaces', {}) })
      })
    },

    submitUnlock: (answer) => open(() => backend.call('unlockWorkspace', answer)),
    cancelUnlock: () => set({ unlock: null }),

    setTab: (tab) => {
      set({ tab })
      if (tab === 'export') void get().loadExport()
    }
  }
}
