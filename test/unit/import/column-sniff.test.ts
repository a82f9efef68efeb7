/** Content sniffing: a column whose header names nothing is guessed from its values, and said so. */
import { describe, expect, it } from 'vitest'

import { sniffValues } from '../../../shared/domain/column-sniff'
import { book, read, warningsOf } from './build'

describe('sniffing a column from its values', () => {
  it('words vote; bare numbers and mixed columns do not', () => {
    expect(sniffValues(['L', 'P', 'P', 'L'])).toEqual({ target: 'jenis_kelamin', confidence: 0.7 })
    expect(sniffValues(['laki_laki', 'perempuan', 'laki_laki'])).toEqual({ target: 'jenis_kelamin', confidence: 0.7 })
    expect(sniffValues(['KEPALA KELUARGA', 'ISTRI', 'ANAK', 'ANAK'])).toEqual({ target: 'shdk', confidence: 0.7 })
    expect(sniffValues(['TETAP', 'MENINGGAL', 'TETAP', 'PINDAH'])).toEqual({ target: 'keterangan', confidence: 0.6 })
    expect(sniffValues(['12-05-1980', '01/02/1975', '3 Mei 2001'])).toEqual({ target: 'tanggal_lahir', confidence: 0.6 })
    // OpenSID residence status: no value reports a change.
    expect(sniffValues(['Tetap', 'Tetap', 'Pendatang'])).toBeNull()
    expect(sniffValues(['1', '2', '3', '4'])).toBeNull()
    expect(sniffValues(['PETANI', 'L', 'P'])).toBeNull()
    expect(sniffValues(['L', 'P'])).toBeNull()
  })

  it('16-digit identity numbers: NIK when each is one person, KK when they repeat within families', () => {
    expect(sniffValues(['3404051205800001', '3404054506850002', "'3404051010100003"])).toEqual({ target: 'nik', confidence: 0.6 })
    expect(sniffValues(['3404050101090001', '3404050101090001', '3404050101090001', '3404 0502 0210 0002'])).toEqual({
      target: 'no_kk',
      confidence: 0.6
    })
    // No province starts with 00 or 99; 15 digits are not an identity number.
    expect(sniffValues(['0004051205800001', '0004054506850002', '0004051010100003'])).toBeNull()
    expect(sniffValues(['340405120580001', '340405450685002', '340405101010003'])).toBeNull()
  })

  it('an unnamed column of family card numbers is guessed as No. KK and said so', () => {
    const { table } = read(
      book([
        ['NIK', 'NAMA', 'NOMOR X'],
        ['3404051205800001', 'BUDI', '3404050101090001'],
        ['3404054506850002', 'SITI', '3404050101090001'],
        ['3404051010100003', 'ANDI', '3404050101090001'],
        ['3404051111110004', 'TONO', '3404050202100002']
      ]),
      'desa.xlsx'
    )
    expect(table.mapping.map((m) => [m.columnLetter, m.target, m.how, m.confidence])).toEqual([
      ['A', 'nik', 'exact', 1],
      ['B', 'nama', 'exact', 1],
      ['C', 'no_kk', 'fuzzy', 0.6]
    ])
    expect(warningsOf(table).filter((w) => w.code === 'HEADER_GUESSED')).toEqual([
      { code: 'HEADER_GUESSED', params: { column: 'C', header: 'NOMOR X', target: 'no_kk', confidence: 60 } }
    ])
  })

  it('an unnamed sex column is guessed, reported with its confidence, and a header about someone else is never sniffed', () => {
    const { table } = read(
      book([
        ['NIK', 'NAMA', 'KOLOM X', 'HUB IBU', 'CATATAN'],
        ['3404051205800001', 'BUDI', 'L', 'ANAK', 'TETAP'],
        ['3404054506850002', 'SITI', 'P', 'ANAK', 'MENINGGAL'],
        ['3404051010100003', 'ANDI', 'L', 'ANAK', 'TETAP']
      ]),
      'desa.xlsx'
    )
    expect(table.mapping.map((m) => [m.columnLetter, m.target, m.how, m.confidence])).toEqual([
      ['A', 'nik', 'exact', 1],
      ['B', 'nama', 'exact', 1],
      ['C', 'jenis_kelamin', 'fuzzy', 0.7],
      ['E', 'keterangan', 'fuzzy', 0.6]
    ])
    expect(warningsOf(table).filter((w) => w.code === 'HEADER_GUESSED')).toEqual([
      { code: 'HEADER_GUESSED', params: { column: 'C', header: 'KOLOM X', target: 'jenis_kelamin', confidence: 70 } },
      { code: 'HEADER_GUESSED', params: { column: 'E', header: 'CATATAN', target: 'keterangan', confidence: 60 } }
    ])
    expect(table.rows.map((r) => r.values.jenis_kelamin)).toEqual(['L', 'P', 'L'])
    expect(table.unrecognised.map((u) => u.column)).toEqual(['D'])
  })

  it('a field that already has a column is not sniffed a second time', () => {
    const { table } = read(
      book([
        ['NIK', 'NAMA', 'JK', 'KODE'],
        ['3404051205800001', 'BUDI', 'L', 'L'],
        ['3404054506850002', 'SITI', 'P', 'P'],
        ['3404051010100003', 'ANDI', 'L', 'L']
      ]),
      'desa.xlsx'
    )
    expect(table.mapping.map((m) => m.columnLetter)).toEqual(['A', 'B', 'C'])
    expect(table.unrecognised.map((u) => u.column)).toEqual(['D'])
  })
})
