/**
 * The person fields Cermat knows. Keys are the snake_case names used in the database,
 * in report.json (`findings[].field`) and in package CSVs; labels live in shared/i18n.
 */
export const PERSON_FIELDS = [
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
  'dusun',
  'desa',
  'keterangan'
] as const

export type PersonField = (typeof PERSON_FIELDS)[number]

/** Fields compared between a village row and its master person (FIELD_MISMATCH, one finding per field). */
export const COMPARED_FIELDS = [
  'nama',
  'tanggal_lahir',
  'jenis_kelamin',
  'no_kk',
  'shdk',
  'tempat_lahir',
  'alamat',
  'rt',
  'rw'
] as const satisfies readonly PersonField[]

export type ComparedField = (typeof COMPARED_FIELDS)[number]

/** Fields an operator may edit in the review grid. `desa` follows the file, not the row. */
export const EDITABLE_FIELDS = [
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
  'dusun',
  'keterangan'
] as const satisfies readonly PersonField[]

export type EditableField = (typeof EDITABLE_FIELDS)[number]

/** A person row with every field as text (canonical forms; '' when absent). */
export type PersonValues = Record<PersonField, string>

export function emptyPerson(): PersonValues {
  const out = {} as PersonValues
  for (const f of PERSON_FIELDS) out[f] = ''
  return out
}

export function isEditableField(x: unknown): x is EditableField {
  return typeof x === 'string' && (EDITABLE_FIELDS as readonly string[]).includes(x)
}
