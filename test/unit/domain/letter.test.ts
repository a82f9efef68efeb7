import { describe, expect, it } from 'vitest'

import { defaultLetter, documentNumber, letterFrom, localIsoDate } from '../../../shared/domain/letter'

describe('letter settings', () => {
  it('suggests the usual kop of a kabupaten or kota and leaves the classification code to the office', () => {
    expect(defaultLetter('Kabupaten Sleman', 'Mlati')).toEqual({
      kop: ['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'],
      alamat: '',
      numberPattern: '{nomor}/BA-VERVAL/{bulan}/{tahun}',
      place: 'Mlati'
    })
    expect(defaultLetter('Kota Denpasar', 'Denpasar Barat').kop).toEqual(['PEMERINTAH KOTA DENPASAR', 'KECAMATAN DENPASAR BARAT'])
    expect(defaultLetter('', '').kop).toEqual([])
  })

  it('fills the number pattern with the package number, the month in Roman numerals and the year', () => {
    expect(documentNumber('400.9/{nomor}/BA/{bulan}/{tahun}', 12, '2026-12-07')).toBe('400.9/12/BA/XII/2026')
    expect(documentNumber('{nomor}-{nomor}/{bulan}', 3, '2026-04-30')).toBe('3-3/IV')
    expect(documentNumber('BA tanpa nomor', 3, '2026-04-30')).toBe('BA tanpa nomor')
  })

  it('reads stored settings defensively: what is missing or damaged is suggested', () => {
    const stored = JSON.stringify({ kop: ['PEMKAB BANTUL'], alamat: 'Jl. Robert Wolter Monginsidi 1', numberPattern: '', place: 'Sewon' })
    expect(letterFrom(stored, 'Bantul', 'Sewon')).toEqual({
      kop: ['PEMKAB BANTUL'],
      alamat: 'Jl. Robert Wolter Monginsidi 1',
      numberPattern: '{nomor}/BA-VERVAL/{bulan}/{tahun}',
      place: 'Sewon'
    })
    expect(letterFrom('{rusak', 'Bantul', 'Sewon')).toEqual(defaultLetter('Bantul', 'Sewon'))
    expect(letterFrom('', 'Bantul', 'Sewon')).toEqual(defaultLetter('Bantul', 'Sewon'))
  })

  it("dates the signing by the PC's calendar day", () => {
    expect(localIsoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})
