import { guarded } from './guarded'
import type { DaftarSlice, DataOf, Slice } from './types'

export const daftarInitial = (): DataOf<DaftarSlice> => ({ daftarPrint: null })

/** The review's desa filter as the daftar's argument: a named desa, or all ('all', and files of no known desa). */
const desaArg = (desa: string | null) => (desa && desa !== 'all' ? { desa } : {})

export const daftarSlice: Slice<DaftarSlice> = (set, get, { backend }) => ({
  ...daftarInitial(),

  saveDaftar: (desa) =>
    guarded(set, get, async () => {
      const saved = await backend.call('saveDaftarPerbaikan', { ...desaArg(desa), locale: get().locale })
      if (!saved) return
      get().notify('success', {
        key: 'ui.daftar.saved',
        params: { file: saved.fileName, desa: saved.desa, rows: saved.rows, missing: saved.missing }
      })
    }).then(() => undefined),

  openDaftarPrint: (desa) =>
    guarded(set, get, async () => {
      const made = await backend.call('daftarPerbaikan', { ...desaArg(desa), locale: get().locale, output: 'print' })
      set({ daftarPrint: made.model })
    }).then(() => undefined),

  closeDaftarPrint: () => set({ daftarPrint: null })
})
