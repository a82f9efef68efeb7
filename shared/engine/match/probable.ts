/**
 * Candidates for PROBABLE_MATCH, found through blocking keys so it stays fast at 200,000 master
 * people: the row's birth date and the same date with day and month swapped, the region+birth-date
 * part of its NIK (first 12 digits), and its KK. Each key is an indexed lookup (migration 0004);
 * scoring is domain/matching.
 */
import { isRealIsoDate } from '../../domain/dates'
import { bestCandidate, swappedDate } from '../../domain/matching'
import { cleanId } from '../../domain/nik'
import type { Db } from '../db'
import { type MasterBlockingKey, type MasterRow, mastersByBlockingKey } from '../tables/master-rows'
import type { CheckedRow } from '../tables/village-rows'
import type { ProbableMatch } from './row-findings'

interface Keys {
  dates: string[]
  prefix: string | null
  kk: string | null
}

function keysOf(row: CheckedRow): Keys {
  const dates = isRealIsoDate(row.tanggal_lahir)
    ? [row.tanggal_lahir, swappedDate(row.tanggal_lahir)].filter((d): d is string => d !== null)
    : []
  const id = cleanId(row.nik)
  const kk = cleanId(row.no_kk)
  return { dates, prefix: /^\d{16}$/.test(id) ? id.slice(0, 12) : null, kk: /^\d{16}$/.test(kk) ? kk : null }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** The best probable master person of each row that needs one (rows whose NIK found nobody). */
export function probableMatches(db: Db, rows: readonly CheckedRow[]): Map<number, ProbableMatch> {
  const out = new Map<number, ProbableMatch>()
  if (rows.length === 0) return out
  const keys = rows.map(keysOf)
  const dates = new Set(keys.flatMap((k) => k.dates))
  const prefixes = new Set(keys.flatMap((k) => (k.prefix ? [k.prefix] : [])))
  const kks = new Set(keys.flatMap((k) => (k.kk ? [k.kk] : [])))
  /** MasterRow people by one blocking key: one indexed lookup for all rows' values. */
  const lookup = (key: MasterBlockingKey, values: Set<string>, keyOf: (m: MasterRow) => string) => {
    const map = new Map<string, MasterRow[]>()
    if (values.size > 0) for (const m of mastersByBlockingKey(db, key, [...values])) push(map, keyOf(m), m)
    return map
  }
  const byDate = lookup('tanggal_lahir', dates, (m) => m.tanggal_lahir)
  const byPrefix = lookup('substr(nik, 1, 12)', prefixes, (m) => m.nik.slice(0, 12))
  const byKk = lookup('no_kk', kks, (m) => m.no_kk)

  rows.forEach((row, i) => {
    const k = keys[i]!
    const seen = new Map<number, MasterRow>()
    const add = (list: MasterRow[] | undefined) => list?.forEach((m) => seen.set(m.id, m))
    for (const d of k.dates) add(byDate.get(d))
    if (k.prefix) add(byPrefix.get(k.prefix))
    if (k.kk) add(byKk.get(k.kk))
    const candidates = [...seen.values()].filter((m) => m.nik !== row.nik).sort((a, b) => a.id - b.id)
    const best = bestCandidate(row, candidates)
    if (best) out.set(row.id, best)
  })
  return out
}
