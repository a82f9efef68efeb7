import type { DaftarPerbaikan } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, storeWith } from '../fakes'

const model: DaftarPerbaikan = {
  kecamatan: 'Mlati',
  kabupaten: 'Sleman',
  date: '2026-11-23',
  desa: [{ desa: 'SUMBERADI', files: [], missing: [] }]
}

describe('daftar slice', () => {
  it('saves the list of the desa chosen, or of all, in the language shown, and says where it went', async () => {
    const { store, fake } = storeWith({
      saveDaftarPerbaikan: () => ({ fileName: 'daftar.xlsx', location: '/out/daftar.xlsx', desa: 1, rows: 4, missing: 2 })
    })
    await store.getState().saveDaftar('SUMBERADI')
    store.getState().setLocale('en')
    await store.getState().saveDaftar(null)
    expect(fake.argsOf('saveDaftarPerbaikan')).toEqual([{ desa: 'SUMBERADI', locale: 'id' }, { locale: 'en' }])
    expect(store.getState().notices[0]?.message).toEqual({
      key: 'ui.daftar.saved',
      params: { file: 'daftar.xlsx', desa: 1, rows: 4, missing: 2 }
    })
  })

  it('a cancelled save says nothing; a failure is an error notice', async () => {
    const { store, fake } = storeWith({ saveDaftarPerbaikan: () => null })
    await store.getState().saveDaftar('all')
    expect(fake.argsOf('saveDaftarPerbaikan')).toEqual([{ locale: 'id' }])
    expect(store.getState().notices).toEqual([])
    fake.handlers.saveDaftarPerbaikan = () => Promise.reject(failure('DESA_NOT_FOUND'))
    await store.getState().saveDaftar('SUMBERADO')
    expect(store.getState().notices).toMatchObject([{ kind: 'error', message: { error: { code: 'DESA_NOT_FOUND' } } }])
  })

  it('opens the printable page with the model only (no .xlsx asked for), and closes it', async () => {
    const { store, fake } = storeWith({ daftarPerbaikan: () => ({ model, fileName: 'daftar.xlsx', bytes: null }) })
    await store.getState().openDaftarPrint('SUMBERADI')
    expect(fake.argsOf('daftarPerbaikan')).toEqual([{ desa: 'SUMBERADI', locale: 'id', output: 'print' }])
    expect(store.getState().daftarPrint).toEqual(model)
    store.getState().closeDaftarPrint()
    expect(store.getState().daftarPrint).toBeNull()
  })
})
