/**
 * Household checks per family card (KK) inside one village file (DOMAIN.md: KK_MULTIPLE_HEADS,
 * KK_NO_HEAD; and a child older than a parent). Warnings: the KK is the village's record of a
 * family at one moment and changes on moves, splits and deaths, so the operator judges.
 * Pure; SHDK values are the categories of codes.ts (KEPALA_KELUARGA, PASANGAN, ANAK …).
 */
import { isRealIsoDate } from './dates'

export interface HouseholdMember {
  id: number
  row_no: number
  no_kk: string
  shdk: string
  tanggal_lahir: string
}

export type HouseholdCode = 'KK_MULTIPLE_HEADS' | 'KK_NO_HEAD' | 'KK_CHILD_OLDER_THAN_PARENT'

export interface HouseholdProblem<M extends HouseholdMember = HouseholdMember> {
  code: HouseholdCode
  /** The row the finding is shown on: each head; the family's first row; the child. */
  member: M
  kk: string
  params: Record<string, string>
}

export interface HouseholdOptions {
  /** Report families without a head: only for files that list whole families (complete lists). */
  checkNoHead: boolean
}

/**
 * Groups members by KK number (rows without a KK are not a family) in row order. KK values are
 * compared as stored: the importer and the edit check store them cleaned (digits only).
 */
export function families<M extends HouseholdMember>(members: readonly M[]): Map<string, M[]> {
  const out = new Map<string, M[]>()
  for (const m of [...members].sort((a, b) => a.row_no - b.row_no)) {
    const kk = m.no_kk.trim()
    if (kk === '') continue
    const list = out.get(kk)
    if (list) list.push(m)
    else out.set(kk, [m])
  }
  return out
}

export function householdProblems<M extends HouseholdMember>(members: readonly M[], opts: HouseholdOptions): HouseholdProblem<M>[] {
  const out: HouseholdProblem<M>[] = []
  for (const [kk, family] of families(members)) {
    const heads = family.filter((m) => m.shdk === 'KEPALA_KELUARGA')
    if (heads.length > 1) {
      for (const h of heads) {
        const others = heads.filter((o) => o !== h).map((o) => String(o.row_no))
        out.push({ code: 'KK_MULTIPLE_HEADS', member: h, kk, params: { kk, heads: String(heads.length), other: others.join(', ') } })
      }
    }
    if (heads.length === 0 && opts.checkNoHead) {
      out.push({ code: 'KK_NO_HEAD', member: family[0] as M, kk, params: { kk, members: String(family.length) } })
    }
    const parents = family.filter((m) => (m.shdk === 'KEPALA_KELUARGA' || m.shdk === 'PASANGAN') && isRealIsoDate(m.tanggal_lahir))
    if (parents.length === 0) continue
    for (const child of family) {
      if (child.shdk !== 'ANAK' || !isRealIsoDate(child.tanggal_lahir)) continue
      // The youngest parent the child is older than (ISO dates compare as text).
      const younger = parents
        .filter((p) => child.tanggal_lahir < p.tanggal_lahir)
        .sort((a, b) => (a.tanggal_lahir < b.tanggal_lahir ? 1 : -1))[0]
      if (!younger) continue
      out.push({
        code: 'KK_CHILD_OLDER_THAN_PARENT',
        member: child,
        kk,
        params: { kk, parentRow: String(younger.row_no), parentDate: younger.tanggal_lahir, parentShdk: younger.shdk }
      })
    }
  }
  return out
}
