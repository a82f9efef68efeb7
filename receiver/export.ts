/**
 * The accepted changes of one kecamatan (optionally one desa) as an Excel workbook, for entry
 * into SIKS-NG: each change as its newest package carried it (a correction replaces the row it
 * corrects), a withdrawn change left out and listed on a second sheet, "Ditarik", so whoever
 * entered it already can undo it. NIK and No. KK are text cells: a number would lose the last digits.
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

const WITHDRAWN_HEADERS = [
  'Kecamatan',
  'Desa',
  'Jenis',
  'NIK',
  'No. KK',
  'Nama',
  'Kolom',
  'Nilai induk',
  'Nilai desa',
  'Dikirim di paket',
  'Status',
  'Diterima'
]

function sheetOf(headers: string[], rows: Record<string, string | number>[]): XLSX.WorkSheet {
  const aoa = [headers, ...rows.map((row) => Object.values(row).map((v) => (typeof v === 'number' ? v : String(v ?? ''))))]
  const sheet = XLSX.utils.aoa_to_sheet(aoa)
  sheet['!cols'] = headers.map((h) => ({ wch: Math.max(10, h.length + 2) }))
  return sheet
}

export async function exportChanges(
  pool: Pool,
  kecamatan: string,
  desa: string | null
): Promise<{ fileName: string; bytes: Buffer; rows: number; withdrawn: number }> {
  const r = await pool.query<Record<string, string | number>>(
    `SELECT kecamatan, desa, jenis, nik, no_kk, nama, kolom, nilai_induk, nilai_desa, status, alasan, dasar,
            nomor_dasar, tanggal_dasar, diputuskan_oleh, waktu_keputusan, seq, to_char(received_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS diterima
     FROM accepted_changes
     WHERE kecamatan = $1 AND ($2::text IS NULL OR desa = $2)
     ORDER BY desa, seq, row_no`,
    [kecamatan, desa]
  )
  // For a BATAL the withdrawn kind is in status and the package that carried it in koreksi_paket.
  const w = await pool.query<Record<string, string | number>>(
    `SELECT kecamatan, desa, status AS jenis, nik, no_kk, nama, kolom, nilai_induk, nilai_desa, nilai->>'koreksi_paket' AS dikirim,
            'ditarik di paket ' || seq AS ditarik, to_char(received_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS diterima
     FROM withdrawn_changes
     WHERE kecamatan = $1 AND ($2::text IS NULL OR desa = $2)
     ORDER BY desa, seq, row_no`,
    [kecamatan, desa]
  )
  const book = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(book, sheetOf(HEADERS, r.rows), 'Perubahan')
  XLSX.utils.book_append_sheet(book, sheetOf(WITHDRAWN_HEADERS, w.rows), 'Ditarik')
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'tanpa-nama'
  return {
    fileName: `perubahan-${slug(kecamatan)}${desa ? `-${slug(desa)}` : ''}.xlsx`,
    bytes,
    rows: r.rows.length,
    withdrawn: w.rows.length
  }
}
