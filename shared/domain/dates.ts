/**
 * Birth dates. Stored as ISO text (YYYY-MM-DD); never through Date's local getters, which shift a
 * day in some time zones. Text dates are read day-first, as Indonesians write them.
 */

const MONTHS: Record<string, number> = {
  JAN: 1,
  JANUARI: 1,
  JANUARY: 1,
  FEB: 2,
  FEBRUARI: 2,
  FEBRUARY: 2,
  PEB: 2,
  PEBRUARI: 2,
  MAR: 3,
  MARET: 3,
  MARCH: 3,
  APR: 4,
  APRIL: 4,
  MEI: 5,
  MAY: 5,
  JUN: 6,
  JUNI: 6,
  JUNE: 6,
  JUL: 7,
  JULI: 7,
  JULY: 7,
  AGU: 8,
  AGS: 8,
  AGT: 8,
  AGUSTUS: 8,
  AUG: 8,
  AUGUST: 8,
  SEP: 9,
  SEPT: 9,
  SEPTEMBER: 9,
  OKT: 10,
  OKTOBER: 10,
  OCT: 10,
  OCTOBER: 10,
  NOV: 11,
  NOP: 11,
  NOVEMBER: 11,
  NOPEMBER: 11,
  DES: 12,
  DESEMBER: 12,
  DEC: 12,
  DECEMBER: 12
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false
  if (m < 1 || m > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const max = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0
  return d <= max
}

export function toIso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Two-digit years: a year after `todayYear`'s last two digits belongs to the previous century. */
function fullYear(yy: number, todayYear: number): number {
  return yy > todayYear % 100 ? 1900 + yy : 2000 + yy
}

/** Which number comes first in a numeric date: day (Indonesian use) or month (US-made files). */
export type DateOrder = 'dmy' | 'mdy'

const NUMERIC_DATE = /^(\d{1,2})[-/.\s](\d{1,2})[-/.\s](\d{2}|\d{4})$/

/**
 * Reads a birth date written as text: 1980-05-12, 12-05-1980, 12/05/1980, 12.05.80, 12 Mei 1980,
 * 12-MEI-1980; `order` says how to read a numeric a/b/yyyy. Returns ISO text, or null when it is
 * not a real calendar date.
 */
export function parseDateText(text: string, todayYear = 2026, order: DateOrder = 'dmy'): string | null {
  const t = text.trim().toUpperCase()
  if (t === '') return null
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(t)
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]))
  m = NUMERIC_DATE.exec(t)
  if (m) {
    const y = m[3]!.length === 2 ? fullYear(Number(m[3]), todayYear) : Number(m[3])
    const [d, mo] = order === 'dmy' ? [m[1], m[2]] : [m[2], m[1]]
    return checked(y, Number(mo), Number(d))
  }
  m = /^(\d{1,2})[-/.\s]+([A-Z]+)[-/.\s,]+(\d{2}|\d{4})$/.exec(t)
  if (m) {
    const month = MONTHS[m[2]!]
    if (!month) return null
    const y = m[3]!.length === 2 ? fullYear(Number(m[3]), todayYear) : Number(m[3])
    return checked(y, month, Number(m[1]))
  }
  return null
}

/** The two leading numbers of a numeric text date ("05/23/1980" → [5, 23]), or null. */
export function numericDateParts(text: string): [number, number] | null {
  const m = NUMERIC_DATE.exec(text.trim())
  return m ? [Number(m[1]), Number(m[2])] : null
}

/**
 * How a column writes its numeric dates: month first only when some value cannot be day first
 * (second number > 12) and none cannot be month first; otherwise day first, as Indonesians write.
 * `ambiguous` is true when no value decided it (every first and second number ≤ 12).
 */
export function columnDateOrder(texts: Iterable<string>): { order: DateOrder; ambiguous: boolean } {
  let dayFirst = false
  let monthFirst = false
  for (const text of texts) {
    const p = numericDateParts(text)
    if (!p) continue
    if (p[0] > 12) dayFirst = true
    if (p[1] > 12) monthFirst = true
  }
  if (monthFirst && !dayFirst) return { order: 'mdy', ambiguous: false }
  return { order: 'dmy', ambiguous: !dayFirst && !monthFirst }
}

function checked(y: number, m: number, d: number): string | null {
  return y >= 1850 && isValidYmd(y, m, d) ? toIso(y, m, d) : null
}

/** ISO date as Indonesians read it: 12-05-1980. */
export function isoToDisplay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso
}

/** True when an ISO date is in the plausible range for a living person's birth. */
/** A real calendar date in ISO form (2006-13-24 and 1986-11-31 are not). */
export function isRealIsoDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))
}

export function isPlausibleBirthDate(iso: string, todayIso: string): boolean {
  return isRealIsoDate(iso) && iso >= '1900-01-01' && iso <= todayIso
}
