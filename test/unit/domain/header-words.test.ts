import { describe, expect, it } from 'vitest'

import { findHeaderRow, mapHeader, scoreHeader } from '../../../shared/domain/header-mapping'
import { expandedKey, lastPart, splitWords } from '../../../shared/domain/header-words'

describe('header words', () => {
  it('splits machine headers on _ - / and camelCase', () => {
    expect(splitWords('NAMA_LGKP')).toEqual(['NAMA', 'LGKP'])
    expect(splitWords('anggota/nama')).toEqual(['ANGGOTA', 'NAMA'])
    expect(splitWords('art-tgl_lahir')).toEqual(['ART', 'TGL', 'LAHIR'])
    expect(splitWords('tanggalLahir')).toEqual(['TANGGAL', 'LAHIR'])
    expect(splitWords('Hub. Dlm Kel.')).toEqual(['HUB', 'DLM', 'KEL'])
  })

  it('writes abbreviations out, KEL by its neighbour', () => {
    expect(expandedKey('Hub. Dlm Kel.')).toBe('HUBUNGAN DALAM KELUARGA')
    expect(expandedKey('HUB KEL')).toBe('HUBUNGAN KELUARGA')
    expect(expandedKey('JENIS KEL')).toBe('JENIS KELAMIN')
    expect(expandedKey('KEL. SUKAMERTA')).toBe('KELURAHAN SUKAMERTA')
    expect(expandedKey('NO_KEL')).toBe('NOMOR KELURAHAN')
    expect(expandedKey('STAT_HBKEL')).toBe('STATUS HUBUNGAN KELUARGA')
    expect(expandedKey('Tmp Lhr')).toBe('TEMPAT LAHIR')
    expect(expandedKey('Nmr NIK')).toBe('NOMOR NIK')
    expect(expandedKey('R402 Nama ART')).toBe('NAMA ANGGOTA RUMAH TANGGA')
    expect(expandedKey('R409')).toBe('HUBUNGAN DENGAN KEPALA KELUARGA')
  })

  it('takes the variable name of a Kobo/ODK header, never of a header a person wrote', () => {
    expect(lastPart('anggota/nama')).toBe('nama')
    expect(lastPart('art-jk')).toBe('jk')
    expect(lastPart('L/P')).toBeNull()
    expect(lastPart('TEMPAT/TGL LAHIR')).toBeNull()
  })
})

describe('header recognition on the independent corpus spellings', () => {
  const cases: [string, string | null][] = [
    // hand-made verval and musdes sheets
    ['Nmr NIK', 'nik'],
    ['Jns Klmn', 'jenis_kelamin'],
    ['Tmp Lhr', 'tempat_lahir'],
    ['Tgl Lhr', 'tanggal_lahir'],
    ['Hub. Dlm Kel.', 'shdk'],
    ['HUB KEL', 'shdk'],
    ['HUBUNGAN DLM KELUARGA', 'shdk'],
    ['STATUS HUBUNGAN', 'shdk'],
    ['Ket.', 'keterangan'],
    ['JENIS USULAN', 'keterangan'],
    ['ALASAN', 'keterangan'],
    ['Keterangan Hasil Musdes/Muskel', 'keterangan'],
    ['STATUS (TETAP/MENINGGAL/PINDAH)', 'keterangan'],
    ['NIK (16 DIGIT)', 'nik'],
    ['JENIS KELAMIN (L/P)', 'jenis_kelamin'],
    ['TANGGAL LAHIR (TGL-BLN-THN)', 'tanggal_lahir'],
    // Dukcapil SIAK biodata
    ['NAMA_LGKP', 'nama'],
    ['JENIS_KLMIN', 'jenis_kelamin'],
    ['TMPT_LHR', 'tempat_lahir'],
    ['TGL_LHR', 'tanggal_lahir'],
    ['STAT_HBKEL', 'shdk'],
    ['KEL_NAME', 'desa'],
    ['NAMA_LGKP_IBU', null],
    ['NO_KEL', null],
    // OpenSID
    ['status_dasar', 'keterangan'],
    ['nama_ibu', null],
    // Kobo and ODK exports
    ['anggota/nama', 'nama'],
    ['anggota/hubungan', 'shdk'],
    ['verval/keberadaan', 'keterangan'],
    ['identitas/nama_desa', 'desa'],
    ['identitas/kode_desa', null],
    ['art-nama', 'nama'],
    ['art-kk', 'no_kk'],
    ['art-jk', 'jenis_kelamin'],
    ['hasil-status', 'keterangan'],
    ['ident-kode_wilayah', null],
    // BPS Regsosek blok IV
    ['R402 Nama ART', 'nama'],
    ['R404 Keberadaan ART', 'keterangan'],
    ['R409 Hubungan dgn Kepala Keluarga', 'shdk'],
    ['R407 Umur', null]
  ]
  it.each(cases)('%s → %s', (header, target) => {
    expect(mapHeader(header)).toBe(target)
  })

  it('an expanded abbreviation is a documented reading, not a guess', () => {
    expect(scoreHeader('Hub. Dlm Kel.')).toEqual({ target: 'shdk', confidence: 0.95, how: 'exact' })
    expect(scoreHeader('art-nik')).toEqual({ target: 'nik', confidence: 0.9, how: 'exact' })
  })

  it('a header about someone else stays unmapped after expansion', () => {
    expect(mapHeader('NIK KPL KEL')).toBeNull()
    expect(mapHeader('Tgl Lhr Ibu')).toBeNull()
  })

  it('reads a group header row without NIK over its parts (IDENTITAS over NIK | NO. KK | NAMA)', () => {
    const found = findHeaderRow([
      ['DAFTAR PENDUDUK DESA TEGALSARI'],
      [],
      ['NO', 'IDENTITAS', '', '', 'KELAHIRAN', '', 'L/P', 'HUB. KELUARGA', 'KETERANGAN'],
      ['', 'NIK', 'NO. KK', 'NAMA', 'TEMPAT', 'TANGGAL']
    ])
    expect(found?.index).toBe(3)
    expect(found?.rows).toBe(2)
    expect(found?.matches.map((m) => m.target)).toEqual([
      'nik',
      'no_kk',
      'nama',
      'tempat_lahir',
      'tanggal_lahir',
      'jenis_kelamin',
      'shdk',
      'keterangan'
    ])
  })
})
