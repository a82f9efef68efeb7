/**
 * The changes a package carries: only what the operator resolved in favour of the village
 * (accepted, edited, verified). Open findings are counted, not shipped as changes. A removal
 * (HAPUS, STATUS) carries its reason and basis (berita acara or SPTJM) from the decision; one
 * decided before bases were recorded goes out with those columns empty and is counted as such.
 */
import type { ExportPreview } from '../../api/types'
import { isRemovalFinding } from '../../domain/removal'
import type { Db } from '../db'
import {
  type AcceptedChange,
  type AcceptedRemoval,
  acceptedRemovals,
  acceptedVillageChanges,
  openFindingsPerDesa
} from '../tables/finding-reads'
import { packageSources } from '../tables/sources'

export type ChangeType = 'UBAH' | 'BARU' | 'STATUS' | 'HAPUS'

/** Column order of the per-desa CSV (docs/package-format.md). */
export const CHANGE_COLUMNS = [
  'jenis',
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
  'tanggal_dasar'
] as const

export type ChangeRow = Record<(typeof CHANGE_COLUMNS)[number], string>

export interface DesaChanges {
  desaKey: string
  desa: string
  rows: ChangeRow[]
  openFindings: number
  /** Removals (HAPUS, STATUS) without a basis: decided before bases were recorded. */
  missingBasis: number
  sources: { file: string; sha256: string; rows: number }[]
}

export function collectChanges(db: Db): Map<string, DesaChanges> {
  const out = new Map<string, DesaChanges>()
  const desaOf = (key: string, name: string): DesaChanges => {
    let d = out.get(key)
    if (!d) {
      d = { desaKey: key, desa: name, rows: [], openFindings: 0, missingBasis: 0, sources: [] }
      out.set(key, d)
    }
    return d
  }
  for (const s of packageSources(db)) {
    desaOf(s.desa_key, s.desa).sources.push({ file: s.file_name, sha256: s.sha256, rows: Number(s.row_count) })
  }
  for (const r of openFindingsPerDesa(db)) {
    const d = out.get(r.desa_key)
    if (d) d.openFindings = Number(r.n)
  }

  const villageChanges = acceptedVillageChanges(db)
  for (const r of villageChanges) {
    // An accepted probable match is the operator saying "a different person": a new record.
    const type: ChangeType = r.code === 'FIELD_MISMATCH' ? 'UBAH' : r.code === 'STATUS_CHANGE' ? 'STATUS' : 'BARU'
    const params = JSON.parse(String(r.params)) as Record<string, string>
    const d = desaOf(String(r.desa_key), String(r.source_desa))
    const removal = type === 'STATUS' && isRemovalFinding('STATUS_CHANGE', params)
    if (removal && !r.basis_no) d.missingBasis++
    d.rows.push(
      changeRow(r, removal, {
        jenis: type,
        kolom: type === 'UBAH' ? String(r.field) : '',
        nilai_induk: type === 'UBAH' ? String(r.master_value ?? '') : '',
        nilai_desa: type === 'UBAH' ? String(r.village_value ?? '') : '',
        status: type === 'STATUS' ? (params.status ?? '') : type === 'BARU' ? 'ANGGOTA_BARU' : '',
        file_sumber: String(r.file_name),
        baris_sumber: String(r.row_no)
      })
    )
  }
  const removals = acceptedRemovals(db)
  for (const r of removals) {
    const d = desaOf(String(r.desa_key), String(r.desa))
    if (!r.basis_no) d.missingBasis++
    d.rows.push(
      changeRow(r, true, {
        jenis: 'HAPUS',
        kolom: '',
        nilai_induk: '',
        nilai_desa: '',
        status: 'TIDAK_ADA_DI_DAFTAR_DESA',
        file_sumber: '',
        baris_sumber: ''
      })
    )
  }
  return out
}

function changeRow(
  r: AcceptedChange | AcceptedRemoval,
  removal: boolean,
  extra: Pick<ChangeRow, 'jenis' | 'kolom' | 'nilai_induk' | 'nilai_desa' | 'status' | 'file_sumber' | 'baris_sumber'>
): ChangeRow {
  const s = (k: keyof AcceptedChange & keyof AcceptedRemoval) => String(r[k] ?? '')
  return {
    jenis: extra.jenis,
    nik: s('nik'),
    no_kk: s('no_kk'),
    nama: s('nama'),
    jenis_kelamin: s('jenis_kelamin'),
    tempat_lahir: s('tempat_lahir'),
    tanggal_lahir: s('tanggal_lahir'),
    shdk: s('shdk'),
    alamat: s('alamat'),
    rt: s('rt'),
    rw: s('rw'),
    dusun: s('dusun'),
    kolom: extra.kolom,
    nilai_induk: extra.nilai_induk,
    nilai_desa: extra.nilai_desa,
    status: extra.status,
    file_sumber: extra.file_sumber,
    baris_sumber: extra.baris_sumber,
    keputusan: s('action'),
    diputuskan_oleh: s('decided_by'),
    waktu_keputusan: s('decided_at'),
    alasan: removal ? s('reason') : '',
    dasar: removal ? s('basis_kind') : '',
    nomor_dasar: removal ? s('basis_no') : '',
    tanggal_dasar: removal ? s('basis_date') : ''
  }
}

export function previewChanges(db: Db): ExportPreview {
  const all = collectChanges(db)
  return {
    desa: [...all.values()]
      .filter((d) => d.sources.length > 0 || d.rows.length > 0)
      .map((d) => ({ desa: d.desa, changes: d.rows.length, open: d.openFindings, missingBasis: d.missingBasis }))
      .sort((a, b) => a.desa.localeCompare(b.desa))
  }
}
