/** The berita acara of a package (shared/engine/outputs/berita-acara.ts builds it; docs/cli.md). */
import type { Signatory } from '../../domain/region'

export const BERITA_ACARA_KINDS = ['UBAH', 'BARU', 'STATUS', 'HAPUS', 'BATAL'] as const
export type BeritaAcaraKind = (typeof BERITA_ACARA_KINDS)[number]

export interface BeritaAcaraChange {
  desa: string
  jenis: BeritaAcaraKind
  nik: string
  nama: string
  /** What changes, in words: "Tanggal lahir: 1970-01-02 menjadi 1971-01-02". */
  what: string
  /** What the change rests on: the village file and row, or the removal's BA/SPTJM. */
  basis: string
}

export interface BeritaAcara {
  kop: string[]
  alamat: string
  number: string
  kecamatan: string
  kabupaten: string
  place: string
  /** Date of signing, ISO YYYY-MM-DD; `dateText` as printed ("Senin, 7 Desember 2026"). */
  date: string
  dateText: string
  package: {
    fileName: string
    seq: number
    sha256: string
    createdAt: string
    operator: string
    keyId: string
    previousSha256: string | null
  }
  counts: Record<BeritaAcaraKind, number> & { total: number; openFindings: number }
  desa: { desa: string; changes: number; openFindings: number }[]
  changes: BeritaAcaraChange[]
  signatories: Signatory[]
}

/** A file the host saved where the operator chose. */
export interface SavedFile {
  fileName: string
  location: string
}
