import { guarded } from './guarded'
import type { DataOf, ExportSlice, Slice } from './types'

export const exportInitial = (): DataOf<ExportSlice> => ({
  keyStatus: null,
  exportPreview: null,
  lastExport: null,
  exportAll: false,
  beritaAcara: null
})

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
      set({ lastExport: result, beritaAcara: null })
      get().notify('success', { key: 'ui.export.done', params: { file: result.fileName } })
      // The board shows the exported desa as sent; the preview, what is left for the next package.
      const [keyStatus, summary, exportPreview] = await Promise.all([
        backend.call('getKeyStatus', {}),
        backend.call('getSummary', {}),
        backend.call('previewExport', {})
      ])
      set({ keyStatus, summary, exportPreview, exportAll: false })
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
