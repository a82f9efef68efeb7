/**
 * Recomputes stored findings for what a command can have changed:
 * - `recomputeSources`: every row of some village files (an import), or of all files (a new master);
 * - `recomputeRows`: one edited row and the rows sharing its NIK before or after (an edit, a
 *   resolution, an exclusion) — duplicates in a file and across villages, and whether the master
 *   people with those NIKs are now missing or found, are all keyed by NIK.
 * Both produce exactly what a full recomputation would (tested against one).
 */
import type { SqlValue } from 'sql.js'
import type { ColumnMapping } from '../../api/types'
import { fieldsOfMapping } from '../../domain/header-mapping'
import { SEVERITY } from '../../domain/findings'
import { nikProblem } from '../../domain/nik'
import { IN, type Db } from '../db'
import { HOUSEHOLD_CODES, householdFindings, type HouseholdSource } from './household'
import { probableMatches } from './probable'
import { findingKey, missingFinding, rowFindings, type FindingRecord, type MasterRowRecord, type VillageRowRecord } from './row-findings'

const json = (v: unknown) => JSON.stringify(v)

type VillageRow = VillageRowRecord & { [k: string]: SqlValue }

type SourceContext = HouseholdSource

/** What a file covers, as the operator set it or, until then, as guessed from the master. */
export const EFFECTIVE_COVERAGE = `(CASE WHEN coverage = 'auto' THEN coverage_guess ELSE coverage END)`

/** A file listing at least this share of its desa's master people is a complete list. */
export const COMPLETE_SHARE = 0.5

function sourceContexts(db: Db, ids: number[] | 'all'): Map<number, SourceContext> {
  const rows = db.all<{ id: number; desa_key: string; mapping: string; coverage: string }>(
    `SELECT id, desa_key, mapping, ${EFFECTIVE_COVERAGE} AS coverage FROM sources WHERE kind = 'village' AND active = 1 ${ids === 'all' ? '' : `AND ${IN('id')}`}`,
    ids === 'all' ? [] : [json(ids)]
  )
  const out = new Map<number, SourceContext>()
  for (const s of rows) {
    out.set(s.id, { desaKey: s.desa_key, mapped: fieldsOfMapping(JSON.parse(s.mapping) as ColumnMapping[]), complete: s.coverage === 'complete' })
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
    const r = db.get<{ listed: number; people: number | null }>(
      `SELECT (SELECT COUNT(*) FROM master_rows m WHERE m.desa_key = s.desa_key
                 -- '+' keeps SQLite on the NIK index (by file it would scan the file once per person)
                 AND EXISTS (SELECT 1 FROM village_rows v WHERE v.nik = m.nik AND +v.source_id = s.id)) AS listed,
              (SELECT people FROM master_desa_list d WHERE d.desa_key = s.desa_key) AS people
       FROM sources s WHERE s.id = ?`,
      [id]
    )
    const share = r && r.people ? Number(r.listed) / Number(r.people) : null
    db.run(`UPDATE sources SET coverage_guess = ?, coverage_share = ? WHERE id = ?`, [share !== null && share >= COMPLETE_SHARE ? 'complete' : 'changes', share, id])
  }
}

function mastersByNik(db: Db, niks: Iterable<string>): Map<string, MasterRowRecord[]> {
  const out = new Map<string, MasterRowRecord[]>()
  for (const m of db.all<MasterRowRecord & { [k: string]: SqlValue }>(`SELECT * FROM master_rows WHERE ${IN('nik')} ORDER BY id`, [json([...niks])])) {
    const list = out.get(m.nik)
    if (list) list.push(m)
    else out.set(m.nik, [m])
  }
  return out
}

/** Row-level findings of `rows`; `sameNik` lists, per source and NIK, the sheet rows holding it. */
function findingsOfRows(db: Db, rows: VillageRow[], sources: Map<number, SourceContext>, sameNik: Map<string, number[]>, todayIso: string): FindingRecord[] {
  const masters = mastersByNik(db, new Set(rows.map((r) => r.nik).filter((n) => n !== '')))
  const byNik = (r: VillageRow) => {
    const candidates = masters.get(r.nik)
    return candidates?.find((m) => m.desa_key === sources.get(r.source_id)?.desaKey) ?? candidates?.[0]
  }
  const probable = probableMatches(db, rows.filter((r) => sources.has(r.source_id) && !byNik(r)))
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

/** An import (some files) or a new master ('all'). */
export function recomputeSources(db: Db, ids: number[] | 'all', todayIso: string): void {
  guessCoverage(db, ids === 'all' ? db.column<number>(`SELECT id FROM sources WHERE kind = 'village' AND active = 1`) : ids)
  const sources = sourceContexts(db, ids)
  const sourceIds = [...sources.keys()]
  const rows = db.all<VillageRow>(`SELECT * FROM village_rows WHERE ${IN('source_id')} AND status != 'excluded' ORDER BY id`, [json(sourceIds)])
  const niks = new Set(rows.map((r) => r.nik).filter((n) => n !== ''))
  const desaKeys = [...new Set([...sources.values()].map((s) => s.desaKey).filter((k) => k !== ''))]

  if (ids === 'all') db.run('DELETE FROM findings')
  else {
    db.run(`DELETE FROM findings WHERE ${IN('source_id')}`, [json(ids)])
    db.run(
      `DELETE FROM findings WHERE code = 'DUPLICATE_NIK_ACROSS_VILLAGES' AND village_row_id IN (SELECT id FROM village_rows WHERE ${IN('nik')})`,
      [json([...niks])]
    )
    db.run(`DELETE FROM findings WHERE code = 'MISSING_FROM_VILLAGE' AND ${IN('desa_key')}`, [json(desaKeys)])
  }
  const out = findingsOfRows(db, rows, sources, sameNikIndex(rows), todayIso)
  out.push(...householdFindings(db, sources))
  out.push(...acrossVillages(db, [...niks]))
  out.push(...missingPeople(db, completeDesa(db, desaKeys), null))
  insertFindings(db, out)
}

/** Of these desa, those with a complete list among their files: only there can someone be missing. */
function completeDesa(db: Db, desaKeys: string[]): string[] {
  return db.column<string>(
    `SELECT DISTINCT desa_key FROM sources WHERE kind = 'village' AND active = 1 AND desa_key != '' AND ${EFFECTIVE_COVERAGE} = 'complete' AND ${IN('desa_key')}`,
    [json(desaKeys)]
  )
}

/** An edit or a resolution of one row: the row, and every row and master person sharing its NIKs. */
export function recomputeRows(db: Db, rowIds: number[], niks: string[], todayIso: string, oldKks: string[] = []): void {
  const keys = [...new Set(niks.filter((n) => n !== ''))]
  const affected = db.column<number>(
    `SELECT v.id FROM village_rows v WHERE ${IN('v.id')}
     UNION SELECT v.id FROM village_rows v WHERE ${IN('v.nik')}`,
    [json(rowIds), json(keys)]
  )
  db.run(`DELETE FROM findings WHERE ${IN('village_row_id')}`, [json(affected)])
  db.run(`DELETE FROM findings WHERE code = 'MISSING_FROM_VILLAGE' AND master_row_id IN (SELECT id FROM master_rows WHERE ${IN('nik')})`, [json(keys)])

  const rows = db.all<VillageRow>(
    `SELECT v.* FROM village_rows v JOIN sources s ON s.id = v.source_id
     WHERE ${IN('v.id')} AND v.status != 'excluded' AND s.active = 1 ORDER BY v.id`,
    [json(affected)]
  )
  const sources = sourceContexts(db, [...new Set(rows.map((r) => r.source_id))])
  // Duplicates in a file need every non-excluded row of that file holding the same NIK.
  const peers = db.all<{ source_id: number; nik: string; row_no: number }>(
    `SELECT source_id, nik, row_no FROM village_rows WHERE ${IN('nik')} AND status != 'excluded' ORDER BY id`,
    [json([...new Set(rows.map((r) => r.nik).filter((n) => n !== ''))])]
  )
  const out = findingsOfRows(db, rows, sources, sameNikIndex(peers), todayIso)
  // A family is a file's rows sharing a KK: redo the household checks of the families touched
  // (the affected rows' KKs now, and the KK an edit moved a row out of).
  const families = db.all<{ source_id: number; no_kk: string }>(`SELECT DISTINCT source_id, no_kk FROM village_rows WHERE ${IN('id')}`, [json(affected)])
  const touched = sourceContexts(db, [...new Set(families.map((f) => f.source_id))])
  const kks = [...new Set([...families.map((f) => f.no_kk), ...oldKks])]
  db.run(
    `DELETE FROM findings WHERE ${IN('code')} AND ${IN('source_id')} AND village_row_id IN (SELECT id FROM village_rows WHERE ${IN('no_kk')})`,
    [json(HOUSEHOLD_CODES), json([...touched.keys()]), json(kks)]
  )
  out.push(...householdFindings(db, touched, kks))
  out.push(...acrossVillages(db, keys))
  const desaWithFiles = db.column<string>(`SELECT DISTINCT desa_key FROM sources WHERE kind = 'village' AND active = 1 AND desa_key != ''`)
  out.push(...missingPeople(db, completeDesa(db, desaWithFiles), keys))
  insertFindings(db, out)
}

/** Master people of these desa (optionally: with these NIKs, looked up by NIK first) that no village file lists. */
function missingPeople(db: Db, desaKeys: string[], niks: string[] | null): FindingRecord[] {
  if (desaKeys.length === 0 || (niks && niks.length === 0)) return []
  return db
    .all<MasterRowRecord & { [k: string]: SqlValue }>(
      `SELECT m.* FROM master_rows m
       WHERE ${niks ? `${IN('m.nik')} AND ${IN('+m.desa_key')}` : IN('m.desa_key')}
         AND NOT EXISTS (
           SELECT 1 FROM village_rows v JOIN sources s ON s.id = v.source_id
           WHERE v.nik = m.nik AND s.active = 1 AND s.kind = 'village' AND v.status != 'excluded')
       ORDER BY m.id`,
      niks ? [json(niks), json(desaKeys)] : [json(desaKeys)]
    )
    .map(missingFinding)
}

function acrossVillages(db: Db, niks: string[]): FindingRecord[] {
  if (niks.length === 0) return []
  const rows = db.all<{ id: number; nik: string; row_no: number; source_id: number; desa: string; desa_key: string; file_name: string; nik_origin: string }>(
    `SELECT v.id, v.nik, v.row_no, v.source_id, v.nik_origin, s.desa, s.desa_key, s.file_name
     FROM village_rows v CROSS JOIN sources s ON s.id = v.source_id -- CROSS: look up by NIK first
     WHERE s.active = 1 AND s.kind = 'village' AND v.status != 'excluded' AND ${IN('v.nik')}
     ORDER BY v.id`,
    [json(niks)]
  )
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

function insertFindings(db: Db, findings: FindingRecord[]): void {
  db.runMany(
    `INSERT OR REPLACE INTO findings (key, code, severity, source_id, village_row_id, master_row_id, desa_key, field, village_value, master_value, params)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    findings.map((f) => [f.key, f.code, f.severity, f.source_id, f.village_row_id, f.master_row_id, f.desa_key, f.field, f.village_value, f.master_value, JSON.stringify(f.params)])
  )
}
