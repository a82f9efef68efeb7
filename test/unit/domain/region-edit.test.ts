import { describe, expect, it } from 'vitest'

import { checkEdit, type EditProblem } from '../../../shared/domain/edit'
import type { EditableField } from '../../../shared/domain/fields'
import { defaultSignatories, suggestSubVillageLabel } from '../../../shared/domain/region'
import { en } from '../../../shared/i18n/en'
import { id } from '../../../shared/i18n/id'

describe('sub-village label per kabupaten', () => {
  it.each([
    ['Badung', 'banjar'],
    ['KABUPATEN GIANYAR', 'banjar'],
    ['Kota Denpasar', 'banjar'],
    ['Kota Surabaya', 'lingkungan'],
    ['Kab. Sleman', 'dukuh'],
    ['Gunung Kidul', 'dukuh'],
    ['Lamongan', 'dusun'],
    ['', 'dusun']
  ])('%s → %s', (kabupaten, label) => {
    expect(suggestSubVillageLabel(kabupaten)).toBe(label)
  })

  it('names the kecamatan in the signatories’ titles when it is known', () => {
    expect(defaultSignatories('Mlati').map((s) => [s.role, s.title])).toEqual([
      ['prepared', 'Operator SIKS-NG Kecamatan Mlati'],
      ['checked', 'TKSK Kecamatan Mlati'],
      ['approved', 'Camat Mlati']
    ])
    expect(defaultSignatories('').at(-1)!.title).toBe('Camat')
  })
})

describe('edit problems have a message in both languages', () => {
  const bad: [EditableField, string, EditProblem][] = [
    ['nik', '12345', 'nik'],
    ['no_kk', '12', 'no_kk'],
    ['nama', '  ', 'nama_empty'],
    ['nama', 'A'.repeat(101), 'nama_long'],
    ['jenis_kelamin', 'X', 'sex'],
    ['tanggal_lahir', '31-02-1985', 'date_format'],
    ['tanggal_lahir', '01-01-1850', 'date_range'],
    ['shdk', 'TETANGGA', 'shdk'],
    ['rt', 'tiga', 'rt_rw'],
    ['alamat', 'x'.repeat(201), 'text_long']
  ]
  it.each(bad)('%s "%s" → %s', (field, input, reason) => {
    const check = checkEdit(field, input, '2026-11-23')
    expect(check).toMatchObject({ ok: false, reason })
    if (check.ok) return
    // The Indonesian catalogue says what the engine's own hint says; English has its own text.
    expect(id[`edit.${reason}`]).toBe(check.hint)
    expect(en[`edit.${reason}`]).toMatch(/\w/)
  })
})
