import { describe, expect, it } from 'vitest'

import { packageValueProblem } from '../../../shared/domain/package-values'

const today = '2026-11-23'

describe('what a package may carry', () => {
  it('refuses dates that are no calendar day, not ISO, or out of range', () => {
    expect(packageValueProblem('tanggal_lahir', '2006-13-24', today)).toBe('date_invalid')
    expect(packageValueProblem('tanggal_lahir', '1986-11-31', today)).toBe('date_invalid')
    expect(packageValueProblem('tanggal_lahir', '00-00-0000', today)).toBe('date_format')
    expect(packageValueProblem('tanggal_lahir', '2027-01-01', today)).toBe('date_range')
    expect(packageValueProblem('tanggal_lahir', '1899-12-31', today)).toBe('date_range')
    expect(packageValueProblem('tanggal_lahir', '1980-05-12', today)).toBeNull()
    expect(packageValueProblem('tanggal_lahir', '', today)).toBeNull()
  })

  it('refuses NIK and KK that are not 16 clean digits, and a NIK that is no NIK', () => {
    expect(packageValueProblem('nik', '3404051205800001', today)).toBeNull()
    expect(packageValueProblem('nik', '340405120580000', today)).toBe('nik')
    expect(packageValueProblem('nik', "'3404051205800001", today)).toBe('nik')
    expect(packageValueProblem('nik', '3404053205800001', today)).toBe('nik')
    expect(packageValueProblem('nik', '', today)).toBe('nik')
    expect(packageValueProblem('no_kk', '34040512011000', today)).toBe('no_kk')
    expect(packageValueProblem('no_kk', '', today)).toBeNull()
  })

  it('takes sex, SHDK and RT/RW only in their canonical forms, and a name that is there', () => {
    expect(packageValueProblem('jenis_kelamin', 'L', today)).toBeNull()
    expect(packageValueProblem('jenis_kelamin', 'LAKI-LAKI', today)).toBe('sex')
    expect(packageValueProblem('shdk', 'ANAK', today)).toBeNull()
    expect(packageValueProblem('shdk', 'ANAK ANGKAT?', today)).toBe('shdk')
    expect(packageValueProblem('rt', '003', today)).toBeNull()
    expect(packageValueProblem('rw', '3A', today)).toBe('rt_rw')
    expect(packageValueProblem('nama', '  ', today)).toBe('nama_empty')
    expect(packageValueProblem('alamat', 'x'.repeat(201), today)).toBe('text_long')
  })
})
