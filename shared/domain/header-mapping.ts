/**
 * Finding the header row of a village or master sheet and mapping its headers to person fields
 * through a synonym table (Indonesian spellings, OpenSID machine headers, DTSEN extract headers).
 */
import type { PersonField } from './fields'

/** A column can also hold two fields at once; the importer splits these. */
export type HeaderTarget = PersonField | 'tempat_tanggal_lahir' | 'rt_rw'

/** "No. NIK" → "NO NIK"; "tanggallahir" stays one word; underscores count as spaces. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
}

const SYNONYMS: Record<HeaderTarget, string[]> = {
  nik: ['NIK', 'NO NIK', 'NOMOR NIK', 'NOMOR INDUK KEPENDUDUKAN', 'NIK ART', 'NIK ANGGOTA', 'NIK PENDUDUK', 'NO INDUK KEPENDUDUKAN', 'NIK ANGGOTA KELUARGA'],
  no_kk: ['NO KK', 'NOMOR KK', 'NOMOR KARTU KELUARGA', 'NO KARTU KELUARGA', 'KK', 'NKK', 'NO KK ART', 'NOKK', 'NOMER KK', 'NO KARTU KK'],
  nama: ['NAMA', 'NAMA LENGKAP', 'NAMA ANGGOTA KELUARGA', 'NAMA ART', 'NAMA PENDUDUK', 'NAMA ANGGOTA', 'NAMA SESUAI KTP', 'NAMA KTP', 'NAMA PENERIMA'],
  jenis_kelamin: ['JK', 'L P', 'JENIS KELAMIN', 'SEX', 'KELAMIN', 'JNS KELAMIN', 'JENIS KEL', 'GENDER', 'L DAN P'],
  tempat_lahir: ['TEMPAT LAHIR', 'TEMPATLAHIR', 'TMP LAHIR', 'TEMPAT', 'TMPT LAHIR', 'TPT LAHIR'],
  tanggal_lahir: ['TANGGAL LAHIR', 'TGL LAHIR', 'TANGGALLAHIR', 'TGL LHR', 'TANGGAL', 'TGL', 'TANGGAL LHR', 'TGLLAHIR'],
  tempat_tanggal_lahir: ['TEMPAT TANGGAL LAHIR', 'TEMPAT TGL LAHIR', 'TTL', 'TEMPAT TGL LHR', 'TMP TGL LAHIR', 'TEMPAT DAN TANGGAL LAHIR'],
  shdk: ['SHDK', 'HUB KELUARGA', 'HUBUNGAN KELUARGA', 'STATUS HUBUNGAN DALAM KELUARGA', 'HUBUNGAN DENGAN KEPALA KELUARGA', 'HUB DENGAN KK', 'HUB DGN KK', 'KK LEVEL', 'HUBUNGAN', 'STATUS DALAM KELUARGA', 'HUB DGN KEPALA KELUARGA', 'HUBUNGAN DALAM KELUARGA'],
  alamat: ['ALAMAT', 'ALAMAT LENGKAP', 'ALAMAT RUMAH', 'JALAN', 'ALAMAT DOMISILI'],
  rt: ['RT', 'NO RT'],
  rw: ['RW', 'NO RW'],
  rt_rw: ['RT RW', 'RT DAN RW'],
  dusun: ['DUSUN', 'BANJAR', 'LINGKUNGAN', 'KAMPUNG', 'DUKUH', 'NAMA DUSUN', 'JORONG', 'KORONG'],
  desa: ['DESA', 'NAMA DESA', 'DESA KELURAHAN', 'KELURAHAN', 'NAMA KELURAHAN', 'KEL DESA', 'DESA KEL', 'NAMA DESA KELURAHAN'],
  keterangan: ['KETERANGAN', 'KET', 'HASIL MUSDES', 'KETERANGAN MUSDES', 'STATUS ANGGOTA', 'STATUS KEBERADAAN', 'HASIL VERIFIKASI', 'KETERANGAN HASIL MUSDES', 'STATUS']
}

const LOOKUP = new Map<string, HeaderTarget>()
for (const [target, names] of Object.entries(SYNONYMS) as [HeaderTarget, string[]][]) {
  for (const name of names) LOOKUP.set(name, target)
}

export function mapHeader(header: string): HeaderTarget | null {
  const key = headerKey(header)
  if (key === '') return null
  return LOOKUP.get(key) ?? LOOKUP.get(key.replace(/ /g, '')) ?? null
}

export interface HeaderMatch {
  column: number
  header: string
  target: HeaderTarget
}

export interface HeaderRowMapping {
  matches: HeaderMatch[]
  /** Headers that mapped to a field another column already took (the first one wins). */
  duplicates: HeaderMatch[]
}

export function mapHeaderRow(cells: readonly string[]): HeaderRowMapping {
  const matches: HeaderMatch[] = []
  const duplicates: HeaderMatch[] = []
  const taken = new Set<HeaderTarget>()
  cells.forEach((header, column) => {
    const target = mapHeader(header)
    if (!target) return
    const match = { column, header: header.trim(), target }
    if (taken.has(target)) duplicates.push(match)
    else {
      taken.add(target)
      matches.push(match)
    }
  })
  return { matches, duplicates }
}

/** Fields a row must map for it to be taken as the header row. */
const HEADER_MIN_FIELDS = 2

export interface HeaderRowFound extends HeaderRowMapping {
  /** Index into the rows given. */
  index: number
}

/**
 * The header row among the first `maxScan` rows: the one that maps the most fields and
 * includes NIK. Title rows above it ("DAFTAR HASIL MUSDES …") map nothing and are skipped.
 */
export function findHeaderRow(rows: readonly (readonly string[])[], maxScan = 40): HeaderRowFound | null {
  let best: HeaderRowFound | null = null
  const limit = Math.min(rows.length, maxScan)
  for (let index = 0; index < limit; index++) {
    const mapping = mapHeaderRow(rows[index] ?? [])
    if (!mapping.matches.some((m) => m.target === 'nik')) continue
    if (mapping.matches.length < HEADER_MIN_FIELDS) continue
    if (!best || mapping.matches.length > best.matches.length) best = { index, ...mapping }
  }
  return best
}

/** Excel column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    out = String.fromCharCode(65 + rem) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}
