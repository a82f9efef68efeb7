/**
 * The accepted changes of one kecamatan (optionally one desa) as an Excel workbook, for entry
 * into SIKS-NG. NIK and No. KK are text cells: a number would lose the last digits.
 */
import * as XLSX from 'xlsx'

import type { Pool } from './db'

const HEADERS = [
  'Kecamatan',
  'Desa',
  'Jenis',
  'NIK',
  'No. KK',
  'Nama',
  'Kolom',
  'Nilai induk',
  'Nilai desa',
  'Status',
  'Alasan',
  'Dasar',
  'Nomor dasar',
  'Tanggal dasar',
  'Diputuskan oleh',
  'Waktu keputusan',
  'Paket ke',
  'Diterima'
]

export async function exportChanges(
  pool: Pool,
  kecamatan: string,
  desa: string | null
): Promise<{ fileName: string; bytes: Buffer; rows: number }> {
  const r = await pool.query<Record<string, string | number>>(
    `SELECT c.kecamatan, c.desa, c.jenis, c.nik, c.no_kk, c.nama, c.kolom, c.nilai_induk, c.nilai_desa, c.status, c.alasan, c.dasar,
            c.nomor_dasar, c.tanggal_dasar, c.diputuskan_oleh, c.waktu_keputusan, p.seq, to_char(p.received_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS diterima
     FROM changes c JOIN packages p ON p.sha256 = c.package_sha256
     WHERE c.kecamatan = $1 AND ($2::text IS NULL OR c.desa = $2)
     ORDER BY c.desa, p.seq, c.row_no`,
    [kecamatan, desa]
  )
  const aoa = [HEADERS, ...r.rows.map((row) => Object.values(row).map((v) => (typeof v === 'number' ? v : String(v ?? ''))))]
  const sheet = XLSX.utils.aoa_to_sheet(aoa)
  sheet['!cols'] = HEADERS.map((h) => ({ wch: Math.max(10, h.length + 2) }))
  const book = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(book, sheet, 'Perubahan')
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'tanpa-nama'
  return { fileName: `perubahan-${slug(kecamatan)}${desa ? `-${slug(desa)}` : ''}.xlsx`, bytes, rows: r.rows.length }
}
