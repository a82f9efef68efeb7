/** The daftar perbaikan: per desa, what the village must fix in its own file (docs/outputs.md). */
import type { SavedFile } from './berita-acara'

/** One row of the village's file with its open findings, in the file's own columns. */
export interface DaftarRow {
  /** 1-based sheet row as Excel shows it. */
  rowNo: number
  /** The cells as the village wrote them, aligned with DaftarFile.columns ('' where empty). */
  cells: string[]
  /** One plain sentence per open finding: the field, the village value, what the master says or the rule wants. */
  problems: string[]
}

export interface DaftarFile {
  fileName: string
  sheet: string
  /** The file's own header names, in its own column order. */
  columns: string[]
  rows: DaftarRow[]
}

/** A master person of the desa that none of its files lists, with the master's values. */
export interface DaftarMissing {
  nik: string
  no_kk: string
  nama: string
  jenis_kelamin: string
  tanggal_lahir: string
  shdk: string
  alamat: string
  rt: string
  rw: string
  problem: string
}

export interface DaftarDesa {
  /** '' when no evidence named the file's desa. */
  desa: string
  files: DaftarFile[]
  missing: DaftarMissing[]
}

/** The printable model; the .xlsx holds the same, one sheet per desa. */
export interface DaftarPerbaikan {
  kecamatan: string
  kabupaten: string
  /** ISO date the list was made. */
  date: string
  desa: DaftarDesa[]
}

export interface DaftarPerbaikanResult {
  model: DaftarPerbaikan
  /** Suggested file name (daftar-perbaikan-<desa or kecamatan>-<date>.xlsx). */
  fileName: string
  /** The .xlsx, when asked for. */
  bytes: Uint8Array | null
}

/** A daftar perbaikan saved, with what it lists. */
export interface DaftarSaved extends SavedFile {
  desa: number
  /** Village rows listed to fix. */
  rows: number
  /** Master people listed as not in the village lists. */
  missing: number
}
