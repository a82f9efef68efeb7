import { describe, expect, it } from 'vitest'

import { openEngine } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'

describe('letter settings of the workspace', () => {
  it('are suggested from kabupaten and kecamatan until set; the letter and NIPs survive reopening and are audited', async () => {
    const storage = new FaultyStorage()
    const { engine } = await openEngine(storage)
    let info = await engine.updateSettings({ kecamatan: 'Mlati', kabupaten: 'Sleman' })
    expect(info.letter).toEqual({
      kop: ['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'],
      alamat: '',
      numberPattern: '{nomor}/BA-VERVAL/{bulan}/{tahun}',
      place: 'Mlati'
    })
    const letter = {
      kop: ['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'],
      alamat: 'Jl. Magelang Km 9',
      numberPattern: '400.9/{nomor}/BA/{bulan}/{tahun}',
      place: 'Mlati'
    }
    const signatories = info.signatories.map((s) => (s.role === 'approved' ? { ...s, name: 'Hadi Wibowo', nip: '197001012000031005' } : s))
    await engine.updateSettings({ letter, signatories })
    await engine.close()

    const reopened = (await openEngine(storage)).engine
    info = await reopened.info()
    expect(info.letter).toEqual(letter)
    expect(info.signatories.find((s) => s.role === 'approved')).toMatchObject({ name: 'Hadi Wibowo', nip: '197001012000031005' })
    const fields = (await reopened.audit(undefined, 50)).filter((a) => a.action === 'settings').map((a) => a.field)
    expect(fields).toContain('letter')
    expect(fields).toContain('signatories')
    await reopened.close()
  })
})
