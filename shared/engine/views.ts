/**
 * Read models for the renderer: rows with their findings (and their status after decisions),
 * and the summary counts. Finding status is derived, never stored: a decision resolves a finding
 * only while the village value is still the one it was made about.
 */
import type { SqlValue } from 'sql.js'
import type { CodeCount, Coercion, DesaSummary, FindingView, RowView, Summary } from '../api/types'
import { emptyPerson, PERSON_FIELDS, type PersonField, type PersonValues } from '../domain/fields'
import { ALLOWED_ACTIONS, compareSeverity, type FindingCode } from '../domain/findings'
import { undoState } from './commands/undo'
import { desaKey } from '../domain/region'
import type { Db } from './db'

const json = (v: unknown) => JSON.stringify(v)

/** SQL: 1 when finding f is resolved by its decision d. */
export const RESOLVED_SQL = `(d.finding_key IS NOT NULL AND (d.value IS NULL OR d.value IS f.village_value))`

/** Which rows to load: village rows by id, file or NIK; master-only rows by NIK. */
export interface RowFilter {
  rowIds?: number[]
  sources?: number[]
  niks?: string[]
  /** Village rows of these family cards (household findings span a family). */
  kks?: string[]
}

type DbRow = Record<string, SqlValue>

function personOf(r: DbRow): PersonValues {
  const p = emptyPerson()
  for (const f of PERSON_FIELDS) p[f] = String(r[f] ?? '')
  return p
}

interface FindingRow extends DbRow {
  key: string
  code: string
  severity: string
  village_row_id: number | null
  master_row_id: number | null
  field: string | null
  village_value: string | null
  master_value: string | null
  params: string
  action: string | null
  resolved: number
}

function findingView(f: FindingRow): FindingView {
  const code = f.code as FindingCode
  return {
    key: f.key,
    code,
    severity: f.severity as FindingView['severity'],
    field: f.field as PersonField | null,
    village: f.village_value,
    master: f.master_value,
    params: JSON.parse(f.params) as Record<string, string>,
    status: f.resolved ? 'resolved' : 'open',
    resolution: f.resolved ? (f.action as FindingView['resolution']) : null,
    allowed: [...ALLOWED_ACTIONS[code]]
  }
}

const sortFindings = (list: FindingView[]) =>
  list.sort((a, b) => compareSeverity(a.severity, b.severity) || a.code.localeCompare(b.code) || (a.field ?? '').localeCompare(b.field ?? ''))

/**
 * A slice of all rows in a stable order, for loading the grid in pieces: village rows by id, then
 * master people missing from the files by id. `after` is the last id of the previous page.
 */
export interface RowPage {
  kind: 'v' | 'm'
  after: number
  limit: number
}

/** Rows of village files (active) and master people missing from them; all when no filter. */
export function loadRows(db: Db, filter?: RowFilter, page?: RowPage): RowView[] {
  const where: string[] = [`s.active = 1`, `s.kind = 'village'`]
  const params: SqlValue[] = []
  if (page) {
    where.push(page.kind === 'v' ? `v.id > ${Number(page.after)}` : '0')
  } else if (filter) {
    // One indexed lookup per kind of key, united: an OR across columns would scan every row.
    const parts: string[] = []
    if (filter.rowIds?.length) {
      parts.push('SELECT value FROM json_each(?)')
      params.push(json(filter.rowIds))
    }
    if (filter.sources?.length) {
      parts.push('SELECT id FROM village_rows WHERE source_id IN (SELECT value FROM json_each(?))')
      params.push(json(filter.sources))
    }
    if (filter.niks?.length) {
      parts.push('SELECT id FROM village_rows WHERE nik IN (SELECT value FROM json_each(?))')
      params.push(json(filter.niks))
    }
    if (filter.kks?.length) {
      parts.push('SELECT id FROM village_rows WHERE no_kk IN (SELECT value FROM json_each(?))')
      params.push(json(filter.kks))
    }
    where.push(parts.length ? `v.id IN (${parts.join(' UNION ')})` : '0')
  }
  const village = db.all<DbRow>(
    `SELECT v.*, s.file_name, s.desa AS source_desa, s.desa_key AS source_desa_key
     FROM village_rows v JOIN sources s ON s.id = v.source_id
     WHERE ${where.join(' AND ')} ORDER BY ${page ? `v.id LIMIT ${Number(page.limit)}` : 'v.source_id, v.row_no'}`,
    params
  )
  const ids = village.map((r) => Number(r.id))
  const findings = new Map<number, FindingView[]>()
  for (const f of db.all<FindingRow>(
    `SELECT f.*, d.action, ${RESOLVED_SQL} AS resolved FROM findings f
     LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE f.village_row_id IN (SELECT value FROM json_each(?))`,
    [json(ids)]
  )) {
    const id = Number(f.village_row_id)
    const list = findings.get(id)
    if (list) list.push(findingView(f))
    else findings.set(id, [findingView(f)])
  }
  const masters = new Map<string, DbRow[]>()
  for (const m of db.all<DbRow>(
    `SELECT * FROM master_rows WHERE nik IN (SELECT value FROM json_each(?)) ORDER BY id`,
    [json([...new Set(village.map((r) => String(r.nik)).filter((n) => n !== ''))])]
  )) {
    const list = masters.get(String(m.nik))
    if (list) list.push(m)
    else masters.set(String(m.nik), [m])
  }

  const out: RowView[] = village.map((r) => {
    const candidates = masters.get(String(r.nik))
    const master = candidates?.find((m) => m.desa_key === r.source_desa_key) ?? candidates?.[0]
    const values = personOf(r)
    values.desa = String(r.source_desa || r.desa || '')
    return {
      id: `v${r.id}`,
      kind: 'village',
      sourceId: Number(r.source_id),
      fileName: String(r.file_name),
      rowNo: Number(r.row_no),
      desa: values.desa,
      values,
      master: master ? personOf(master) : null,
      status: r.status as RowView['status'],
      findings: sortFindings(findings.get(Number(r.id)) ?? []),
      coercions: JSON.parse(String(r.coercions ?? '[]')) as Coercion[]
    }
  })

  // Master-only rows: by NIK for a filter, by id for a page (only once the village rows are done).
  const missingWhere = page ? (page.kind === 'm' ? `AND m.id > ${Number(page.after)}` : 'AND 0') : filter ? (filter.niks?.length ? 'AND m.nik IN (SELECT value FROM json_each(?))' : 'AND 0') : ''
  for (const r of db.all<DbRow & FindingRow>(
    `SELECT m.*, f.key, f.code, f.severity, f.village_row_id, f.master_row_id, f.field, f.village_value, f.master_value, f.params,
            d.action, ${RESOLVED_SQL} AS resolved
     FROM master_rows m JOIN findings f ON f.master_row_id = m.id AND f.code = 'MISSING_FROM_VILLAGE'
     LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE 1 ${missingWhere} ORDER BY m.id${page ? ` LIMIT ${Number(page.limit)}` : ''}`,
    !page && filter?.niks?.length ? [json(filter.niks)] : []
  )) {
    const values = personOf(r)
    out.push({
      id: `m${r.master_row_id}`,
      kind: 'master_only',
      sourceId: null,
      fileName: null,
      rowNo: null,
      desa: values.desa,
      values,
      master: values,
      status: 'open',
      findings: [findingView(r)],
      coercions: []
    })
  }
  return out
}

export function loadSummary(db: Db): Summary {
  const undo = undoState(db)
  const byCode: Partial<Record<FindingCode, CodeCount>> = {}
  const desa = new Map<string, DesaSummary>()
  const desaOf = (key: string, name: string): DesaSummary => {
    let d = desa.get(key)
    if (!d) {
      d = { desa: name, status: 'not_received', files: [], people: 0, rows: 0, open: 0, resolved: 0, verified: 0, byCode: {}, exportedAt: null }
      desa.set(key, d)
    }
    if (!d.desa && name) d.desa = name
    return d
  }
  for (const m of db.all<{ desa_key: string; desa: string; people: number }>(`SELECT desa_key, desa, people FROM master_desa_list ORDER BY desa`)) {
    desaOf(m.desa_key, m.desa).people = Number(m.people)
  }
  // Grouped on the covering index (source_id, status) first: a join per row costs 10× more.
  const perSource = new Map<number, { rows: number; verified: number }>()
  for (const c of db.all<{ source_id: number; status: string; n: number }>(`SELECT source_id, status, COUNT(*) AS n FROM village_rows GROUP BY source_id, status`)) {
    if (c.status === 'excluded') continue
    const s = perSource.get(c.source_id) ?? { rows: 0, verified: 0 }
    s.rows += c.n
    if (c.status === 'verified') s.verified += c.n
    perSource.set(c.source_id, s)
  }
  for (const s of db.all<{ id: number; desa_key: string; desa: string; file_name: string }>(`SELECT id, desa_key, desa, file_name FROM sources WHERE kind = 'village' AND active = 1 ORDER BY desa, id`)) {
    const d = desaOf(s.desa_key, s.desa)
    d.files.push(s.file_name)
    d.rows += perSource.get(s.id)?.rows ?? 0
    d.verified += perSource.get(s.id)?.verified ?? 0
  }
  let open = 0
  let resolved = 0
  for (const r of db.all<{ code: FindingCode; desa_key: string; n: number; resolved: number }>(
    `SELECT f.code, f.desa_key, COUNT(*) AS n, SUM(${RESOLVED_SQL}) AS resolved
     FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
     GROUP BY f.code, f.desa_key`
  )) {
    const res = Number(r.resolved ?? 0)
    const opn = Number(r.n) - res
    open += opn
    resolved += res
    const c = (byCode[r.code] ??= { open: 0, resolved: 0 })
    c.open += opn
    c.resolved += res
    const d = desaOf(r.desa_key, '')
    d.open += opn
    d.resolved += res
    const dc = (d.byCode[r.code] ??= { open: 0, resolved: 0 })
    dc.open += opn
    dc.resolved += res
  }
  const activity = desaActivity(db)
  for (const [key, d] of desa) {
    const act = activity.get(key)
    if (act?.exportedAt) d.exportedAt = act.exportedAt
    d.status = act?.exportedAt
      ? 'exported'
      : d.files.length === 0
        ? 'not_received'
        : d.open === 0
          ? 'verified'
          : (act?.lastReview ?? 0) > 0 || d.resolved > 0 || d.verified > 0
            ? 'in_review'
            : 'imported'
  }
  const rows = [...desa.values()].reduce((n, d) => n + d.rows, 0)
  return {
    rows,
    open,
    resolved,
    byCode,
    byDesa: [...desa.values()].filter((d) => d.desa !== '' || d.rows > 0 || d.open > 0).sort((a, b) => a.desa.localeCompare(b.desa)),
    undo
  }
}

/**
 * Per desa, from the audit log (its ids order every change): the newest review action on its rows
 * or master people (0: none yet), and when its newest package went out if that package is still
 * current — nothing of the desa changed after it (no review action, new file, coverage change or
 * new master). Grouped per row on the audit's row index first, then per desa.
 */
function desaActivity(db: Db): Map<string, { lastReview: number; exportedAt: string | null }> {
  const out = new Map<string, { lastReview: number; exportedAt: string | null }>()
  const at = (key: string) => {
    let a = out.get(key)
    if (!a) out.set(key, (a = { lastReview: 0, exportedAt: null }))
    return a
  }
  for (const r of db.all<{ k: string | null; last: number }>(
    `WITH touched AS (SELECT row_id, MAX(id) AS last FROM audit WHERE row_id IS NOT NULL GROUP BY row_id)
     SELECT COALESCE(s.desa_key, m.desa_key) AS k, MAX(t.last) AS last FROM touched t
     LEFT JOIN village_rows v ON substr(t.row_id, 1, 1) = 'v' AND v.id = CAST(substr(t.row_id, 2) AS INTEGER)
     LEFT JOIN sources s ON s.id = v.source_id
     LEFT JOIN master_rows m ON substr(t.row_id, 1, 1) = 'm' AND m.id = CAST(substr(t.row_id, 2) AS INTEGER)
     GROUP BY k`
  )) {
    if (r.k !== null) at(r.k).lastReview = r.last
  }
  const exports = new Map<string, { id: number; at: string }>()
  for (const e of db.all<{ id: number; at: string; detail: string }>(`SELECT id, at, detail FROM audit WHERE action = 'export' ORDER BY id`)) {
    for (const name of (JSON.parse(e.detail) as { desa?: string[] }).desa ?? []) exports.set(desaKey(name), { id: e.id, at: e.at })
  }
  if (exports.size === 0) return out
  const since = Math.min(...[...exports.values()].map((e) => e.id))
  const changed = new Map<string, number>()
  const touch = (key: string, id: number) => changed.set(key, Math.max(changed.get(key) ?? 0, id))
  let masterChanged = 0
  for (const a of db.all<{ id: number; action: string; detail: string | null }>(
    `SELECT id, action, detail FROM audit WHERE id > ? AND action IN ('import_master', 'import_village', 'set_coverage')`,
    [since]
  )) {
    if (a.action === 'import_master') masterChanged = a.id
    else if (a.action === 'import_village') touch(desaKey((JSON.parse(a.detail ?? '{}') as { desa?: string }).desa ?? ''), a.id)
    else for (const s of db.all<{ desa_key: string }>(`SELECT desa_key FROM sources WHERE file_name = ? AND kind = 'village'`, [a.detail])) touch(s.desa_key, a.id)
  }
  for (const [key, e] of exports) {
    if (e.id > masterChanged && e.id > (changed.get(key) ?? 0) && e.id > (out.get(key)?.lastReview ?? 0)) at(key).exportedAt = e.at
  }
  return out
}

/** A row's view as a string, to tell which rows a command changed. */
export function rowSignature(r: RowView): string {
  return JSON.stringify([r.values, r.master, r.status, r.findings])
}
