/**
 * Recomputes stored findings for a scope of village files, so an edit or an import touches only
 * what it can change: the rows of the affected files, cross-village duplicates of the NIKs
 * involved, and missing people of the affected desa.
 */
import type { SqlValue } from 'sql.js'
import type { PersonField } from '../../domain/fields'
import { nikProblem } from '../../domain/nik'
import type { Db } from '../db'
import { findingKey, missingFinding, rowFindings, type FindingRecord, type MasterRowRecord, type VillageRowRecord } from './row-findings'
import { SEVERITY } from '../../domain/findings'
import type { ColumnMapping } from '../../api/types'

export interface RecomputeScope {
  /** Village source ids whose rows changed, or 'all' (after a new master). */
  sources: number[] | 'all'
  /** NIKs that rows of these sources held before the change (an edited NIK). */
  formerNiks?: string[]
  /**
   * 'desa' (an import): re-check every master person of the files' desa for MISSING_FROM_VILLAGE.
   * 'niks' (an edit): only the master people whose NIK the change involved.
   */
  missing?: 'desa' | 'niks'
}

const json = (v: unknown) => JSON.stringify(v)

export function recompute(db: Db, scope: RecomputeScope, todayIso: string): void {
  const all = scope.sources === 'all'
  const sources = db.all<{ id: number; desa_key: string; mapping: string }>(
    `SELECT id, desa_key, mapping FROM sources WHERE kind = 'village' AND active = 1
     ${all ? '' : 'AND id IN (SELECT value FROM json_each(?))'}`,
    all ? [] : [json(scope.sources)]
  )
  const sourceIds = all ? sources.map((s) => s.id) : (scope.sources as number[])
  const rows = db.all<VillageRowRecord & { [k: string]: SqlValue }>(
    `SELECT * FROM village_rows WHERE source_id IN (SELECT value FROM json_each(?)) AND status != 'excluded' ORDER BY id`,
    [json(sourceIds)]
  )
  const niks = new Set<string>(scope.formerNiks ?? [])
  for (const r of rows) if (r.nik !== '') niks.add(r.nik)
  const desaKeys = [...new Set(sources.map((s) => s.desa_key).filter((k) => k !== ''))]

  if (all) db.run('DELETE FROM findings')
  else {
    db.run(`DELETE FROM findings WHERE source_id IN (SELECT value FROM json_each(?))`, [json(sourceIds)])
    db.run(
      `DELETE FROM findings WHERE code = 'DUPLICATE_NIK_ACROSS_VILLAGES'
       AND village_row_id IN (SELECT id FROM village_rows WHERE nik IN (SELECT value FROM json_each(?)))`,
      [json([...niks])]
    )
    if (scope.missing === 'niks') {
      db.run(
        `DELETE FROM findings WHERE code = 'MISSING_FROM_VILLAGE' AND master_row_id IN (SELECT id FROM master_rows WHERE nik IN (SELECT value FROM json_each(?)))`,
        [json([...niks])]
      )
    } else db.run(`DELETE FROM findings WHERE code = 'MISSING_FROM_VILLAGE' AND desa_key IN (SELECT value FROM json_each(?))`, [json(desaKeys)])
  }

  const masters = new Map<string, MasterRowRecord[]>()
  for (const m of db.all<MasterRowRecord & { [k: string]: SqlValue }>(
    `SELECT * FROM master_rows WHERE nik IN (SELECT value FROM json_each(?)) ORDER BY id`,
    [json([...niks])]
  )) {
    const list = masters.get(m.nik)
    if (list) list.push(m)
    else masters.set(m.nik, [m])
  }

  const out: FindingRecord[] = []
  const bySource = new Map<number, VillageRowRecord[]>()
  for (const r of rows) {
    const list = bySource.get(r.source_id)
    if (list) list.push(r)
    else bySource.set(r.source_id, [r])
  }
  for (const source of sources) {
    const sourceRows = bySource.get(source.id) ?? []
    const mapped = new Set<PersonField>()
    for (const m of JSON.parse(source.mapping) as ColumnMapping[]) mapped.add(m.field)
    // A combined TEMPAT/TGL LAHIR or RT/RW column maps both of its fields.
    if (mapped.has('tanggal_lahir')) mapped.add('tempat_lahir')
    if (mapped.has('rt')) mapped.add('rw')
    const sameNik = new Map<string, number[]>()
    for (const r of sourceRows) {
      if (r.nik === '') continue
      const list = sameNik.get(r.nik)
      if (list) list.push(r.row_no)
      else sameNik.set(r.nik, [r.row_no])
    }
    for (const r of sourceRows) {
      const candidates = masters.get(r.nik)
      const master = candidates?.find((m) => m.desa_key === source.desa_key) ?? candidates?.[0]
      out.push(
        ...rowFindings(r, master, {
          desaKey: source.desa_key,
          mapped,
          sameNikRows: sameNik.get(r.nik) ?? [],
          todayIso
        })
      )
    }
  }

  out.push(...acrossVillages(db, [...niks]))
  const byNik = !all && scope.missing === 'niks'
  // Missing people are only looked for in desa that sent a file.
  const missingDesa = byNik ? db.column<string>(`SELECT DISTINCT desa_key FROM sources WHERE kind = 'village' AND active = 1 AND desa_key != ''`) : desaKeys
  if (missingDesa.length > 0) {
    const missing = db.all<MasterRowRecord & { [k: string]: SqlValue }>(
      `SELECT m.* FROM master_rows m
       WHERE m.desa_key IN (SELECT value FROM json_each(?))
         ${byNik ? 'AND m.nik IN (SELECT value FROM json_each(?))' : ''}
         AND NOT EXISTS (
           SELECT 1 FROM village_rows v JOIN sources s ON s.id = v.source_id
           WHERE v.nik = m.nik AND s.active = 1 AND s.kind = 'village' AND v.status != 'excluded')
       ORDER BY m.id`,
      byNik ? [json(missingDesa), json([...niks])] : [json(missingDesa)]
    )
    for (const m of missing) out.push(missingFinding(m))
  }
  insertFindings(db, out)
}

function acrossVillages(db: Db, niks: string[]): FindingRecord[] {
  if (niks.length === 0) return []
  const rows = db.all<{ id: number; nik: string; row_no: number; source_id: number; desa: string; desa_key: string; file_name: string; nik_origin: string }>(
    `SELECT v.id, v.nik, v.row_no, v.source_id, v.nik_origin, s.desa, s.desa_key, s.file_name
     FROM village_rows v JOIN sources s ON s.id = v.source_id
     WHERE s.active = 1 AND s.kind = 'village' AND v.status != 'excluded'
       AND v.nik IN (SELECT value FROM json_each(?))
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
    findings.map((f) => [
      f.key,
      f.code,
      f.severity,
      f.source_id,
      f.village_row_id,
      f.master_row_id,
      f.desa_key,
      f.field,
      f.village_value,
      f.master_value,
      JSON.stringify(f.params)
    ])
  )
}
