/**
 * Which rows a review action can change, as a RowFilter: the engine reads these rows before and
 * after the command and returns only those whose view changed.
 */
import type { FindingCode } from '../../domain/findings'
import type { Db } from '../db'
import { cermatError } from '../errors'
import { activeRowKeys, type RowFilter } from '../tables/village-rows'

/** A village row acted on, with NIKs and KKs it will have besides its current ones. */
export interface RowTarget {
  rowId: number
  extraNiks: string[]
  extraKks?: string[]
}

/**
 * Rows an action on a village row can change: the row itself, every row sharing its NIK before
 * or after (duplicates in the file or across villages, the master person it now does or no
 * longer does stand for), and its family before or after (household findings).
 */
export function filterForRow(db: Db, rowId: number, extraNiks: string[], extraKks: string[] = []): RowFilter {
  return filterForRows(db, [{ rowId, extraNiks, extraKks }])
}

/** The union of filterForRow over many rows (one query). ROW_NOT_FOUND for a row not in an active file. */
export function filterForRows(db: Db, targets: RowTarget[]): RowFilter {
  if (targets.length === 0) return { rowIds: [] }
  const ids = [...new Set(targets.map((t) => t.rowId))]
  const rows = new Map(activeRowKeys(db, ids).map((r) => [r.id, r]))
  const absent = ids.find((id) => !rows.has(id))
  if (absent !== undefined) throw cermatError('ROW_NOT_FOUND', { rowId: `v${absent}` })
  const niks = new Set<string>()
  const kks = new Set<string>()
  for (const t of targets) {
    const row = rows.get(t.rowId)!
    for (const n of [row.nik, ...t.extraNiks]) if (n !== '') niks.add(n)
    for (const k of [row.no_kk, ...(t.extraKks ?? [])]) if (k !== '') kks.add(k)
  }
  return { rowIds: ids, niks: [...niks], kks: [...kks] }
}

/** Rows an action on these findings can change (see filterForRow); master people by NIK. */
export function filterForFindings(
  db: Db,
  findings: { code: FindingCode; village_row_id: number | null; master_value: string | null }[]
): RowFilter {
  const village = findings.filter((f) => f.village_row_id !== null)
  const filter = filterForRows(
    db,
    // Taking a probable match's NIK also changes the view of the master person it names.
    village.map((f) => ({ rowId: f.village_row_id!, extraNiks: f.code === 'PROBABLE_MATCH' && f.master_value ? [f.master_value] : [] }))
  )
  const masterNiks = findings.filter((f) => f.village_row_id === null).map((f) => f.master_value ?? '')
  return masterNiks.length > 0 ? { ...filter, niks: [...(filter.niks ?? []), ...masterNiks] } : filter
}

/**
 * Rows a decision alone can change (accepting what the village reports changes no value, so
 * nothing is recomputed): only the rows holding these findings, and master people by NIK. At
 * 200,000 people the households and NIK groups of a bulk accept were ~most of its reply's cost.
 */
export function filterForDecisions(db: Db, findings: { village_row_id: number | null; master_value: string | null }[]): RowFilter {
  const village = findings.filter((f) => f.village_row_id !== null)
  const { rowIds } = filterForRows(
    db,
    village.map((f) => ({ rowId: f.village_row_id!, extraNiks: [] }))
  )
  const masterNiks = findings.filter((f) => f.village_row_id === null).map((f) => f.master_value ?? '')
  return masterNiks.length > 0 ? { rowIds, niks: masterNiks } : { rowIds }
}
