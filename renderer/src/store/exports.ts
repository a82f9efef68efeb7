import { guarded } from './guarded'
import type { DataOf, ExportSlice, Slice } from './types'

export const exportInitial = (): DataOf<ExportSlice> => ({ keyStatus: null, exportPreview: null, lastExport: null, exportAll: false })

export const exportSlice: Slice<ExportSlice> = (set, get, { backend }) => ({
  ...exportInitial(),

  loadExport: () =>
    guarded(set, get, async () => {
      const [exportPreview, keyStatus] = await Promise.all([
        backend.call('previewExport', get().exportAll ? { all: true } : {}),
        backend.call('getKeyStatus', {})
      ])
      set({ exportPreview, keyStatus })
    }).then(() => undefined),

  setExportAll: (all) =>
    guarded(set, get, async () => {
      set({ exportAll: all })
      set({ exportPreview: await backend.call('previewExport', all ? { all: true } : {}) })
    }).then(() => undefined),

  exportPackage: (desa, passphrase) =>
    guarded(set, get, async () => {
      const all = get().exportAll
      const result = await backend.call('exportPackage', { desa, ...(passphrase ? { passphrase } : {}), ...(all ? { all } : {}) })
      if (!result) return
      set({ lastExport: result })
      get().notify('success', { key: 'ui.export.done', params: { file: result.fileName } })
      // The board shows the exported desa as sent; the preview, what is left for the next package.
      const [keyStatus, summary, exportPreview] = await Promise.all([
        backend.call('getKeyStatus', {}),
        backend.call('getSummary', {}),
        backend.call('previewExport', {})
      ])
      set({ keyStatus, summary, exportPreview, exportAll: false })
    }).then(() => undefined)
})
