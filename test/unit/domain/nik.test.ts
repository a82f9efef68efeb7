import { describe, expect, it } from 'vitest'

import {
  cleanId,
  idFromNumber,
  isScientificNotation,
  nikBirthParts,
  nikMatchesBirthDate,
  nikProblem,
  nikSex
} from '../../../shared/domain/nik'

describe('NIK structure', () => {
  it('accepts a valid NIK for a man and a woman (day + 40)', () => {
    expect(nikProblem('3404051205800001')).toBeNull()
    expect(nikProblem('3404055205800001')).toBeNull()
    expect(nikSex('3404051205800001')).toBe('L')
    expect(nikSex('3404055205800001')).toBe('P')
    expect(nikBirthParts('3404055205800001')).toEqual({ day: 12, month: 5, yy: 80, female: true })
  })

  it('cleans what villages type around a NIK, and only that', () => {
    expect(cleanId("'3404051205800001")).toBe('3404051205800001')
    expect(cleanId(' 3404 0512 0580 0001 ')).toBe('3404051205800001')
    expect(cleanId('3404.0512.0580.0001')).toBe('3404051205800001')
    expect(cleanId('3404-0512-0580-0001')).toBe('3404051205800001')
    expect(cleanId('３４０４０５１２０５８００００１')).toBe('3404051205800001')
    expect(cleanId('3404051205800001\u00a0')).toBe('3404051205800001')
  })

  it.each([
    ['', 'empty'],
    ['3.40405E+15', 'scientific'],
    ['3404O51205800001', 'letter_o'],
    ['3404A51205800001', 'not_digits'],
    ['340405120580001', 'length'],
    ['34040512058000011', 'length'],
    ['0404051205800001', 'temporary'],
    ['9904051205800001', 'province'],
    ['3404051213800001', 'birth_date'],
    ['3404053205800001', 'birth_date'],
    ['3404057205800001', 'birth_date'],
    ['3404053102800001', 'birth_date'],
    ['3404051205800000', 'serial']
  ])('%s is invalid: %s', (nik, reason) => {
    expect(nikProblem(nik)).toBe(reason)
  })

  it('compares the NIK date part with a birth date', () => {
    expect(nikMatchesBirthDate('3404051205800001', '1980-05-12')).toBe(true)
    expect(nikMatchesBirthDate('3404055205800001', '1980-05-12')).toBe(true)
    expect(nikMatchesBirthDate('3404051205800001', '1980-05-13')).toBe(false)
    expect(nikMatchesBirthDate('3404051205800001', '1981-05-12')).toBe(false)
  })

  it('recognises Excel scientific notation', () => {
    expect(isScientificNotation('3.40405E+15')).toBe(true)
    expect(isScientificNotation('3,40405E+15')).toBe(true)
    expect(isScientificNotation('3404051205800001')).toBe(false)
  })
})

describe('NIK from a numeric cell', () => {
  it('keeps an exact 16-digit number that Excel could not have typed', () => {
    expect(idFromNumber(3404051205800001)).toEqual({ text: '3404051205800001', precisionLost: false })
  })
  it('flags a number ending in 0: Excel keeps 15 digits and writes 0 for the 16th', () => {
    expect(idFromNumber(3404051205800010)).toEqual({ text: '3404051205800010', precisionLost: true })
  })
  it('flags numbers beyond 2^53 (every Papua NIK): JavaScript itself rounds them', () => {
    // 9271010101900001 cannot be held by a double; it reads back as …900000.
    const r = idFromNumber(Number('9271010101900001'))
    expect(r.precisionLost).toBe(true)
    expect(r.text).not.toBe('9271010101900001')
  })
})
