/**
 * Read models for the renderer: rows with their findings (and their status after decisions),
 * and the summary counts. Finding status is derived, never stored: a decision resolves a finding
 * only while the village value is still the one it was made about.
 */
import type { CodeCount, Coercion, DesaSummary, FindingView, RowView, Summary } from '../api/types'
import { emptyPerson, PERSON_FIELDS, type PersonField, type PersonValues } from '../domain/fields'
import { ALLOWED_ACTIONS, compareSeverity, type FindingCode } from '../domain/findings'
import { desaKey } from '../domain/region'
import { undoState } from './commands/undo'
import type { Db } from './db'
import { pendingPerDesa } from './package/changes'
import { lastReviewPerDesa } from './tables/audit-log'
import { newestPackagePerDesa, packagesWithDesa } from './tables/exports'
import {
  type FindingCount,
  findingCounts,
  findingsOfRows,
  type FindingWithStatus,
  missingPeopleRows,
  villageRowsWithFindings
} from './tables/finding-reads'
import { masterDesaList, type MasterRow, masterValuesWithNiks } from './tables/master-rows'
import { boardSources } from './tables/sources'
import {
  countsPerSourceAndStatus,
  type RowFilter,
  type RowPage,
  type SourceCount,
  type ViewVillageRow,
  viewVillageRows
} from './tables/village-rows'

function personOf(r: PersonValues): PersonValues {
  const p = emptyPerson()
  for (const f of PERSON_FIELDS) p[f] = String(r[f] ?? '')
  return p
}

function findingView(f: FindingWithStatus): FindingView {
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
  list.sort(
    (a, b) => compareSeverity(a.severity, b.severity) || a.code.localeCompare(b.code) || (a.field ?? '').localeCompare(b.field ?? '')
  )

/** Rows of village files (active) and master people missing from them; all when no filter. */
export function loadRows(db: Db, filter?: RowFilter, page?: RowPage): RowView[] {
  const out = villageViews(db, viewVillageRows(db, filter, page))
  // Master-only rows: by NIK for a filter, by id for a page (only once the village rows are done).
  for (const r of missingPeopleRows(db, filter, page)) out.push(masterOnlyView(r))
  return out
}

/**
 * The rows holding a finding, in loadRows' order (the report): a month's rows without one, most of
 * them, are neither read nor built.
 */
export function loadRowsWithFindings(db: Db): RowView[] {
  const out: RowView[] = []
  eachRowWithFindings(db, (rows) => {
    for (const r of rows) out.push(r)
  })
  return out
}

/** Rows per page of eachRowWithFindings: a page's views and query rows are let go before the next. */
export const FINDING_ROWS_PAGE = 2000

/**
 * The same rows in the same order, handed over a page at a time (issue 17: `cermat check` turns
 * each page into report lines, so 14,000 row views at 60k are never held at once).
 */
export function eachRowWithFindings(db: Db, visit: (rows: RowView[]) => void, pageSize = FINDING_ROWS_PAGE): void {
  // Ids in the views' order (file, row), so consecutive pages of them come back in that order too.
  const ids = villageRowsWithFindings(db)
  for (let i = 0; i < ids.length; i += pageSize) visit(villageViews(db, viewVillageRows(db, { rowIds: ids.slice(i, i + pageSize) })))
  const missing = missingPeopleRows(db)
  for (let i = 0; i < missing.length; i += pageSize) visit(missing.slice(i, i + pageSize).map(masterOnlyView))
}

function villageViews(db: Db, village: ViewVillageRow[]): RowView[] {
  const ids = village.map((r) => Number(r.id))
  const findings = new Map<number, FindingView[]>()
  for (const f of findingsOfRows(db, ids)) {
    const id = Number(f.village_row_id)
    const list = findings.get(id)
    if (list) list.push(findingView(f))
    else findings.set(id, [findingView(f)])
  }
  const masters = new Map<string, ReturnType<typeof masterValuesWithNiks>>()
  for (const m of masterValuesWithNiks(db, [...new Set(village.map((r) => String(r.nik)).filter((n) => n !== ''))])) {
    const list = masters.get(String(m.nik))
    if (list) list.push(m)
    else masters.set(String(m.nik), [m])
  }

  return village.map((r) => {
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
}

function masterOnlyView(r: MasterRow & FindingWithStatus): RowView {
  const values = personOf(r)
  return {
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
  }
}

/** pendingPerDesa, or the engine's cache of it (engine/pending-cache.ts). */
export type PendingPerDesa = (db: Db, today: string) => ReadonlyMap<string, { rows: number; held: number }>

/** The summary's per-desa reads: straight from the tables, or the engine's cache of them kept per desa (pending-cache.ts). */
export interface SummaryReads {
  pending: PendingPerDesa
  findingCounts: (db: Db) => FindingCount[]
  sourceCounts: (db: Db) => SourceCount[]
  /** Per desa, the newest review entry on its rows (audit id). */
  lastReview: (db: Db) => ReadonlyMap<string, number>
}

const FRESH: SummaryReads = {
  pending: pendingPerDesa,
  findingCounts: (db) => findingCounts(db),
  sourceCounts: (db) => countsPerSourceAndStatus(db),
  lastReview: (db) => lastReviewOfDesa(db)
}

/** The summary the board and header read; `today` as the export gate needs it (a desa is sent when nothing is held). */
export function loadSummary(db: Db, today: string, reads: SummaryReads = FRESH): Summary {
  const undo = undoState(db)
  const byCode: Partial<Record<FindingCode, CodeCount>> = {}
  const desa = new Map<string, DesaSummary>()
  const desaOf = (key: string, name: string): DesaSummary => {
    let d = desa.get(key)
    if (!d) {
      d = {
        desa: name,
        status: 'not_received',
        files: [],
        people: 0,
        rows: 0,
        open: 0,
        resolved: 0,
        verified: 0,
        byCode: {},
        exportedAt: null,
        delivery: null
      }
      desa.set(key, d)
    }
    if (!d.desa && name) d.desa = name
    return d
  }
  for (const m of masterDesaList(db)) {
    desaOf(m.desa_key, m.desa).people = Number(m.people)
  }
  // Grouped on the covering index (source_id, status) first: a join per row costs 10× more.
  const perSource = new Map<number, { rows: number; verified: number }>()
  for (const c of reads.sourceCounts(db)) {
    if (c.status === 'excluded') continue
    const s = perSource.get(c.source_id) ?? { rows: 0, verified: 0 }
    s.rows += c.n
    if (c.status === 'verified') s.verified += c.n
    perSource.set(c.source_id, s)
  }
  for (const s of boardSources(db)) {
    const d = desaOf(s.desa_key, s.desa)
    d.files.push(s.file_name)
    d.rows += perSource.get(s.id)?.rows ?? 0
    d.verified += perSource.get(s.id)?.verified ?? 0
  }
  let open = 0
  let resolved = 0
  for (const r of reads.findingCounts(db)) {
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
  // Read only when a desa's status hangs on it (nothing resolved or verified yet): it scans the
  // whole audit log, which every review action lengthens (issue 13/17: most of a late edit's summary).
  let lastReview: ReadonlyMap<string, number> | undefined
  const reviewed = (key: string) => ((lastReview ??= reads.lastReview(db)).get(key) ?? 0) > 0
  const sent = desaSent(db, desa, today, reads.pending)
  // The newest package per desa wins (ordered by seq); its receipt time comes from the same row.
  for (const p of packagesWithDesa(db)) {
    for (const name of JSON.parse(p.desa) as string[]) {
      const d = desa.get(desaKey(name))
      if (d) d.delivery = { seq: Number(p.seq), sha256: p.package_sha256, receivedAt: p.received_at }
    }
  }
  for (const [key, d] of desa) {
    const packaged = sent.get(key)
    if (packaged) d.exportedAt = packaged
    d.status = packaged
      ? 'exported'
      : d.files.length === 0
        ? 'not_received'
        : d.open === 0
          ? 'verified'
          : d.resolved > 0 || d.verified > 0 || reviewed(key)
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

/** Per desa, the newest review action on its rows or master people (audit id; 0: none yet). */
export function lastReviewOfDesa(db: Db): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of lastReviewPerDesa(db)) if (r.k !== null) out.set(r.k, r.last)
  return out
}

/**
 * The desa whose package is current, with when it went out. One source with the export screen:
 * what packages carried (export_changes) against what the next package would hold — a desa is
 * sent while nothing of it is new, corrected, withdrawn or held back (open findings are not in a
 * package either way). So undo and redo around an export agree on both screens. Computed only
 * once a package exists (an edit before the first export pays nothing for it), by pendingPerDesa:
 * the package's own selection, gate and delta, counted.
 */
function desaSent(db: Db, desa: ReadonlyMap<string, DesaSummary>, today: string, pendingOf: PendingPerDesa): Map<string, string> {
  const out = new Map<string, string>()
  const packaged = newestPackagePerDesa(db)
  const candidates = [...packaged.keys()].filter((k) => desa.has(k))
  if (candidates.length === 0) return out
  const pending = pendingOf(db, today)
  for (const key of candidates) {
    const p = pending.get(key)
    if (!p || p.rows + p.held === 0) out.set(key, packaged.get(key)!)
  }
  return out
}

/** A row's view as a string, to tell which rows a command changed. */
export function rowSignature(r: RowView): string {
  return JSON.stringify([r.values, r.master, r.status, r.findings])
}
