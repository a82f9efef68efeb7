/** One row of a package's per-desa CSV, and a decided change before the export gate and delivery state have had their say. */
import { PACKAGE_PERSON_FIELDS } from '../../domain/package-values'

/** BATAL: a change package N carried, withdrawn (withdrawal.ts). */
export type ChangeType = 'UBAH' | 'BARU' | 'STATUS' | 'HAPUS' | 'BATAL'

/** Column order of the per-desa CSV (docs/package-format.md). */
export const CHANGE_COLUMNS = [
  'jenis',
  ...PACKAGE_PERSON_FIELDS,
  'kolom',
  'nilai_induk',
  'nilai_desa',
  'status',
  'file_sumber',
  'baris_sumber',
  'keputusan',
  'diputuskan_oleh',
  'waktu_keputusan',
  'alasan',
  'dasar',
  'nomor_dasar',
  'tanggal_dasar',
  'koreksi_paket'
] as const

export type ChangeRow = Record<(typeof CHANGE_COLUMNS)[number], string>

/** A decided change before the gate and the delivery state have had their say. */
export interface Candidate {
  desaKey: string
  desa: string
  row: ChangeRow
  villageRowId: number | null
  masterRowId: number | null
  /** The person's stable subject (identity.ts): names a change whose row has no usable NIK. */
  subject: string
}
