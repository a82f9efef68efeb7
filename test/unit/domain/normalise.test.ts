import { describe, expect, it } from 'vitest'

import { guessShdkSystem, parseMemberStatus, parseRtRw, parseSex, parseShdk, splitRtRw } from '../../../shared/domain/codes'
import { differs } from '../../../shared/domain/compare'
import { parseDateText } from '../../../shared/domain/dates'
import { checkEdit } from '../../../shared/domain/edit'
import { columnLetter, findHeaderRow, mapHeader } from '../../../shared/domain/header-mapping'
import { nameKey } from '../../../shared/domain/names'

describe('names', () => {
  it('case, spacing, punctuation and titles are not differences', () => {
    expect(nameKey('  siti   aminah ')).toBe('SITI AMINAH')
    expect(nameKey('Hj. Siti Aminah, S.Pd.')).toBe('SITI AMINAH')
    expect(nameKey('Drs. H. Ahmad Fauzi, M.Pd')).toBe('AHMAD FAUZI')
    expect(nameKey("Ma'ruf")).toBe('MARUF')
    expect(differs('nama', 'SITI AMINA', 'SITI AMINAH')).toBe(true)
    expect(differs('nama', 'siti aminah', 'SITI  AMINAH')).toBe(false)
  })
  it('keeps a comma part that is not a degree', () => {
    expect(nameKey('Budi, Santoso')).toBe('BUDI SANTOSO')
  })
})

describe('dates', () => {
  it.each([
    ['1980-05-12', '1980-05-12'],
    ['12-05-1980', '1980-05-12'],
    ['12/05/1980', '1980-05-12'],
    ['12.05.1980', '1980-05-12'],
    ['12 Mei 1980', '1980-05-12'],
    ['12-MEI-1980', '1980-05-12'],
    ['1 Agustus 1945', '1945-08-01'],
    ['12/05/80', '1980-05-12'],
    ['01/01/24', '2024-01-01']
  ])('%s → %s', (text, iso) => expect(parseDateText(text)).toBe(iso))
  it.each(['31-02-1980', '00-01-1980', '12-13-1980', 'besok', '1980', '29-02-1981'])('%s is not a date', (text) =>
    expect(parseDateText(text)).toBeNull()
  )
  it('a day given in another format is the same date', () => {
    expect(differs('tanggal_lahir', parseDateText('12-05-1980')!, '1980-05-12')).toBe(false)
  })
})

describe('codes', () => {
  it('sex from every common spelling', () => {
    for (const l of ['L', 'l', 'LK', 'Laki-laki', 'LAKI LAKI', '1', 'Pria']) expect(parseSex(l)).toBe('L')
    for (const p of ['P', 'PR', 'Perempuan', '2', 'WANITA']) expect(parseSex(p)).toBe('P')
    expect(parseSex('X')).toBeNull()
  })
  it('SHDK numbers depend on the code system; labels do not', () => {
    expect(parseShdk('3', 'dukcapil')).toBe('PASANGAN')
    expect(parseShdk('3', 'regsosek')).toBe('ANAK')
    expect(parseShdk('ISTRI', 'regsosek')).toBe('PASANGAN')
    expect(parseShdk('Istri/Suami', 'dukcapil')).toBe('PASANGAN')
    expect(parseShdk('Orang Tua/Mertua', 'dukcapil')).toBe('ORANG_TUA')
    expect(parseShdk('FAMILI LAIN', 'dukcapil')).toBe('LAINNYA')
    expect(guessShdkSystem(['1', '3', '10'], 'regsosek')).toBe('dukcapil')
    expect(guessShdkSystem(['1', '3'], 'regsosek')).toBe('regsosek')
  })
  it('RT/RW padding is not a difference; combined cells split', () => {
    expect(parseRtRw('003')).toBe('3')
    expect(differs('rt', '003', '3')).toBe(false)
    expect(splitRtRw('003/005')).toEqual({ rt: '3', rw: '5' })
  })
  it('member status from KETERANGAN', () => {
    expect(parseMemberStatus('MENINGGAL DUNIA')).toBe('MENINGGAL')
    expect(parseMemberStatus('Pindah ke Jakarta')).toBe('PINDAH')
    expect(parseMemberStatus('tidak ditemukan')).toBe('TIDAK_DITEMUKAN')
    expect(parseMemberStatus('salah tanggal lahir')).toBeNull()
    expect(parseMemberStatus('')).toBeNull()
  })
})

describe('headers', () => {
  it('maps real header spellings', () => {
    expect(mapHeader('No. NIK')).toBe('nik')
    expect(mapHeader('NOMOR INDUK KEPENDUDUKAN')).toBe('nik')
    expect(mapHeader('Nomor Kartu Keluarga')).toBe('no_kk')
    expect(mapHeader('no_kk')).toBe('no_kk')
    expect(mapHeader('L/P')).toBe('jenis_kelamin')
    expect(mapHeader('TEMPAT/TGL LAHIR')).toBe('tempat_tanggal_lahir')
    expect(mapHeader('tanggallahir')).toBe('tanggal_lahir')
    expect(mapHeader('kk_level')).toBe('shdk')
    expect(mapHeader('HUB. KELUARGA')).toBe('shdk')
    expect(mapHeader('NO')).toBeNull()
  })
  it('finds the header row under title rows', () => {
    const rows = [['DAFTAR HASIL MUSDES'], ['DESA SUMBERADI'], [], ['NO', 'NIK', 'NAMA', 'JK'], ['1', '3404051205800001', 'A', 'L']]
    expect(findHeaderRow(rows)?.index).toBe(3)
    expect(findHeaderRow([['NAMA', 'ALAMAT', 'RT']])).toBeNull()
    expect(findHeaderRow([['NIK'], ['NIK', 'NAMA']])?.index).toBe(1)
  })
  it('column letters as Excel shows them', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA'])
  })
})

describe('edits are validated before anything is saved', () => {
  const today = '2026-11-23'
  it('normalises what the operator types', () => {
    expect(checkEdit('nik', "'3404 0512 0580 0001", today)).toEqual({ ok: true, value: '3404051205800001' })
    expect(checkEdit('tanggal_lahir', '12 Mei 1980', today)).toEqual({ ok: true, value: '1980-05-12' })
    expect(checkEdit('jenis_kelamin', 'perempuan', today)).toEqual({ ok: true, value: 'P' })
    expect(checkEdit('rt', '003', today)).toEqual({ ok: true, value: '3' })
    expect(checkEdit('nama', '  Siti   Aminah ', today)).toEqual({ ok: true, value: 'Siti Aminah' })
  })
  it('refuses with a hint', () => {
    for (const [field, value] of [
      ['nik', '340405120580001'],
      ['tanggal_lahir', '31-02-1980'],
      ['tanggal_lahir', '01-01-2030'],
      ['jenis_kelamin', 'X'],
      ['nama', '   '],
      ['no_kk', '123']
    ] as const) {
      const r = checkEdit(field, value, today)
      expect(r.ok, `${field}=${value}`).toBe(false)
      if (!r.ok) expect(r.hint.length).toBeGreaterThan(5)
    }
  })
})
