import { guarded } from './guarded'
import type { DataOf, ExportSlice, Slice } from './types'

export const exportInitial = (): DataOf<ExportSlice> => ({ keyStatus: null, exportPreview: null, lastExport: null })

export const exportSlice: Slice<ExportSlice> = (set, get, { backend }) => ({
  ...exportInitial(),

  loadExport: () =>
    guarded(set, get, async () => {
      const [exportPreview, keyStatus] = await Promise.all([backend.call('previewExport', {}), backend.call('getKeyStatus', {})])
      set({ exportPreview, keyStatus })
    }).then(() => undefined),

  exportPackage: (desa, passphrase) =>
    guarded(set, get, async () => {
      const result = await backend.call('exportPackage', { desa, ...(passphrase ? { passphrase } : {}) })
      if (!result) return
      set({ lastExport: result })
      get().notify('success', { key: 'ui.export.done', params: { file: result.fileName } })
      // The board shows the exported desa as sent.
      const [keyStatus, summary] = await Promise.all([backend.call('getKeyStatus', {}), backend.call('getSummary', {})])
      set({ keyStatus, summary })
    }).then(() => undefined)
})
