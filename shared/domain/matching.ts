/**
 * Probable matches (DOMAIN.md, PROBABLE_MATCH): a village row whose NIK is not in the master — or
 * is unusable (lost digits, wrong length, empty) — compared with master people that share a
 * blocking key (birth date, birth date with day and month swapped, the NIK's region+date part, the
 * KK). Pure: the engine finds the candidates, this module scores them and says why.
 * Never a merge: the operator decides.
 */
import { isRealIsoDate } from './dates'
import { nameSimilarity } from './names'
import { cleanId } from './nik'

export interface MatchPerson {
  nik: string
  no_kk: string
  nama: string
  jenis_kelamin: string
  tanggal_lahir: string
}

/** Why a candidate was proposed; shown to the operator (i18n `why.*`). */
export type MatchReason =
  | 'name_same'
  | 'name_similar'
  | 'birthdate_same'
  | 'birthdate_swapped'
  | 'sex_same'
  | 'kk_same'
  | 'nik_one_digit'
  | 'nik_transposed'
  | 'nik_last_digit_lost'

export interface MatchScore {
  /** 0 … 100. */
  score: number
  /** Name similarity, 0 … 100. */
  name: number
  reasons: MatchReason[]
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/

/** The same date with day and month swapped (12-05 ↔ 05-12), or null when that is no date or the same. */
export function swappedDate(iso: string): string | null {
  const m = ISO.exec(iso)
  if (!m) return null
  const [, y, mm, dd] = m
  if (mm === dd || Number(dd) > 12) return null
  return `${y}-${dd}-${mm}`
}

export type NikRelation = 'one_digit' | 'transposed' | 'last_digit_lost' | null

/**
 * How a written NIK relates to a master NIK when it is not equal: one digit typed wrong, two
 * neighbours swapped, or the last digit zeroed by Excel (also on 16-digit text that ends in 0).
 */
export function nikRelation(written: string, master: string): NikRelation {
  const w = cleanId(written)
  if (!/^\d{16}$/.test(w) || !/^\d{16}$/.test(master) || w === master) return null
  if (w.endsWith('0') && w.slice(0, 15) === master.slice(0, 15)) return 'last_digit_lost'
  const diff: number[] = []
  for (let i = 0; i < 16 && diff.length <= 2; i++) if (w[i] !== master[i]) diff.push(i)
  if (diff.length === 1) return 'one_digit'
  if (diff.length === 2) {
    const [i, j] = diff as [number, number]
    if (j === i + 1 && w[i] === master[j] && w[j] === master[i]) return 'transposed'
  }
  return null
}

/** Names at least this alike may be the same person (with date, KK or NIK support). */
export const NAME_THRESHOLD = 0.85

/**
 * Scores one candidate, or null when it is not a probable match. A name alone never is: the
 * birth date (or its swap), a near NIK, or — without any date — the same KK must support it,
 * and a known, different birth date needs a near NIK as well.
 */
export function scoreCandidate(row: MatchPerson, master: MatchPerson): MatchScore | null {
  const name = nameSimilarity(row.nama, master.nama)
  if (name < NAME_THRESHOLD) return null
  const reasons: MatchReason[] = [name === 1 ? 'name_same' : 'name_similar']

  const rowDate = isRealIsoDate(row.tanggal_lahir) ? row.tanggal_lahir : ''
  const masterDate = isRealIsoDate(master.tanggal_lahir) ? master.tanggal_lahir : ''
  let date: 'same' | 'swapped' | 'differs' | 'unknown' = 'unknown'
  if (rowDate && masterDate) date = rowDate === masterDate ? 'same' : swappedDate(rowDate) === masterDate ? 'swapped' : 'differs'
  if (date === 'same') reasons.push('birthdate_same')
  if (date === 'swapped') reasons.push('birthdate_swapped')

  const nik = nikRelation(row.nik, master.nik)
  if (nik === 'one_digit') reasons.push('nik_one_digit')
  if (nik === 'transposed') reasons.push('nik_transposed')
  if (nik === 'last_digit_lost') reasons.push('nik_last_digit_lost')

  const sexKnown =
    (row.jenis_kelamin === 'L' || row.jenis_kelamin === 'P') && (master.jenis_kelamin === 'L' || master.jenis_kelamin === 'P')
  if (sexKnown && row.jenis_kelamin !== master.jenis_kelamin && !nik) return null
  if (sexKnown && row.jenis_kelamin === master.jenis_kelamin) reasons.push('sex_same')

  const kk = cleanId(row.no_kk)
  const sameKk = kk !== '' && kk === master.no_kk
  if (sameKk) reasons.push('kk_same')

  const supported =
    date === 'same' ||
    date === 'swapped' ||
    (date === 'differs' && nik !== null && name >= 0.9) ||
    (date === 'unknown' && (nik !== null || (sameKk && name >= 0.93)))
  if (!supported) return null

  const dateScore = date === 'same' ? 1 : date === 'swapped' ? 0.8 : 0
  const score =
    0.5 * name +
    0.25 * dateScore +
    0.1 * (sexKnown && row.jenis_kelamin === master.jenis_kelamin ? 1 : 0) +
    0.05 * (sameKk ? 1 : 0) +
    0.1 * (nik ? 1 : 0)
  return { score: Math.round(score * 100), name: Math.round(name * 100), reasons }
}

/** The best candidate (highest score; ties: the earlier one) with its score, or null. */
export function bestCandidate<T extends MatchPerson>(
  row: MatchPerson,
  candidates: readonly T[]
): { master: T; match: MatchScore; others: number } | null {
  let best: { master: T; match: MatchScore } | null = null
  let count = 0
  for (const c of candidates) {
    const match = scoreCandidate(row, c)
    if (!match) continue
    count++
    if (!best || match.score > best.match.score) best = { master: c, match }
  }
  return best ? { ...best, others: count - 1 } : null
}
