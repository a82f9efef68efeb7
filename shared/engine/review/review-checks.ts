/**
 * The checks review guards share: findings as they are checked, what verifying needs, a removal
 * basis's validity, and the errors naming the person and field concerned.
 */
import type { FindingCode } from '../../domain/findings'
import { type BasisCheck, type BasisField, isRemovalFinding } from '../../domain/removal'
import type { Db } from '../db'
import { cermatError } from '../errors'
import { openFindingsOfRows, openProbableCandidates, reviewFindings } from '../tables/finding-reads'
import { masterPerson } from '../tables/master-rows'
import { activeRowStatuses, villagePerson } from '../tables/village-rows'

/** A finding as the review guards check it. */
export interface ReviewFinding {
  key: string
  code: FindingCode
  params: Record<string, string>
  village_row_id: number | null
  master_row_id: number | null
  master_value: string | null
  decided: string | null
  resolved: boolean
  /** Its decision records a removal basis. */
  hasBasis: boolean
}

/** The fields of a removal basis as errors name them: the package CSV's column names. */
export const BASIS_FIELD_NAMES: Record<BasisField, string> = {
  reason: 'alasan',
  kind: 'dasar',
  number: 'nomor_dasar',
  date: 'tanggal_dasar'
}

/** Findings by key, with their decision's action and whether it resolves them. */
export function findingsByKey(db: Db, keys: string[]): ReviewFinding[] {
  return reviewFindings(db, keys).map(({ has_basis, ...f }) => ({
    ...f,
    params: JSON.parse(f.params) as Record<string, string>,
    resolved: Boolean(f.resolved),
    hasBasis: Boolean(has_basis)
  }))
}

/** The value of a basis check, or VALUE_INVALID naming the field (as the package CSV names it). */
export function checked<T>(check: BasisCheck<T>): T {
  if (check.ok) return check.value
  throw cermatError('VALUE_INVALID', { field: BASIS_FIELD_NAMES[check.field], value: check.value, hint: check.hint })
}

/** REMOVAL_BASIS_REQUIRED naming the first person concerned and how many removals lack a basis. */
export function basisRequired(db: Db, findings: Pick<ReviewFinding, 'village_row_id' | 'master_row_id'>[]): Error {
  const f = findings[0]!
  const who =
    f.village_row_id !== null
      ? villagePerson(db, f.village_row_id)
      : f.master_row_id !== null
        ? masterPerson(db, f.master_row_id)
        : undefined
  return cermatError('REMOVAL_BASIS_REQUIRED', { nama: who?.nama ?? '', nik: who?.nik ?? '', count: findings.length })
}

/**
 * What verifying these rows needs: each an active, not excluded village row, with no open error
 * and no open removal (verifying accepts what is open, and a removal needs its basis). Returns
 * the rows that have something open.
 */
export function checkVerifiable(db: Db, ids: number[]): Set<number> {
  const rows = activeRowStatuses(db, ids)
  const present = new Set(rows.map((r) => r.id))
  const absent = ids.find((id) => !present.has(id))
  if (absent !== undefined) throw cermatError('ROW_NOT_FOUND', { rowId: `v${absent}` })
  if (rows.some((r) => r.status === 'excluded')) throw cermatError('ACTION_NOT_ALLOWED', { action: 'verify', code: 'excluded' })
  const open = openFindingsOfRows(db, ids).map((f) => ({ ...f, params: JSON.parse(f.params) as Record<string, string> }))
  const errors = open.filter((f) => f.severity === 'error')
  if (errors.length > 0) {
    throw cermatError('ROW_HAS_ERRORS', {
      count: errors.length,
      codes: [...new Set(errors.map((e) => e.code))].join(', '),
      rows: new Set(errors.map((e) => e.village_row_id)).size
    })
  }
  const removals = open.filter((f) => isRemovalFinding(f.code, f.params))
  if (removals.length > 0) throw basisRequired(db, removals)
  return new Set(open.map((f) => f.village_row_id))
}

/**
 * Removing a master person needs every open PROBABLE_MATCH naming them settled first: that
 * village row may be this very person with a mistyped NIK (decision 30). "Orang lain" (the
 * match's accept) or "Pakai NIK data induk" settles it.
 */
export function checkNoOpenMatch(db: Db, masterIds: readonly number[]): void {
  if (masterIds.length === 0) return
  const open = openProbableCandidates(db, masterIds)[0]
  if (!open) return
  const who = masterPerson(db, open.master_row_id)
  throw cermatError('PROBABLE_MATCH_OPEN', {
    nama: who?.nama ?? '',
    nik: who?.nik ?? '',
    file: open.file_name,
    row: Number(open.row_no),
    other: open.nama
  })
}

/** "FIELD_MISMATCH (3), NEW_RECORD (1)": which codes, and how many of each. */
export function countByCode(findings: { code: FindingCode }[]): string {
  const counts = new Map<string, number>()
  for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1)
  return [...counts].map(([code, n]) => `${code} (${n})`).join(', ')
}
