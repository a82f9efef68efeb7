import type { BeritaAcara } from '@shared/api/types'

import { asAppError, guarded } from './guarded'
import type { DataOf, ExportSlice, GetState, SetState, Slice } from './types'

export const exportInitial = (): DataOf<ExportSlice> => ({
  keyStatus: null,
  exportPreview: null,
  lastExport: null,
  exportAll: false,
  beritaAcara: null,
  packages: null,
  packageFileMissing: null,
  printBaSeq: 0
})

/** A package whose file this PC does not find is remembered, so the screen can ask for the file. */
function noteMissing(set: SetState, sha256: string): (err: unknown) => never {
  return (err) => {
    if (asAppError(err).code === 'PACKAGE_FILE_NOT_FOUND') set({ packageFileMissing: sha256 })
    throw err
  }
}

const loaded = (get: GetState, sha256: string): BeritaAcara | null => {
  const ba = get().beritaAcara
  return ba?.package.sha256 === sha256 ? ba : null
}

export const exportSlice: Slice<ExportSlice> = (set, get, { backend }) => ({
  ...exportInitial(),

  loadExport: () =>
    guarded(set, get, async () => {
      const [exportPreview, keyStatus] = await Promise.all([
        backend.call('previewExport', get().exportAll ? { all: true } : {}),
        backend.call('getKeyStatus', {})
      ])
      set({ exportPreview, keyStatus })
      // The list of earlier packages after what the next package holds: it never keeps that from showing.
      set({ packages: await backend.call('listPackages', {}) })
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
      const [keyStatus, summary, exportPreview, packages] = await Promise.all([
        backend.call('getKeyStatus', {}),
        backend.call('getSummary', {}),
        backend.call('previewExport', {}),
        backend.call('listPackages', {})
      ])
      set({ keyStatus, summary, exportPreview, packages, exportAll: false })
      // Read back from the saved package, so the page printed is what was signed.
      set({ beritaAcara: await backend.call('beritaAcara', { sha256: result.sha256 }) })
    }).then(() => undefined),

  saveBeritaAcara: (sha256) =>
    guarded(set, get, async () => {
      const sha = sha256 ?? get().lastExport?.sha256
      if (!sha) return
      const saved = await backend.call('saveBeritaAcara', { sha256: sha }).catch(noteMissing(set, sha))
      if (saved) get().notify('success', { key: 'ui.ba.saved', params: { file: saved.fileName } })
    }).then(() => undefined),

  printBeritaAcara: (sha256) =>
    guarded(set, get, async () => {
      const ba = loaded(get, sha256) ?? (await backend.call('beritaAcara', { sha256 }).catch(noteMissing(set, sha256)))
      set({ beritaAcara: ba, printBaSeq: get().printBaSeq + 1 })
    }).then(() => undefined),

  choosePackageFile: (sha256, fileName, bytes) =>
    guarded(set, get, async () => {
      const ba = await backend.call('beritaAcara', { sha256, package: { fileName, bytes } })
      set({ beritaAcara: ba, packageFileMissing: null })
      get().notify('info', { key: 'ui.packages.found', params: { file: fileName } })
    }).then(() => undefined)
})
