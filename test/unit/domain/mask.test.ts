import { describe, expect, it } from 'vitest'

import { MASK_CHAR, maskField, maskId } from '../../../shared/domain/mask'
import { type FindingForMessage, findingMessage } from '../../../shared/i18n'

const M = MASK_CHAR

describe('maskId', () => {
  it('keeps the region (first 6) and the serial (last 4) of a 16-digit NIK or KK', () => {
    expect(maskId('3404051205800001')).toBe(`340405${M.repeat(6)}0001`)
    expect(maskId('3404051201100001')).toBe(`340405${M.repeat(6)}0001`)
    expect(maskId('3404051205800001')).toHaveLength(16)
  })

  it('hides every digit but the last 4 of anything that is not 16 digits', () => {
    expect(maskId('340405120580001')).toBe(`${M.repeat(11)}0001`)
    expect(maskId('34040512058000012')).toBe(`${M.repeat(13)}0012`)
    expect(maskId('3.40405E+15')).toBe(`${M}.${M}${M}${M}05E+15`)
    expect(maskId('34O4051205800001')).toBe(`${M}${M}O${M.repeat(9)}0001`)
  })

  it('leaves short and empty values as they are', () => {
    expect(maskId('')).toBe('')
    expect(maskId('1234')).toBe('1234')
    expect(maskId('ABC')).toBe('ABC')
  })
})

describe('maskField', () => {
  it('masks only NIK and No. KK, and only when on', () => {
    expect(maskField('nik', '3404051205800001', true)).toBe(`340405${M.repeat(6)}0001`)
    expect(maskField('no_kk', '3404051201100001', true)).toBe(`340405${M.repeat(6)}0001`)
    expect(maskField('nik', '3404051205800001', false)).toBe('3404051205800001')
    expect(maskField('nama', '3404051205800001', true)).toBe('3404051205800001')
    expect(maskField(null, '3404051205800001', true)).toBe('3404051205800001')
  })
})

describe('findingMessage with maskIds', () => {
  const probable: FindingForMessage = {
    code: 'PROBABLE_MATCH',
    field: 'nik',
    village: '3404051205800007',
    master: '3404051205800001',
    params: { nama: 'SUPARMAN', desa: 'SUMBERADI', score: '92', name: '100', why: 'name_same,nik_one_digit', others: '0' }
  }
  const kk: FindingForMessage = {
    code: 'KK_NO_HEAD',
    field: 'shdk',
    village: 'ANAK',
    master: null,
    params: { kk: '3404051201100001', members: '3' }
  }
  const missing: FindingForMessage = {
    code: 'MISSING_FROM_VILLAGE',
    field: null,
    village: null,
    master: '3404051205800001',
    params: { nama: 'SUPARMAN', desa: 'SUMBERADI' }
  }
  const invalid: FindingForMessage = {
    code: 'NIK_INVALID_FORMAT',
    field: 'nik',
    village: '3404059999990001',
    master: null,
    params: { reason: 'birth_date', length: '16', province: '34', datePart: '999999' }
  }
  const mismatch: FindingForMessage = {
    code: 'FIELD_MISMATCH',
    field: 'no_kk',
    village: '3404051201100001',
    master: '3404051201100002',
    params: {}
  }
  const name: FindingForMessage = { code: 'FIELD_MISMATCH', field: 'nama', village: 'BUDI', master: 'BUDY', params: {} }

  it('hides NIK and KK digits in every sentence that carries them', () => {
    for (const f of [probable, kk, missing, invalid, mismatch]) {
      const text = findingMessage('id', f, { maskIds: true })
      expect(text, f.code).not.toMatch(/\d{7,}/)
      expect(text, f.code).toContain(`340405${M.repeat(6)}`)
    }
    expect(findingMessage('id', probable, { maskIds: true })).toContain(`SUPARMAN (NIK 340405${M.repeat(6)}0001`)
    expect(findingMessage('en', kk, { maskIds: true })).toContain(`340405${M.repeat(6)}0001`)
  })

  it('leaves other values alone, and says the full values without the option (the CLI report)', () => {
    expect(findingMessage('id', name, { maskIds: true })).toBe(findingMessage('id', name))
    expect(findingMessage('id', probable)).toContain('SUPARMAN (NIK 3404051205800001')
    expect(findingMessage('id', probable, { maskIds: false })).toBe(findingMessage('id', probable))
    expect(findingMessage('id', kk)).toContain('3404051201100001')
    expect(findingMessage('id', invalid)).toContain('3404059999990001')
  })
})
