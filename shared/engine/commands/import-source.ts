/** Applying an import: parse the stored file, replace or add its rows, recompute findings. */
import type { CoercionSummary, ColumnMapping, ImportWarning } from '../../api/types'
import { PERSON_FIELDS, type PersonField } from '../../domain/fields'
import type { FindingCode } from '../../domain/findings'
import { nameKey } from '../../domain/names'
import { desaKey } from '../../domain/region'
import { audit } from '../audit'
import type { Db } from '../db'
import { cermatError } from '../errors'
import { extractTable, type MappingTemplate, type ParsedRow } from '../import/extract-table'
import { readWorkbook } from '../import/read-workbook'
import { warn } from '../import/table-warnings'
import { recomputeRows, recomputeSources } from '../match/recompute'
import { findingKey } from '../match/row-findings'
import type { ApplyContext, Command } from './types'

export interface ImportApplied {
  sourceId: number
  warnings: ImportWarning[]
  coercions: CoercionSummary[]
}


export async function applyImport(ctx: ApplyContext, cmd: Extract<Command, { type: 'importSource' }>): Promise<ImportApplied> {
  const { db } = ctx
  ctx.progress('read', 0, 1)
  const bytes = await ctx.readBlob(cmd.sha256)
  await ctx.yieldToHost()
  ctx.checkCancelled()
  ctx.progress('parse', 0, 1)
  const wb = readWorkbook(bytes, cmd.fileName, ctx.limits)
  await ctx.yieldToHost()
  ctx.checkCancelled()
  const table = extractTable(wb, cmd.fileName, {
    kind: cmd.kind,
    ...(cmd.choice ? { choice: cmd.choice } : {}),
    templates: loadTemplates(db),
    onRows: (done, total) => ctx.progress('parse', done, total)
  })
  if (table.rows.length === 0) {
    throw cermatError('NO_DATA_SHEET', { file: cmd.fileName })
  }
  await ctx.yieldToHost()
  ctx.checkCancelled()

  const warnings = [...table.warnings]
  let desa = cmd.desa ?? table.desa
  let replaced: { id: number; file_name: string; row_count: number }[] = []
  if (cmd.kind === 'village') {
    desa = resolveDesa(db, desa, table.desaCandidates, cmd.fileName)
    if (!desa) warnings.push(warn('DESA_UNKNOWN'))
    const existing = previousFiles(db, desa)
    if (existing.length > 0 && cmd.onExisting === undefined) {
      throw cermatError('REPLACE_NEEDS_CONFIRMATION', { file: cmd.fileName, desa, previous: existing.map((e) => e.file_name).join(', '), rows: existing.reduce((n, e) => n + e.row_count, 0) })
    }
    if (cmd.onExisting === 'replace') replaced = existing
  } else {
    if (!table.mappedFields.includes('desa')) warnings.push(warn('MASTER_NO_DESA'))
    const previous = db.column<number>(`SELECT id FROM sources WHERE kind = 'master' AND active = 1`)
    for (const id of previous) {
      db.run('DELETE FROM master_rows WHERE source_id = ?', [id])
      db.run('UPDATE sources SET active = 0 WHERE id = ?', [id])
    }
  }

  db.run(
    `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, warnings, imported_at, imported_by, replaces)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [cmd.kind, cmd.fileName, cmd.sha256, wb.format, table.sheet, table.headerRow, table.rows.length, desa, desaKey(desa), JSON.stringify(table.mapping), '[]', ctx.at, ctx.by, replaced[0]?.id ?? null]
  )
  const sourceId = Number(db.column('SELECT last_insert_rowid()')[0])

  ctx.progress('store', 0, table.rows.length)
  if (cmd.kind === 'master') {
    insertMasterRows(ctx, sourceId, table.rows, desa)
    db.raw.exec(`
      DELETE FROM master_desa_list;
      INSERT INTO master_desa_list (desa_key, desa, people)
        SELECT desa_key, MIN(desa), COUNT(*) FROM master_rows WHERE desa_key != '' GROUP BY desa_key;
    `)
  } else insertVillageRows(ctx, sourceId, table.rows)
  ctx.progress('store', table.rows.length, table.rows.length)
  await ctx.yieldToHost()
  ctx.checkCancelled()

  ctx.progress('match', 0, 1)
  if (replaced.length > 0) {
    const kept = replaceFiles(ctx, replaced.map((r) => r.id), sourceId)
    warnings.push(warn('REPLACED', { file: replaced.map((r) => r.file_name).join(', '), rows: replaced.reduce((n, r) => n + r.row_count, 0), kept: kept.decisions, edits: kept.edits }))
  } else recomputeSources(db, cmd.kind === 'master' ? 'all' : [sourceId], ctx.todayIso)
  ctx.progress('match', 1, 1)
  db.run('UPDATE sources SET warnings = ? WHERE id = ?', [JSON.stringify(warnings), sourceId])
  if (cmd.saveTemplate) saveTemplate(ctx, cmd.saveTemplate, table.mapping)
  audit(ctx, {
    action: cmd.kind === 'master' ? 'import_master' : 'import_village',
    detail: JSON.stringify({ file: cmd.fileName, sha256: cmd.sha256, rows: table.rows.length, desa, ...(replaced.length ? { replaces: replaced.map((r) => r.file_name) } : {}) })
  })
  return { sourceId, warnings, coercions: table.coercions }
}

/** Active village files of a desa (a new file for it replaces them or joins them). */
export function previousFiles(db: Db, desa: string): { id: number; file_name: string; row_count: number }[] {
  const key = desaKey(desa)
  if (key === '') return []
  return db.all(`SELECT id, file_name, row_count FROM sources WHERE kind = 'village' AND active = 1 AND desa_key = ? ORDER BY id`, [key])
}

export function loadTemplates(db: Db): MappingTemplate[] {
  return db.all<{ name: string; columns: string }>('SELECT name, columns FROM mapping_templates ORDER BY name').map((r) => ({ name: r.name, columns: JSON.parse(r.columns) as MappingTemplate['columns'] }))
}

function saveTemplate(ctx: ApplyContext, name: string, mapping: ColumnMapping[]): void {
  const columns: MappingTemplate['columns'] = mapping.filter((m) => m.header !== '').map((m) => ({ header: m.header, target: m.target ?? m.field }))
  ctx.db.run(
    `INSERT INTO mapping_templates (name, columns, created_at, created_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET columns = excluded.columns, created_at = excluded.created_at, created_by = excluded.created_by`,
    [name, JSON.stringify(columns), ctx.at, ctx.by]
  )
  audit(ctx, { action: 'save_template', detail: JSON.stringify({ name, columns: columns.length }) })
}

export function deleteTemplate(ctx: ApplyContext, name: string): void {
  ctx.db.run('DELETE FROM mapping_templates WHERE name = ?', [name])
  audit(ctx, { action: 'delete_template', detail: JSON.stringify({ name }) })
}

/** The operator says what a village file covers; people missing from it are reported only for complete lists. */
export function applySetCoverage(ctx: ApplyContext, cmd: Extract<Command, { type: 'setCoverage' }>): void {
  const s = ctx.db.get<{ coverage: string; file_name: string }>(`SELECT coverage, file_name FROM sources WHERE id = ? AND kind = 'village' AND active = 1`, [cmd.sourceId])
  if (!s) throw cermatError('SOURCE_NOT_FOUND', { sourceId: cmd.sourceId })
  if (s.coverage === cmd.coverage) return
  ctx.db.run('UPDATE sources SET coverage = ? WHERE id = ?', [cmd.coverage, cmd.sourceId])
  audit(ctx, { action: 'set_coverage', field: 'coverage', oldValue: s.coverage, newValue: cmd.coverage, detail: s.file_name })
  recomputeSources(ctx.db, [cmd.sourceId], ctx.todayIso)
}

type RowRecord = { id: number; nik: string; status: string; status_at: string | null; status_by: string | null } & Record<PersonField, string>

/** How a row is recognised across two versions of a file: its NIK, else its name and birth date. */
function rowKey(r: Record<string, unknown>): string {
  const nik = String(r.nik ?? '')
  return nik !== '' ? `nik:${nik}` : `nama:${nameKey(String(r.nama ?? ''))}|${String(r.tanggal_lahir ?? '')}`
}

/**
 * A newer version of a desa's file replaces the old one. A row that came in exactly as before
 * (same values before the operator's edits) keeps its edits and its verified/excluded status;
 * every decision whose conflict is still the same (same finding, same village and master values)
 * is kept. Returns how many decisions and edits carried over.
 */
function replaceFiles(ctx: ApplyContext, oldIds: number[], newId: number): { decisions: number; edits: number } {
  const { db } = ctx
  const ids = JSON.stringify(oldIds)
  const oldRows = db.all<RowRecord>(`SELECT * FROM village_rows WHERE source_id IN (SELECT value FROM json_each(?))`, [ids])
  const newRows = db.all<RowRecord>('SELECT * FROM village_rows WHERE source_id = ?', [newId])
  const oldDecisions = db.all<{
    key: string
    code: FindingCode
    field: string | null
    village_value: string | null
    master_value: string | null
    village_row_id: number
    action: string
    value: string | null
    at: string
    by: string
    reason: string | null
    basis_kind: string | null
    basis_no: string | null
    basis_date: string | null
  }>(
    `SELECT f.key, f.code, f.field, f.village_value, f.master_value, f.village_row_id, d.action, d.value, d.at, d.by, d.reason, d.basis_kind, d.basis_no, d.basis_date
     FROM findings f JOIN decisions d ON d.finding_key = f.key WHERE f.source_id IN (SELECT value FROM json_each(?))`,
    [ids]
  )
  // The values each old row had when it was imported: its current ones with the operator's edits (and deactivations) undone.
  const firstOld = new Map<string, string>()
  for (const e of db.all<{ row_id: string; field: string; old_value: string }>(
    `SELECT row_id, field, old_value FROM audit WHERE action IN ('edit', 'deactivate') AND field IS NOT NULL AND row_id IN (SELECT 'v' || value FROM json_each(?)) ORDER BY id`,
    [JSON.stringify(oldRows.map((r) => r.id))]
  )) {
    const k = `${e.row_id}|${e.field}`
    if (!firstOld.has(k)) firstOld.set(k, e.old_value)
  }
  const unique = <T extends Record<string, unknown>>(rows: T[]) => {
    const out = new Map<string, T | null>()
    for (const r of rows) {
      const k = rowKey(r)
      out.set(k, out.has(k) ? null : r)
    }
    return out
  }
  const newByKey = unique(newRows)
  const rowMap = new Map<number, number>()
  let edits = 0
  for (const [k, old] of unique(oldRows)) {
    const now = newByKey.get(k)
    if (!old || !now) continue
    rowMap.set(old.id, now.id)
    const imported = (f: PersonField) => firstOld.get(`v${old.id}|${f}`) ?? old[f]
    if (!PERSON_FIELDS.every((f) => imported(f) === now[f])) continue
    for (const f of PERSON_FIELDS) {
      if (old[f] === now[f]) continue
      db.run(`UPDATE village_rows SET ${f} = ? WHERE id = ?`, [old[f], now.id])
      audit(ctx, { action: 'edit', rowId: `v${now.id}`, field: f, oldValue: now[f], newValue: old[f], detail: `dari v${old.id} (file sebelumnya)` })
      edits++
    }
    if (old.status !== 'open') db.run('UPDATE village_rows SET status = ?, status_at = ?, status_by = ? WHERE id = ?', [old.status, old.status_at, old.status_by, now.id])
  }

  const oldNiks = [...new Set(oldRows.map((r) => r.nik))]
  db.run(`DELETE FROM findings WHERE source_id IN (SELECT value FROM json_each(?))`, [ids])
  db.run(`UPDATE sources SET active = 0 WHERE id IN (SELECT value FROM json_each(?))`, [ids])
  recomputeSources(db, [newId], ctx.todayIso)
  // Rows elsewhere that shared a NIK with the old file (duplicates across villages, missing people).
  recomputeRows(db, [], oldNiks, ctx.todayIso)

  let decisions = 0
  for (const d of oldDecisions) {
    const to = rowMap.get(d.village_row_id)
    if (to === undefined) continue
    const key = findingKey(d.code, `v${to}`, d.field)
    const same = db.get(`SELECT 1 FROM findings WHERE key = ? AND village_value IS ? AND master_value IS ?`, [key, d.village_value, d.master_value])
    if (!same) continue
    db.run(
      `INSERT OR REPLACE INTO decisions (finding_key, action, value, at, by, reason, basis_kind, basis_no, basis_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [key, d.action, d.value, d.at, d.by, d.reason, d.basis_kind, d.basis_no, d.basis_date]
    )
    decisions++
  }
  return { decisions, edits }
}

function insertMasterRows(ctx: ApplyContext, sourceId: number, rows: ParsedRow[], fileDesa: string): void {
  ctx.db.runMany(
    `INSERT INTO master_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, desa_key) VALUES (?, ?, ${PERSON_FIELDS.map(() => '?').join(', ')}, ?)`,
    rows.map((r) => {
      const desa = r.values.desa || fileDesa
      return [sourceId, r.rowNo, ...PERSON_FIELDS.map((c) => (c === 'desa' ? desa : r.values[c])), desaKey(desa)]
    })
  )
}

function insertVillageRows(ctx: ApplyContext, sourceId: number, rows: ParsedRow[]): void {
  ctx.db.runMany(
    `INSERT INTO village_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, nik_origin, raw, coercions) VALUES (?, ?, ${PERSON_FIELDS.map(() => '?').join(', ')}, ?, ?, ?)`,
    rows.map((r) => [sourceId, r.rowNo, ...PERSON_FIELDS.map((c) => r.values[c]), r.nikOrigin, JSON.stringify(r.raw), JSON.stringify(r.coercions)])
  )
}

/**
 * The master's spelling of the desa a village file is about: from its desa column, else a title
 * row naming a master desa, else a master desa name in the file name ("musdes-sumberadi.xlsx"),
 * else the first title-row candidate as written.
 */
export function resolveDesa(db: Db, named: string, candidates: string[], fileName: string): string {
  const known = db.all<{ desa: string; desa_key: string }>(`SELECT desa, desa_key FROM master_desa_list`)
  const inMaster = (name: string) => known.find((k) => k.desa_key === desaKey(name))?.desa
  if (named) return inMaster(named) ?? named
  for (const c of candidates) {
    const hit = inMaster(c)
    if (hit) return hit
  }
  const fileKey = desaKey(fileName.replace(/\.[^.]+$/, ''))
  const hits = known.filter((k) => k.desa_key.length >= 3 && fileKey.includes(k.desa_key))
  hits.sort((a, b) => b.desa_key.length - a.desa_key.length)
  return hits[0]?.desa ?? candidates[0] ?? ''
}
