/**
 * Content sniffing: a second vote for a column whose header names nothing, from its values
 * (L/P → sex, KEPALA KELUARGA/ISTRI/ANAK → SHDK, MENINGGAL/PINDAH → musdes result, dates → birth
 * date, 16-digit identity numbers → NIK, or KK when they repeat within the column). Only words and
 * identity numbers count, never short numbers (1/2 or 1–11 could be anything), and the result is
 * always a guess with a confidence below any header's, so the mapping screen opens (issue 14).
 */
import { parseMemberStatus, parseSex, parseShdk } from './codes'
import { parseDateText } from './dates'
import type { PersonField } from './fields'

export interface Sniffed {
  target: Extract<PersonField, 'jenis_kelamin' | 'shdk' | 'keterangan' | 'tanggal_lahir' | 'nik' | 'no_kk'>
  confidence: number
}

/** Share of a column's filled values that must read as the field. */
const MOST = 0.9
/** Fewer filled values than this tell nothing. */
const MIN_VALUES = 3

/** Words a musdes result column holds for people who stay (parseMemberStatus reads them as no change). */
const STAYS = /^(TETAP|ADA|AKTIF|HIDUP|TINGGAL BERSAMA|SESUAI|VALID|OK|-)$/

/** A NIK or KK as written: 16 digits (spaces, dots, a leading quote allowed) opening with a province code (11–94). */
function isIdentityNumber(value: string): boolean {
  const digits = value.replace(/^'|[\s.]/g, '')
  return /^\d{16}$/.test(digits) && Number(digits.slice(0, 2)) >= 11 && Number(digits.slice(0, 2)) <= 94
}

/** What a column's values say it holds, or null when they do not clearly say one thing. */
export function sniffValues(values: readonly string[], isDateCell: (index: number) => boolean = () => false): Sniffed | null {
  const filled = values.map((v, i) => [v.trim(), i] as const).filter(([v]) => v !== '')
  if (filled.length < MIN_VALUES) return null
  const ids = filled.filter(([v]) => isIdentityNumber(v)).map(([v]) => v.replace(/^'|[\s.]/g, ''))
  if (ids.length >= filled.length * MOST) {
    // A family card number is written once per member; a NIK belongs to one person.
    return new Set(ids).size < ids.length * MOST ? { target: 'no_kk', confidence: 0.6 } : { target: 'nik', confidence: 0.6 }
  }
  const words = filled.filter(([v]) => !/^\d+$/.test(v))
  if (words.length < filled.length * MOST) {
    // Numbers: only real date cells say something.
    const dates = filled.filter(([, i]) => isDateCell(i)).length
    return dates >= filled.length * MOST ? { target: 'tanggal_lahir', confidence: 0.6 } : null
  }
  const share = (ok: (v: string) => boolean) => words.filter(([v]) => ok(v)).length / filled.length
  if (share((v) => parseSex(v.replace(/_/g, ' ')) !== null) >= MOST) return { target: 'jenis_kelamin', confidence: 0.7 }
  if (share((v) => parseShdk(v.replace(/_/g, ' '), 'dukcapil') !== null) >= MOST) return { target: 'shdk', confidence: 0.7 }
  const changes = words.filter(([v]) => parseMemberStatus(v) !== null).length
  if (changes > 0 && share((v) => parseMemberStatus(v) !== null || STAYS.test(v.toUpperCase())) >= MOST)
    return { target: 'keterangan', confidence: 0.6 }
  if (share((v) => parseDateText(v) !== null) >= MOST) return { target: 'tanggal_lahir', confidence: 0.6 }
  return null
}
