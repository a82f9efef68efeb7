/**
 * Delivery state of a change (decision 31): a change is known by what does not change — desa,
 * the person's NIK (their stable subject for a row without one, identity.ts), jenis and kolom — and
 * compared by its content, the value and basis it carries. Same identity, other content: a
 * correction of the package that carried it.
 */
import type { ChangeRow } from './change-row'

/** Columns a change's content is made of: the value and, for removals and statuses, its basis. */
export const CONTENT_COLUMNS = ['nilai_desa', 'status', 'alasan', 'dasar', 'nomor_dasar', 'tanggal_dasar'] as const
/** A new person (BARU) is the whole person as proposed. */
export const PERSON_COLUMNS = [
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
] as const

export function changeIdentity(c: { desaKey: string; row: ChangeRow; subject: string }): string {
  return [c.desaKey, who(c.row.nik, c.subject), c.row.jenis, c.row.kolom].join('|')
}

/**
 * The person as the change names them: the NIK while the subject is that very NIK (what packages
 * recorded before), else the subject's identity (a fingerprint, or a NIK shared in one file: `~2`),
 * so a corrected file with the same person re-sorted is not a new change. Never the file and row.
 */
function who(nik: string, subject: string): string {
  const identity = subject.replace(/^(m|v\/[^/]*)\//, '')
  if (identity === '' && nik !== '') return nik
  return identity === `nik=${nik}` ? nik : identity
}

export function changeContent(row: ChangeRow): string {
  const columns = row.jenis === 'BARU' ? [...CONTENT_COLUMNS, ...PERSON_COLUMNS] : CONTENT_COLUMNS
  return JSON.stringify(columns.map((c) => row[c]))
}
