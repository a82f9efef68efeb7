/**
 * Code lists that must be mapped, not compared raw (DOMAIN.md): sex, SHDK in both the Dukcapil
 * (1–11) and Regsosek/DTSEN (1–8) systems, member status, RT/RW.
 */
import { squash } from './names'

export type Sex = 'L' | 'P'

const SEX: Record<string, Sex> = {
  L: 'L',
  LK: 'L',
  'LAKI-LAKI': 'L',
  'LAKI LAKI': 'L',
  LAKILAKI: 'L',
  LAKI: 'L',
  PRIA: 'L',
  M: 'L',
  MALE: 'L',
  '1': 'L',
  P: 'P',
  PR: 'P',
  PEREMPUAN: 'P',
  WANITA: 'P',
  F: 'P',
  FEMALE: 'P',
  '2': 'P'
}

export function parseSex(text: string): Sex | null {
  return SEX[squash(text)] ?? null
}

/**
 * SHDK as one category both systems can be mapped onto. Finer Dukcapil distinctions that
 * Regsosek does not make (suami vs istri, orangtua vs mertua) compare equal.
 */
export const SHDK_CATEGORIES = ['KEPALA_KELUARGA', 'PASANGAN', 'ANAK', 'MENANTU', 'CUCU', 'ORANG_TUA', 'PEMBANTU', 'LAINNYA'] as const
export type Shdk = (typeof SHDK_CATEGORIES)[number]

export type ShdkSystem = 'dukcapil' | 'regsosek'

const DUKCAPIL_CODES: Record<string, Shdk> = {
  '1': 'KEPALA_KELUARGA',
  '2': 'PASANGAN',
  '3': 'PASANGAN',
  '4': 'ANAK',
  '5': 'MENANTU',
  '6': 'CUCU',
  '7': 'ORANG_TUA',
  '8': 'ORANG_TUA',
  '9': 'LAINNYA',
  '10': 'PEMBANTU',
  '11': 'LAINNYA'
}
const REGSOSEK_CODES: Record<string, Shdk> = {
  '1': 'KEPALA_KELUARGA',
  '2': 'PASANGAN',
  '3': 'ANAK',
  '4': 'MENANTU',
  '5': 'CUCU',
  '6': 'ORANG_TUA',
  '7': 'PEMBANTU',
  '8': 'LAINNYA'
}

const SHDK_WORDS: Record<string, Shdk> = {
  'KEPALA KELUARGA': 'KEPALA_KELUARGA',
  KK: 'KEPALA_KELUARGA',
  KEPALA: 'KEPALA_KELUARGA',
  'KEP KELUARGA': 'KEPALA_KELUARGA',
  SUAMI: 'PASANGAN',
  ISTRI: 'PASANGAN',
  ISTERI: 'PASANGAN',
  'ISTRI SUAMI': 'PASANGAN',
  'SUAMI ISTRI': 'PASANGAN',
  PASANGAN: 'PASANGAN',
  ANAK: 'ANAK',
  'ANAK KANDUNG': 'ANAK',
  'ANAK TIRI': 'ANAK',
  'ANAK ANGKAT': 'ANAK',
  MENANTU: 'MENANTU',
  CUCU: 'CUCU',
  ORANGTUA: 'ORANG_TUA',
  'ORANG TUA': 'ORANG_TUA',
  MERTUA: 'ORANG_TUA',
  'ORANG TUA MERTUA': 'ORANG_TUA',
  'ORANGTUA MERTUA': 'ORANG_TUA',
  AYAH: 'ORANG_TUA',
  IBU: 'ORANG_TUA',
  PEMBANTU: 'PEMBANTU',
  'PEMBANTU SOPIR': 'PEMBANTU',
  SOPIR: 'PEMBANTU',
  'PEMBANTU RUMAH TANGGA': 'PEMBANTU',
  LAINNYA: 'LAINNYA',
  'FAMILI LAIN': 'LAINNYA',
  FAMILI: 'LAINNYA',
  'FAMILY LAIN': 'LAINNYA',
  'LAIN LAIN': 'LAINNYA'
}

/**
 * Reads an SHDK value. Numbers need the code system of their column (the same number means
 * different things in the two lists); text labels do not.
 */
export function parseShdk(text: string, system: ShdkSystem): Shdk | null {
  const key = squash(text)
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (key === '') return null
  if (/^\d{1,2}$/.test(key)) {
    const code = String(Number(key))
    return (system === 'dukcapil' ? DUKCAPIL_CODES : REGSOSEK_CODES)[code] ?? null
  }
  if ((SHDK_CATEGORIES as readonly string[]).includes(key.replace(/ /g, '_'))) return key.replace(/ /g, '_') as Shdk
  return SHDK_WORDS[key] ?? null
}

/**
 * Which system a column of SHDK numbers uses: a value above 8 can only be Dukcapil; otherwise
 * the column's source decides (OpenSID and village lists use Dukcapil, DTSEN extracts Regsosek).
 */
export function guessShdkSystem(values: readonly string[], fallback: ShdkSystem): ShdkSystem {
  for (const v of values) {
    const t = v.trim()
    if (/^\d{1,2}$/.test(t) && Number(t) > 8) return 'dukcapil'
  }
  return fallback
}

/** Member status from KETERANGAN (Regsosek 404 statuses and the removal reasons). */
export const MEMBER_STATUSES = [
  'MENINGGAL',
  'PINDAH',
  'PINDAH_LUAR_NEGERI',
  'TIDAK_DITEMUKAN',
  'ANGGOTA_BARU',
  'MAMPU',
  'DATA_GANDA',
  'NIK_TIDAK_PADAN'
] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]

const STATUS_PATTERNS: [RegExp, MemberStatus][] = [
  [/\b(MENINGGAL|WAFAT|ALMARHUM|ALMARHUMAH|ALM|MD|MATI)\b/, 'MENINGGAL'],
  [/\bPINDAH\b.*\b(LUAR NEGERI|LN)\b|\b(TKI|TKW|PMI)\b/, 'PINDAH_LUAR_NEGERI'],
  [/\b(PINDAH|PINDAH DOMISILI|MUTASI KELUAR)\b/, 'PINDAH'],
  [/\bTIDAK DITEMUKAN\b|\bTDK DITEMUKAN\b|\bTIDAK DIKETAHUI\b/, 'TIDAK_DITEMUKAN'],
  [/\b(ANGGOTA BARU|BARU LAHIR|USULAN BARU|BARU)\b/, 'ANGGOTA_BARU'],
  [/\b(MAMPU|TIDAK LAYAK|SUDAH MAMPU)\b/, 'MAMPU'],
  [/\b(GANDA|GANDA DATA|DATA GANDA|DOBEL|DOUBLE)\b/, 'DATA_GANDA'],
  [/\bNIK TIDAK PADAN\b|\bTIDAK PADAN\b/, 'NIK_TIDAK_PADAN']
]

const REGSOSEK_STATUS: Record<string, MemberStatus> = {
  '2': 'MENINGGAL',
  '3': 'PINDAH',
  '4': 'PINDAH_LUAR_NEGERI',
  '5': 'ANGGOTA_BARU',
  '6': 'TIDAK_DITEMUKAN'
}

/** Status the village reports in KETERANGAN, or null when it reports none (still living there). */
export function parseMemberStatus(text: string): MemberStatus | null {
  const t = squash(text)
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (t === '' || /^(TETAP|ADA|AKTIF|HIDUP|TINGGAL BERSAMA|SESUAI|VALID|OK|-)$/.test(t)) return null
  // Regsosek 404 member status numbers (a STATUS column filled with codes).
  if (/^\d$/.test(t)) return REGSOSEK_STATUS[t] ?? null
  for (const [re, status] of STATUS_PATTERNS) if (re.test(t)) return status
  return null
}

/** RT/RW as a number without padding ('003' → '3'); null when not a number. */
export function parseRtRw(text: string): string | null {
  const t = text.trim()
  if (t === '') return null
  if (!/^\d{1,4}$/.test(t)) return null
  return String(Number(t))
}

/** Splits a combined "003/005" RT/RW cell. */
export function splitRtRw(text: string): { rt: string; rw: string } | null {
  const m = /^\s*(\d{1,4})\s*[/\-.]\s*(\d{1,4})\s*$/.exec(text)
  return m ? { rt: String(Number(m[1])), rw: String(Number(m[2])) } : null
}

/** RT/RW as the forms show it: 3 digits. */
export function padRtRw(value: string): string {
  return /^\d{1,3}$/.test(value) ? value.padStart(3, '0') : value
}
