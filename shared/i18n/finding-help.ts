/**
 * What each finding code means and what the operator can do: the one source for the app's help
 * screen and the table in docs/conflicts.md (a unit test keeps the English rows of that table equal
 * to `en` here, so the two cannot drift).
 */
import type { Locale } from '../api/types'
import type { FindingCode } from '../domain/findings'

export interface FindingHelp {
  /** When the finding is raised. */
  meaning: string
  /** What the operator can do about it. */
  action: string
}

export const FINDING_HELP: Record<Locale, Record<FindingCode, FindingHelp>> = {
  id: {
    NIK_INVALID_FORMAT: {
      meaning:
        'NIK bukan 16 angka setelah dibersihkan, huruf O dipakai untuk 0, NIK sementara berawalan 0, kode provinsi tidak dikenal, bagian tanggal mustahil, atau nomor urut 0000',
      action: 'perbaiki NIK, atau keluarkan baris'
    },
    NIK_PRECISION_LOST: {
      meaning: 'NIK berasal dari sel angka yang tidak dapat menyimpan 16 digit, atau tertulis seperti 3.40405E+15',
      action: 'perbaiki NIK (lihat PROBABLE_MATCH), atau keluarkan baris'
    },
    NIK_BIRTHDATE_MISMATCH: {
      meaning: 'DDMMYY di NIK (tanggal + 40 untuk perempuan) berbeda dengan tanggal lahir',
      action: 'terima (NIK tidak pernah berubah)'
    },
    NIK_GENDER_MISMATCH: {
      meaning: 'tanggal di NIK ≥ 41 tetapi jenis kelamin L, atau < 41 tetapi P',
      action: 'terima'
    },
    DUPLICATE_NIK_IN_FILE: { meaning: 'NIK yang sama muncul dua kali dalam satu file', action: 'keluarkan salah satu baris' },
    DUPLICATE_NIK_ACROSS_VILLAGES: { meaning: 'NIK yang sama ada di file dua desa', action: 'keluarkan salah satu baris' },
    NEW_RECORD: {
      meaning: 'NIK sah, tidak ada di data induk, dan tidak ada orang di data induk yang mirip',
      action: 'terima (usulan baru), atau keluarkan'
    },
    PROBABLE_MATCH: {
      meaning:
        'NIK tidak ada di data induk atau tidak dapat dipakai (digit hilang, panjang salah, kosong), tetapi ada orang di data induk yang cocok',
      action: 'Pakai NIK data induk (baris memakai NIK data induk), Orang lain: usulan baru, atau keluarkan'
    },
    FIELD_MISMATCH: {
      meaning: 'data orang yang cocok berbeda setelah dinormalkan; satu temuan per kolom; "hanya ejaan berbeda" untuk variasi nama',
      action: 'terima data desa, pakai data induk, atau ketik nilai yang benar'
    },
    MISSING_FROM_VILLAGE: {
      meaning: 'orang di data induk dari desa ini tidak ada di file desa mana pun — hanya untuk daftar lengkap',
      action: 'terima (diusulkan keluar, dengan dasar BA/SPTJM), atau pertahankan'
    },
    STATUS_CHANGE: {
      meaning:
        'KETERANGAN menyebut meninggal, pindah, pindah luar negeri, tidak ditemukan, mampu, data ganda, NIK tidak padan (kata, singkatan seperti alm/MD, atau angka Regsosek 2–6)',
      action: 'terima, atau pertahankan'
    },
    KK_MULTIPLE_HEADS: {
      meaning: 'dua baris atau lebih dari satu KK dalam satu file berstatus Kepala Keluarga; pada tiap kepala',
      action: 'tandai sudah diperiksa, atau perbaiki SHDK'
    },
    KK_NO_HEAD: {
      meaning: 'satu KK dalam daftar lengkap tidak punya Kepala Keluarga; pada baris pertama keluarga itu',
      action: 'tandai sudah diperiksa, atau perbaiki SHDK'
    },
    KK_CHILD_OLDER_THAN_PARENT: {
      meaning: 'baris dengan SHDK Anak lahir sebelum kepala atau istri/suami dalam KK yang sama',
      action: 'tandai sudah diperiksa, atau perbaiki tanggal'
    },
    REQUIRED_FIELD_MISSING: {
      meaning: 'NIK kosong; nama, KK, tanggal lahir atau jenis kelamin kosong padahal file punya kolomnya',
      action: 'isi datanya, atau keluarkan'
    },
    DATE_INVALID: {
      meaning: 'tanggal lahir bukan tanggal yang ada, sebelum 1900, atau di masa depan',
      action: 'perbaiki, atau keluarkan'
    }
  },
  en: {
    NIK_INVALID_FORMAT: {
      meaning: 'not 16 digits after cleaning, letter O for 0, temporary 0… NIK, unknown province, impossible date part, serial 0000',
      action: 'fix the NIK, exclude the row'
    },
    NIK_PRECISION_LOST: {
      meaning: 'the NIK came from a numeric cell that cannot hold 16 digits, or as 3.40405E+15 text',
      action: 'fix the NIK (see PROBABLE_MATCH), exclude'
    },
    NIK_BIRTHDATE_MISMATCH: { meaning: "the NIK's DDMMYY (day + 40 for women) ≠ birth date", action: 'accept (the NIK never changes)' },
    NIK_GENDER_MISMATCH: { meaning: 'NIK day ≥ 41 but sex L, or < 41 but P', action: 'accept' },
    DUPLICATE_NIK_IN_FILE: { meaning: 'the same NIK twice in one file', action: 'exclude one row' },
    DUPLICATE_NIK_ACROSS_VILLAGES: { meaning: 'the same NIK in files of two villages', action: 'exclude one row' },
    NEW_RECORD: {
      meaning: 'the NIK is valid, not in the master, and no master person resembles the row',
      action: 'accept (usulan baru), exclude'
    },
    PROBABLE_MATCH: {
      meaning: 'the NIK is not in the master or is unusable (lost digit, wrong length, empty), but a master person matches',
      action: 'Pakai NIK data induk (the row takes the master NIK), Orang lain: usulan baru, exclude'
    },
    FIELD_MISMATCH: {
      meaning:
        'a matched person\'s field differs after normalisation; one finding per field; "only the spelling differs" for name variants',
      action: 'accept village value, keep master value, or type the right value'
    },
    MISSING_FROM_VILLAGE: {
      meaning: 'a master person of the desa is in none of its files — complete lists only',
      action: 'accept (removal proposed, with its BA/SPTJM basis), keep'
    },
    STATUS_CHANGE: {
      meaning:
        'KETERANGAN says meninggal, pindah, pindah luar negeri, tidak ditemukan, mampu, data ganda, NIK tidak padan (words, abbreviations such as alm/MD, or Regsosek numbers 2–6)',
      action: 'accept, keep'
    },
    KK_MULTIPLE_HEADS: {
      meaning: 'two or more rows of one KK in one file are Kepala Keluarga; on each head',
      action: 'mark checked, or fix SHDK'
    },
    KK_NO_HEAD: {
      meaning: "a KK in a complete list has no Kepala Keluarga; on the family's first row",
      action: 'mark checked, or fix SHDK'
    },
    KK_CHILD_OLDER_THAN_PARENT: {
      meaning: 'a row with SHDK Anak born before the head or spouse of the same KK',
      action: 'mark checked, or fix the date'
    },
    REQUIRED_FIELD_MISSING: {
      meaning: 'NIK empty; name, KK, birth date or sex empty where the file has that column',
      action: 'fill it in, exclude'
    },
    DATE_INVALID: { meaning: 'the birth date is not a real date, is before 1900 or in the future', action: 'fix it, exclude' }
  }
}
