import type { BeritaAcara, ExportResult, KeyStatus, PackageEntry } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, storeWith, summary } from '../fakes'

const key: KeyStatus = { exists: true, keyId: 'K1', protection: 'passphrase', passphraseRequired: true }
const done: ExportResult = {
  fileName: 'paket-mlati.zip',
  location: '/out/paket-mlati.zip',
  sha256: 'ff',
  bytes: 2048,
  changes: 4,
  keyId: 'K1'
}
const ba = { number: '1/BA-VERVAL/XII/2026', counts: { total: 4 }, package: { sha256: 'ff', seq: 1 } } as BeritaAcara
const earlier = { number: '1/BA-VERVAL/XII/2026', counts: { total: 2 }, package: { sha256: 'aa', seq: 1 } } as BeritaAcara
const listed: PackageEntry[] = [
  {
    seq: 1,
    at: '2026-12-01T09:00:00+07:00',
    by: 'Budi',
    fileName: 'paket-1.zip',
    sha256: 'aa',
    changes: 2,
    desa: ['SUMBERADI'],
    receivedAt: null
  }
]

describe('export slice', () => {
  it('reads what would go in and the key together', async () => {
    const { store } = storeWith({
      previewExport: () => ({
        desa: [{ desa: 'SUMBERADI', changes: 4, open: 0, missingBasis: 0, held: 0, sent: 0, received: 0, corrections: 0, withdrawn: 0 }],
        held: [],
        lastPackage: null,
        lastReceived: null,
        all: false
      }),
      getKeyStatus: () => key,
      listPackages: () => listed
    })
    await store.getState().loadExport()
    expect(store.getState().exportPreview?.desa).toHaveLength(1)
    expect(store.getState().keyStatus).toEqual(key)
    expect(store.getState().packages).toEqual(listed)
  })

  it('a package: sent with the passphrase when there is one, said, and the board refreshed', async () => {
    const { store, fake } = storeWith({
      exportPackage: () => done,
      getKeyStatus: () => key,
      getSummary: () => summary({ resolved: 4 }),
      previewExport: () => ({ desa: [], held: [], lastPackage: 1, lastReceived: null, all: false }),
      listPackages: () => listed,
      beritaAcara: () => ba
    })
    await store.getState().exportPackage(['SUMBERADI'], 'rahasia123')
    await store.getState().exportPackage(['SUMBERADI'])
    expect(fake.argsOf('exportPackage')).toEqual([{ desa: ['SUMBERADI'], passphrase: 'rahasia123' }, { desa: ['SUMBERADI'] }])
    expect(store.getState().lastExport).toEqual(done)
    expect(store.getState().summary?.resolved).toBe(4)
    expect(store.getState().notices[0]?.message).toEqual({ key: 'ui.export.done', params: { file: 'paket-mlati.zip' } })
    // What is left for the next package is read again.
    expect(store.getState().exportPreview?.lastPackage).toBe(1)
  })

  it('"re-send everything" reads the preview and exports with all; it is unticked once a package is made', async () => {
    const { store, fake } = storeWith({
      previewExport: (a) => ({ desa: [], held: [], lastPackage: 1, lastReceived: null, all: a.all === true }),
      exportPackage: () => done,
      getKeyStatus: () => key,
      getSummary: () => summary({ resolved: 4 }),
      listPackages: () => []
    })
    await store.getState().setExportAll(true)
    expect(store.getState().exportPreview?.all).toBe(true)
    await store.getState().exportPackage(['SUMBERADI'])
    expect(fake.argsOf('previewExport')).toEqual([{ all: true }, {}])
    expect(fake.argsOf('exportPackage')).toEqual([{ desa: ['SUMBERADI'], all: true }])
    expect(store.getState().exportAll).toBe(false)
  })

  it('a cancelled save dialog changes nothing; a wrong passphrase is an error notice', async () => {
    const { store, fake } = storeWith({ exportPackage: () => null })
    await store.getState().exportPackage(['SUMBERADI'])
    expect(store.getState().lastExport).toBeNull()
    expect(store.getState().notices).toEqual([])
    fake.handlers.exportPackage = () => Promise.reject(failure('KEY_PASSPHRASE_WRONG'))
    await store.getState().exportPackage(['SUMBERADI'], 'salah-sandi')
    expect(store.getState().notices).toMatchObject([{ kind: 'error', message: { error: { code: 'KEY_PASSPHRASE_WRONG' } } }])
    expect(fake.methods()).toEqual(['exportPackage', 'exportPackage'])
  })

  it('reads the berita acara back from the saved package, and saves it as PDF by the package hash', async () => {
    const { store, fake } = storeWith({
      exportPackage: () => done,
      getKeyStatus: () => key,
      getSummary: () => summary({}),
      previewExport: () => ({ desa: [], held: [], lastPackage: 1, lastReceived: null, all: false }),
      listPackages: () => listed,
      beritaAcara: () => ba,
      saveBeritaAcara: () => ({ fileName: 'berita-acara-mlati-1.pdf', location: '/out/berita-acara-mlati-1.pdf' })
    })
    await store.getState().saveBeritaAcara()
    expect(fake.methods()).toEqual([])
    await store.getState().exportPackage(['SUMBERADI'])
    expect(fake.argsOf('beritaAcara')).toEqual([{ sha256: 'ff' }])
    expect(store.getState().beritaAcara).toBe(ba)
    await store.getState().saveBeritaAcara()
    expect(fake.argsOf('saveBeritaAcara')).toEqual([{ sha256: 'ff' }])
    expect(store.getState().notices.map((n) => n.message)).toContainEqual({
      key: 'ui.ba.saved',
      params: { file: 'berita-acara-mlati-1.pdf' }
    })
    // A cancelled save dialog says nothing.
    fake.handlers.saveBeritaAcara = () => null
    const before = store.getState().notices.length
    await store.getState().saveBeritaAcara()
    expect(store.getState().notices).toHaveLength(before)
  })

  it('an earlier package: its berita acara printed once loaded, saved by its hash; a file not found asks for the file', async () => {
    const { store, fake } = storeWith({
      beritaAcara: (a) => (a.package ? earlier : Promise.reject(failure('PACKAGE_FILE_NOT_FOUND', { seq: 1, file: 'paket-1.zip' }))),
      saveBeritaAcara: () => ({ fileName: 'berita-acara-mlati-1.pdf', location: '/out/berita-acara-mlati-1.pdf' })
    })
    await store.getState().printBeritaAcara('aa')
    expect(store.getState().printBaSeq).toBe(0)
    expect(store.getState().packageFileMissing).toBe('aa')
    expect(store.getState().notices).toMatchObject([{ kind: 'error', message: { error: { code: 'PACKAGE_FILE_NOT_FOUND' } } }])

    const bytes = new Uint8Array([1, 2, 3])
    await store.getState().choosePackageFile('aa', 'paket-1.zip', bytes)
    expect(fake.argsOf('beritaAcara').at(-1)).toEqual({ sha256: 'aa', package: { fileName: 'paket-1.zip', bytes } })
    expect(store.getState().packageFileMissing).toBeNull()
    expect(store.getState().beritaAcara).toBe(earlier)

    // Loaded already: printed without asking the host again.
    const asked = fake.argsOf('beritaAcara').length
    await store.getState().printBeritaAcara('aa')
    expect(store.getState().printBaSeq).toBe(1)
    expect(fake.argsOf('beritaAcara')).toHaveLength(asked)
    await store.getState().saveBeritaAcara('aa')
    expect(fake.argsOf('saveBeritaAcara')).toEqual([{ sha256: 'aa' }])
  })
})
