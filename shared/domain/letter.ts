/**
 * What an official letter of the kecamatan needs beyond the signatories (region.ts): the kop surat
 * (letterhead), the document number pattern and the place of signing. Each kabupaten writes these
 * its own way, so Cermat only suggests them from the kabupaten and kecamatan; the operator decides.
 */
export interface LetterSettings {
  /** Kop surat, top to bottom: "PEMERINTAH KABUPATEN SLEMAN", "KECAMATAN MLATI". */
  kop: string[]
  /** Address line under the kop (street, telephone, postcode). */
  alamat: string
  /** Document number: {nomor} the package number, {bulan} the month in Roman numerals, {tahun} the year. */
  numberPattern: string
  /** Tempat of the signing, before the date: "Mlati, 6 Desember 2026". */
  place: string
}

export const NUMBER_PLACEHOLDERS = ['{nomor}', '{bulan}', '{tahun}'] as const

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']

/** The usual letterhead of a kecamatan office; the classification code is the office's to add. */
export function defaultLetter(kabupaten: string, kecamatan: string): LetterSettings {
  const kab = kabupaten.trim().replace(/^\s*(KABUPATEN|KAB\.?)\s+/i, '')
  const kec = kecamatan.trim()
  const pemerintah = /^KOTA\s/i.test(kab) ? `PEMERINTAH ${kab.toUpperCase()}` : `PEMERINTAH KABUPATEN ${kab.toUpperCase()}`
  return {
    kop: [...(kab ? [pemerintah] : []), ...(kec ? [`KECAMATAN ${kec.toUpperCase()}`] : [])],
    alamat: '',
    numberPattern: '{nomor}/BA-VERVAL/{bulan}/{tahun}',
    place: kec
  }
}

/** The document number for package `seq` signed on `isoDate` (YYYY-MM-DD). */
export function documentNumber(pattern: string, seq: number, isoDate: string): string {
  const [year = '', month = ''] = isoDate.split('-')
  return pattern
    .replaceAll('{nomor}', String(seq))
    .replaceAll('{bulan}', ROMAN[Number(month) - 1] ?? month)
    .replaceAll('{tahun}', year)
}

/** Settings stored as JSON (meta key `letter`), read defensively: anything missing is suggested. */
export function letterFrom(stored: string, kabupaten: string, kecamatan: string): LetterSettings {
  const fallback = defaultLetter(kabupaten, kecamatan)
  if (!stored) return fallback
  let raw: Partial<LetterSettings>
  try {
    raw = JSON.parse(stored) as Partial<LetterSettings>
  } catch {
    return fallback
  }
  return {
    kop: Array.isArray(raw.kop) ? raw.kop.filter((l): l is string => typeof l === 'string') : fallback.kop,
    alamat: typeof raw.alamat === 'string' ? raw.alamat : fallback.alamat,
    numberPattern: typeof raw.numberPattern === 'string' && raw.numberPattern ? raw.numberPattern : fallback.numberPattern,
    place: typeof raw.place === 'string' ? raw.place : fallback.place
  }
}

/** The calendar date where the office is (the PC's local time), ISO YYYY-MM-DD: the date of signing. */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
