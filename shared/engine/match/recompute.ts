/**
 * Recomputes stored findings for what a command can have changed:
 * - `recomputeSources`: every row of some village files (an import), or of all files (a new master);
 * - `recomputeRows`: one edited row and the rows sharing its NIK before or after (an edit, a
 *   resolution, an exclusion) — duplicates in a file and across villages, and whether the master
 *   people with those NIKs are now missing or found, are all keyed by NIK.
 * Both produce exactly what a full recomputation would (tested against one).
 */
import type { ColumnMapping } from '../../api/types'
import { SEVERITY } from '../../domain/findings'
import { fieldsOfMapping } from '../../domain/header-mapping'
import { nikProblem } from '../../domain/nik'
import type { TimedPhase } from '../commands/types'
import type { Db } from '../db'
import {
  deleteAcrossVillagesOfNiks,
  deleteAllFindings,
  deleteFamilyFindings,
  deleteFindingsOfRows,
  deleteFindingsOfSources,
  deleteMissingOfDesa,
  deleteMissingOfNiks,
  type FindingRecord,
  insertFindings
} from '../tables/findings'
import { type MasterRow, mastersWithNiks, unlistedMasters } from '../tables/master-rows'
import { activeSourceIds, completeDesa, coverageCounts, desaWithFiles, setCoverageGuess, villageSourceContexts } from '../tables/sources'
import {
  type CheckedRow,
  familiesOfRows,
  nikHolders,
  nikPeers,
  niksInSeveralFiles,
  openActiveRows,
  openRowsOfSources,
  rowIdsByIdOrNik
} from '../tables/village-rows'
import { HOUSEHOLD_CODES, householdFindings, type HouseholdSource } from './household'
import { probableMatches } from './probable'
import { findingKey, missingFinding, rowFindings } from './row-findings'

type SourceContext = HouseholdSource

/** A file listing at least this share of its desa's master people is a complete list. */
export const COMPLETE_SHARE = 0.5

function sourceContexts(db: Db, ids: number[] | 'all'): Map<number, SourceContext> {
  const rows = villageSourceContexts(db, ids)
  const out = new Map<number, SourceContext>()
  for (const s of rows) {
    out.set(s.id, {
      desaKey: s.desa_key,
      mapped: fieldsOfMapping(JSON.parse(s.mapping) as ColumnMapping[]),
      complete: s.coverage === 'complete'
    })
  }
  return out
}

/**
 * Guesses what each file covers from the share of its desa's master people it lists by NIK.
 * Villages send either their whole list or only the changes (usulan, perbaikan, nonaktif); a
 * whole list holds nearly everyone, a changes list a few percent.
 */
function guessCoverage(db: Db, ids: number[]): void {
  for (const id of ids) {
    const r = coverageCounts(db, id)
    const share = r && r.people ? Number(r.listed) / Number(r.people) : null
    setCoverageGuess(db, id, share !== null && share >= COMPLETE_SHARE ? 'complete' : 'changes', share)
  }
}

function mastersByNik(db: Db, niks: Iterable<string>, how: 'lookup' | 'scan'): Map<string, MasterRow[]> {
  const out = new Map<string, MasterRow[]>()
  for (const m of mastersWithNiks(db, [...niks], how)) {
    const list = out.get(m.nik)
    if (list) list.push(m)
    else out.set(m.nik, [m])
  }
  return out
}

/** Row-level findings of `rows`; `sameNik` lists, per source and NIK, the sheet rows holding it. */
function findingsOfRows(
  db: Db,
  rows: CheckedRow[],
  sources: Map<number, SourceContext>,
  sameNik: Map<string, number[]>,
  todayIso: string,
  how: 'lookup' | 'scan' = 'lookup'
): FindingRecord[] {
  const masters = mastersByNik(db, new Set(rows.map((r) => r.nik).filter((n) => n !== '')), how)
  const byNik = (r: CheckedRow) => {
    const candidates = masters.get(r.nik)
    return candidates?.find((m) => m.desa_key === sources.get(r.source_id)?.desaKey) ?? candidates?.[0]
  }
  const probable = probableMatches(
    db,
    rows.filter((r) => sources.has(r.source_id) && !byNik(r))
  )
  const out: FindingRecord[] = []
  for (const r of rows) {
    const source = sources.get(r.source_id)
    if (!source) continue
    out.push(
      ...rowFindings(r, byNik(r), {
        desaKey: source.desaKey,
        mapped: source.mapped,
        sameNikRows: sameNik.get(`${r.source_id}|${r.nik}`) ?? [],
        todayIso,
        probable: probable.get(r.id)
      })
    )
  }
  return out
}

function sameNikIndex(rows: { source_id: number; nik: string; row_no: number }[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const r of rows) {
    if (r.nik === '') continue
    const k = `${r.source_id}|${r.nik}`
    const list = out.get(k)
    if (list) list.push(r.row_no)
    else out.set(k, [r.row_no])
  }
  return out
}

/** An import (some files) or a new master ('all'). `phase` marks where the set-level checks start (bench timing). */
export function recomputeSources(db: Db, ids: number[] | 'all', todayIso: string, phase?: (name: TimedPhase) => void): void {
  guessCoverage(db, ids === 'all' ? activeSourceIds(db, 'village') : ids)
  const sources = sourceContexts(db, ids)
  const sourceIds = [...sources.keys()]
  const rows = openRowsOfSources(db, sourceIds)
  const niks = new Set(rows.map((r) => r.nik).filter((n) => n !== ''))
  const desaKeys = [...new Set([...sources.values()].map((s) => s.desaKey).filter((k) => k !== ''))]

  if (ids === 'all') deleteAllFindings(db)
  else {
    deleteFindingsOfSources(db, ids)
    deleteAcrossVillagesOfNiks(db, [...niks])
    deleteMissingOfDesa(db, desaKeys)
  }
  // Every file (a new master, a check's batch): their NIKs are most of the master's.
  const out = findingsOfRows(db, rows, sources, sameNikIndex(rows), todayIso, ids === 'all' ? 'scan' : 'lookup')
  phase?.('findings')
  out.push(...householdFindings(db, sources))
  out.push(...acrossVillages(db, [...niks]))
  out.push(...missingPeople(db, completeDesa(db, desaKeys), null))
  insertFindings(db, out)
}

/** An edit or a resolution of one row: the row, and every row and master person sharing its NIKs. */
export function recomputeRows(db: Db, rowIds: number[], niks: string[], todayIso: string, oldKks: string[] = []): void {
  const keys = [...new Set(niks.filter((n) => n !== ''))]
  const affected = rowIdsByIdOrNik(db, rowIds, keys)
  deleteFindingsOfRows(db, affected)
  deleteMissingOfNiks(db, keys)

  const rows = openActiveRows(db, affected)
  const sources = sourceContexts(db, [...new Set(rows.map((r) => r.source_id))])
  // Duplicates in a file need every non-excluded row of that file holding the same NIK.
  const peers = nikPeers(db, [...new Set(rows.map((r) => r.nik).filter((n) => n !== ''))])
  const out = findingsOfRows(db, rows, sources, sameNikIndex(peers), todayIso)
  // A family is a file's rows sharing a KK: redo the household checks of the families touched
  // (the affected rows' KKs now, and the KK an edit moved a row out of).
  const families = familiesOfRows(db, affected)
  const touched = sourceContexts(db, [...new Set(families.map((f) => f.source_id))])
  const kks = [...new Set([...families.map((f) => f.no_kk), ...oldKks])]
  deleteFamilyFindings(db, HOUSEHOLD_CODES, [...touched.keys()], kks)
  out.push(...householdFindings(db, touched, kks))
  out.push(...acrossVillages(db, keys))
  out.push(...missingPeople(db, completeDesa(db, desaWithFiles(db)), keys))
  insertFindings(db, out)
}

/** Master people of these desa (optionally: with these NIKs, looked up by NIK first) that no village file lists. */
function missingPeople(db: Db, desaKeys: string[], niks: string[] | null): FindingRecord[] {
  if (desaKeys.length === 0 || (niks && niks.length === 0)) return []
  return unlistedMasters(db, desaKeys, niks).map(missingFinding)
}

function acrossVillages(db: Db, niks: string[]): FindingRecord[] {
  if (niks.length === 0) return []
  const rows = nikHolders(db, niksInSeveralFiles(db, niks))
  const byNik = new Map<string, typeof rows>()
  for (const r of rows) {
    if (r.nik_origin === 'lossy' || nikProblem(r.nik)) continue
    const list = byNik.get(r.nik)
    if (list) list.push(r)
    else byNik.set(r.nik, [r])
  }
  const out: FindingRecord[] = []
  for (const [nik, list] of byNik) {
    if (new Set(list.map((r) => r.source_id)).size < 2) continue
    for (const r of list) {
      const others = list.filter((o) => o.source_id !== r.source_id)
      out.push({
        key: findingKey('DUPLICATE_NIK_ACROSS_VILLAGES', `v${r.id}`),
        code: 'DUPLICATE_NIK_ACROSS_VILLAGES',
        severity: SEVERITY.DUPLICATE_NIK_ACROSS_VILLAGES,
        source_id: r.source_id,
        village_row_id: r.id,
        master_row_id: null,
        desa_key: r.desa_key,
        field: 'nik',
        village_value: nik,
        master_value: null,
        params: {
          otherDesa: [...new Set(others.map((o) => o.desa || '?'))].join(', '),
          other: others.map((o) => `${o.file_name} baris ${o.row_no}`).join('; ')
        }
      })
    }
  }
  return out
}
