import type { FindingCode } from '@shared/domain/findings'

import { guarded } from './guarded'
import type { DataOf, Slice, ViewerSlice } from './types'

export const viewerInitial = (): DataOf<ViewerSlice> => ({ packageView: null, findingHelp: null })

export const viewerSlice: Slice<ViewerSlice> = (set, get, { backend }) => ({
  ...viewerInitial(),

  // The page only reads the file's bytes; the host verifies and parses them (one reader for all).
  viewPackageFile: (fileName, bytes) =>
    guarded(set, get, async () => {
      set({ packageView: await backend.call('viewPackage', { fileName, bytes }) })
    }).then(() => undefined),

  takeOpenedPackage: () =>
    guarded(set, get, async () => {
      const view = await backend.call('takeOpenedPackage', {})
      if (view) set({ packageView: view })
    }).then(() => undefined),

  closePackageView: () => set({ packageView: null }),

  showFindingHelp: (code?: FindingCode | null) => set({ findingHelp: { code: code ?? null } }),
  closeFindingHelp: () => set({ findingHelp: null }),

  listenShell: () => {
    const stop =
      backend.onShellEvent?.((event) => {
        if (event === 'help.findings') get().showFindingHelp(null)
        else if (event === 'package.opened') void get().takeOpenedPackage()
        else if (event === 'delivery.changed') void get().loadDeliveries()
      }) ?? (() => undefined)
    // Cermat started by double-clicking a package: main kept it before the page listened.
    if (backend.onShellEvent) void get().takeOpenedPackage()
    return stop
  }
})
