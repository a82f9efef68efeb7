/**
 * NIK and KK rules (DOMAIN.md "NIK and KK"). A NIK is 16 digits: province(2) kabupaten(2)
 * kecamatan(2) of first issue, DDMMYY of birth (day + 40 for women), serial(4). It never changes,
 * so disagreements with the birth date or sex columns are warnings, never corrections.
 * Identifiers are strings everywhere: nothing here passes a NIK through a JS number.
 */

/** Province codes in use (Kemendagri), including the new Papua provinces (93–96). */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '51',
  '52',
  '53',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '81',
  '82',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96'
])

/** Characters villages put around identifiers that carry no meaning: quote, spaces, dots, dashes. */
const STRAY = /['’`"\s\u00a0\u200b-\u200d\u2060\ufeff.\-–—_/]/g

/** Removes stray characters typed around or inside a NIK/KK. Letters are kept so they can be reported. */
export function cleanId(raw: string): string {
  return raw.normalize('NFKC').replace(STRAY, '').toUpperCase()
}

export type NikInvalidReason =
  'empty' | 'scientific' | 'letter_o' | 'not_digits' | 'length' | 'temporary' | 'province' | 'birth_date' | 'serial'

/** Text as Excel shows a number it could not hold: "3.40405E+15", "3,40405E+15". */
export function isScientificNotation(raw: string): boolean {
  return /^\s*\d[.,]\d*\s*E\s*\+?\s*\d+\s*$/i.test(raw)
}

/**
 * Why `raw` is not a structurally valid NIK, or null when it is.
 * `raw` is the text as read; cleaning (quote, spaces, dots) happens here.
 */
export function nikProblem(raw: string): NikInvalidReason | null {
  if (raw.trim() === '') return 'empty'
  if (isScientificNotation(raw)) return 'scientific'
  const id = cleanId(raw)
  if (!/^[0-9]+$/.test(id)) return /^[0-9O]+$/.test(id) ? 'letter_o' : 'not_digits'
  if (id.length !== 16) return 'length'
  // OpenSID gives people without a NIK a temporary one starting with 0.
  if (id.startsWith('0')) return 'temporary'
  if (!PROVINCES.has(id.slice(0, 2))) return 'province'
  if (!nikBirthParts(id)) return 'birth_date'
  if (id.slice(12) === '0000') return 'serial'
  return null
}

export interface NikBirthParts {
  day: number
  month: number
  /** Two-digit year as written in the NIK. */
  yy: number
  female: boolean
}

/** The DDMMYY part of a 16-digit NIK, or null when it is not a possible date. */
export function nikBirthParts(nik: string): NikBirthParts | null {
  if (!/^[0-9]{16}$/.test(nik)) return null
  const dd = Number(nik.slice(6, 8))
  const month = Number(nik.slice(8, 10))
  const yy = Number(nik.slice(10, 12))
  const female = dd > 40
  const day = female ? dd - 40 : dd
  if (month < 1 || month > 12 || day < 1) return null
  // Without the century, 29 February is allowed in any year.
  const maxDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  if (day > maxDay) return null
  return { day, month, yy, female }
}

/** Sex encoded in the NIK ('L' or 'P'), or null when the NIK has no valid date part. */
export function nikSex(nik: string): 'L' | 'P' | null {
  const parts = nikBirthParts(nik)
  return parts ? (parts.female ? 'P' : 'L') : null
}

/** True when the NIK's DDMMYY agrees with an ISO birth date (YYYY-MM-DD). */
export function nikMatchesBirthDate(nik: string, isoDate: string): boolean {
  const parts = nikBirthParts(nik)
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  if (!parts || !m) return true // nothing to compare
  return parts.day === Number(m[3]) && parts.month === Number(m[2]) && parts.yy === Number(m[1]) % 100
}

export interface IdFromNumber {
  text: string
  /** The number could not have held all 16 digits (beyond 2^53, or Excel's 15-digit cut). */
  precisionLost: boolean
}

/**
 * A NIK/KK that arrived as a number (numeric cell). Beyond 2^53 digits are gone. Below it, a
 * 16-digit number ending in 0 is what Excel (15 digits kept, the rest zeroed) and LibreOffice's
 * .xlsx writer (rounded to 15) make of any NIK; `columnKeepsDigits` says the column proved it held
 * full numbers (some 16-digit value there does not end in 0), so a final 0 is then a real one.
 */
export function idFromNumber(value: number, columnKeepsDigits = false): IdFromNumber {
  if (!Number.isFinite(value) || value < 0) return { text: String(value), precisionLost: true }
  const text = value.toFixed(0)
  if (!Number.isSafeInteger(value)) return { text, precisionLost: true }
  const precisionLost = text.length >= 16 && text.endsWith('0') && !columnKeepsDigits
  return { text, precisionLost }
}

/** True when some 16-digit number among these does not end in 0: the producer kept every digit. */
export function numbersKeepDigits(values: Iterable<number>): boolean {
  for (const v of values) {
    if (!Number.isSafeInteger(v) || v < 1e15) continue
    if (v % 10 !== 0) return true
  }
  return false
}
