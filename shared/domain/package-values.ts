/**
 * What a signed package may carry: each person value in its canonical form and within the domain
 * rules (decision 30). The export gate holds back a change with any value that fails here, however
 * it was decided (a bulk "accept village value" included).
 */
import { SHDK_CATEGORIES } from './codes'
import { isPlausibleBirthDate, isRealIsoDate } from './dates'
import type { EditProblem } from './edit'
import type { PersonField } from './fields'
import { nikProblem } from './nik'

/** Why a value may not go out: the edit reasons, plus a date that is no calendar day (2006-13-24). */
export type PackageValueProblem = EditProblem | 'date_invalid'

const MAX_TEXT = 200

/** The problem of one value as a package would carry it ('' is allowed where the field is optional), or null. */
export function packageValueProblem(field: PersonField, value: string, todayIso: string): PackageValueProblem | null {
  switch (field) {
    case 'nik':
      return /^[0-9]{16}$/.test(value) && nikProblem(value) === null ? null : 'nik'
    case 'no_kk':
      return value === '' || /^[0-9]{16}$/.test(value) ? null : 'no_kk'
    case 'nama':
      return value.trim() === '' ? 'nama_empty' : value.length > 100 ? 'nama_long' : null
    case 'jenis_kelamin':
      return value === '' || value === 'L' || value === 'P' ? null : 'sex'
    case 'tanggal_lahir':
      if (value === '') return null
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'date_format'
      if (!isRealIsoDate(value)) return 'date_invalid'
      return isPlausibleBirthDate(value, todayIso) ? null : 'date_range'
    case 'shdk':
      return value === '' || (SHDK_CATEGORIES as readonly string[]).includes(value) ? null : 'shdk'
    case 'rt':
    case 'rw':
      return value === '' || /^\d{1,4}$/.test(value) ? null : 'rt_rw'
    case 'tempat_lahir':
    case 'alamat':
    case 'dusun':
    case 'desa':
    case 'keterangan':
      return value.length > MAX_TEXT ? 'text_long' : null
  }
}

/** The person fields every change carries, in the order they are checked. */
export const PACKAGE_PERSON_FIELDS = [
  'nik',
  'no_kk',
  'nama',
  'jenis_kelamin',
  'tempat_lahir',
  'tanggal_lahir',
  'shdk',
  'alamat',
  'rt',
  'rw',
  'dusun'
] as const satisfies readonly PersonField[]
