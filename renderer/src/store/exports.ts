import { guarded } from './guarded'
import type { DataOf, ExportSlice, Slice } from './types'

export const exportInitial = (): DataOf<ExportSlice> => ({ keyStatus: null, exportPreview: null, lastExport: null, beritaAcara: null })

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
      set({ lastExport: result, beritaAcara: null })
      get().notify('success', { key: 'ui.export.done', params: { file: result.fileName } })
      // The board shows the exported desa as sent.
      const [keyStatus, summary] = await Promise.all([backend.call('getKeyStatus', {}), backend.call('getSummary', {})])
      set({ keyStatus, summary })
      // Read back from the saved package, so the page printed is what was signed.
      set({ beritaAcara: await backend.call('beritaAcara', { sha256: result.sha256 }) })
    }).then(() => undefined),

  saveBeritaAcara: () =>
    guarded(set, get, async () => {
      const sha256 = get().lastExport?.sha256
      if (!sha256) return
      const saved = await backend.call('saveBeritaAcara', { sha256 })
      if (saved) get().notify('success', { key: 'ui.ba.saved', params: { file: saved.fileName } })
    }).then(() => undefined)
})
