/**
 * Household findings of whole village files: KK_MULTIPLE_HEADS, KK_NO_HEAD (complete lists only:
 * a changes-only file lists parts of families) and KK_CHILD_OLDER_THAN_PARENT. A family is the
 * rows of one file sharing a KK, so one edit or exclusion can change the findings of its whole
 * family: an edit recomputes the families it touched, before and after (kks).
 */
import type { PersonField } from '../../domain/fields'
import { SEVERITY } from '../../domain/findings'
import { householdProblems } from '../../domain/household'
import type { Db } from '../db'
import type { FindingRecord } from '../tables/findings'
import { type HouseholdMemberRow, householdMembers } from '../tables/village-rows'
import { findingKey } from './row-findings'

export const HOUSEHOLD_CODES = ['KK_MULTIPLE_HEADS', 'KK_NO_HEAD', 'KK_CHILD_OLDER_THAN_PARENT'] as const

export interface HouseholdSource {
  desaKey: string
  mapped: ReadonlySet<PersonField>
  complete: boolean
}

/** Household findings of these files; only of the families with these KK numbers when given. */
export function householdFindings(db: Db, sources: ReadonlyMap<number, HouseholdSource>, kks?: readonly string[]): FindingRecord[] {
  const ids = [...sources.entries()].filter(([, s]) => s.mapped.has('no_kk') && s.mapped.has('shdk')).map(([id]) => id)
  if (ids.length === 0) return []
  const members = householdMembers(db, ids, kks)
  const bySource = new Map<number, HouseholdMemberRow[]>()
  for (const m of members) {
    const list = bySource.get(m.source_id)
    if (list) list.push(m)
    else bySource.set(m.source_id, [m])
  }
  const out: FindingRecord[] = []
  for (const [sourceId, list] of bySource) {
    const source = sources.get(sourceId)!
    for (const p of householdProblems(list, { checkNoHead: source.complete })) {
      out.push({
        key: findingKey(p.code, `v${p.member.id}`),
        code: p.code,
        severity: SEVERITY[p.code],
        source_id: sourceId,
        village_row_id: p.member.id,
        master_row_id: null,
        desa_key: source.desaKey,
        field: p.code === 'KK_CHILD_OLDER_THAN_PARENT' ? 'tanggal_lahir' : 'shdk',
        village_value: p.code === 'KK_CHILD_OLDER_THAN_PARENT' ? p.member.tanggal_lahir : p.member.shdk,
        master_value: null,
        params: p.params
      })
    }
  }
  return out
}
