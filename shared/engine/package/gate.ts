/**
 * The export gate (decision 30): nothing signed may carry a value the domain rules reject, a
 * change of a row that still has an open error, or the removal of a master person an open
 * PROBABLE_MATCH says a village row may be. Such changes are held back and listed — desa, file,
 * row, field and rule — and the rest goes out.
 */
import type { HeldChange } from '../../api/types'
import type { FindingCode } from '../../domain/findings'
import { PACKAGE_PERSON_FIELDS, packageValueProblem } from '../../domain/package-values'
import type { Db } from '../db'
import { openErrorFindings, openProbableCandidates } from '../tables/finding-reads'
import type { Candidate } from './change-row'

export type Held = HeldChange & { desaKey: string }

export function gateChanges(
  db: Db,
  candidates: readonly Candidate[],
  today: string,
  /** Read only the candidates' rows' errors (a few desa of many); else all at once, cheaper for every desa. */
  rowsOnly = false
): { pass: Candidate[]; blocked: Candidate[]; held: Held[] } {
  const errorsByRow = new Map<number, FindingCode[]>()
  const rowIds = rowsOnly ? candidates.flatMap((c) => (c.villageRowId !== null ? [c.villageRowId] : [])) : undefined
  for (const e of openErrorFindings(db, rowIds)) {
    const list = errorsByRow.get(e.village_row_id) ?? []
    if (!list.includes(e.code)) list.push(e.code)
    errorsByRow.set(e.village_row_id, list)
  }
  const removedIds = candidates.filter((c) => c.masterRowId !== null).map((c) => c.masterRowId!)
  const probable = new Map<number, { file_name: string; row_no: number; nama: string }>()
  if (removedIds.length > 0) {
    for (const p of openProbableCandidates(db, removedIds)) if (!probable.has(p.master_row_id)) probable.set(p.master_row_id, p)
  }

  const pass: Candidate[] = []
  const blocked: Candidate[] = []
  const held: Held[] = []
  for (const c of candidates) {
    const r = c.row
    const base = {
      desaKey: c.desaKey,
      desa: c.desa,
      file: r.file_sumber,
      row: r.baris_sumber === '' ? null : Number(r.baris_sumber),
      nik: r.nik,
      nama: r.nama,
      jenis: r.jenis
    }
    const before = held.length
    // A removal names the master person by NIK; the rest of the master's row is not the decision.
    const fields = r.jenis === 'HAPUS' ? (['nik'] as const) : PACKAGE_PERSON_FIELDS
    for (const field of fields) {
      const reason = packageValueProblem(field, r[field], today)
      if (reason) held.push({ ...base, field, rule: 'value', value: r[field], reason })
    }
    const errors = c.villageRowId !== null ? errorsByRow.get(c.villageRowId) : undefined
    if (errors) held.push({ ...base, field: r.kolom, rule: 'open_error', codes: errors })
    const match = c.masterRowId !== null ? probable.get(c.masterRowId) : undefined
    if (match) {
      held.push({
        ...base,
        field: '',
        rule: 'probable_match',
        matchFile: match.file_name,
        matchRow: Number(match.row_no),
        matchNama: match.nama
      })
    }
    if (held.length === before) pass.push(c)
    else blocked.push(c)
  }
  return { pass, blocked, held }
}
