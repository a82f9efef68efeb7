/** Applying an import: parse the stored file, replace or add its rows, recompute findings. */
import type { CarryForwardCounts, CoercionSummary, ColumnMapping, ImportWarning, UnrecognisedColumn } from '../../api/types'
import { decideDesa, type DesaEvidence, desaEvidence, isDesaCodeHeader } from '../../domain/desa-evidence'
import { PERSON_FIELDS, type PersonField } from '../../domain/fields'
import { identities, masterSubject, villageSubject } from '../../domain/identity'
import { nameKey } from '../../domain/names'
import { desaKey } from '../../domain/region'
import { registerIdsOf } from '../../domain/register-id'
import { relinkPeople, type Relinks } from '../../domain/relink'
import { audit } from '../audit'
import type { Db } from '../db'
import { cermatError } from '../errors'
import { extractTable, type MappingTemplate, type ParsedRow, type ParsedTable } from '../import/extract-table'
import { textAbove } from '../import/locate-table'
import type { WorkbookData } from '../import/read-workbook'
import { warn } from '../import/table-warnings'
import { recomputeRows, recomputeSources } from '../match/recompute'
import { editsOfRows } from '../tables/audit-log'
import { deleteFindingsOfSources } from '../tables/findings'
import { fillWithoutIndexes } from '../tables/indexes'
import {
  deleteMasterRowsOfSource,
  desaOverlap,
  insertMasterRows,
  masterDesaRefs,
  type MasterIds,
  type MasterRow,
  mastersOfSubjects,
  masterStamp,
  mastersWithBirthDates,
  mastersWithRegisterIds,
  type NewMasterRow,
  rebuildMasterDesaList
} from '../tables/master-rows'
import {
  activeFilesOfDesa,
  activeSourceIds,
  activeVillageSource,
  deactivateSources,
  insertSource,
  setCoverage,
  setSourceCarry,
  setSourceWarnings,
  type SourceRow
} from '../tables/sources'
import { mapRows } from '../tables/sql'
import { deleteTemplateRow, templateRows, upsertTemplate } from '../tables/templates'
import {
  insertVillageRows,
  type NewVillageRow,
  setVillageStatus,
  setVillageValue,
  type VillageRow,
  villageRowsOfSource,
  villageRowsOfSources
} from '../tables/village-rows'
import { addCounts, auditCarry, carryForwardFile, carryForwardMaster, type CarryItem, carryWarnings, noCarry } from './carry-forward'
import type { ApplyContext, Command } from './types'

export interface ImportApplied {
  sourceId: number
  warnings: ImportWarning[]
  coercions: CoercionSummary[]
  unrecognised: UnrecognisedColumn[]
  /** What became of the earlier decisions, edits and statuses (docs/architecture.md, Identity). */
  carryForward: CarryForwardCounts
}

export async function applyImport(ctx: ApplyContext, cmd: Extract<Command, { type: 'importSource' }>): Promise<ImportApplied> {
  const { db } = ctx
  ctx.progress('read', 0, 1)
  const bytes = await ctx.readBlob(cmd.sha256)
  await ctx.yieldToHost()
  ctx.checkCancelled()
  ctx.progress('parse', 0, 1)
  ctx.phase('read')
  const extract = { kind: cmd.kind, ...(cmd.choice ? { choice: cmd.choice } : {}), templates: loadTemplates(db) }
  // The file inspected just before (the import queue's way) was read and extracted then: the same inputs, the same table.
  const inspected = ctx.tables?.take(cmd.sha256, cmd.fileName, extract)
  const wb = inspected?.wb ?? (await ctx.parse(bytes, cmd.fileName, ctx.limits))
  await ctx.yieldToHost()
  ctx.checkCancelled()
  ctx.phase('map')
  const table =
    inspected?.table ?? extractTable(wb, cmd.fileName, { ...extract, onRows: (done, total) => ctx.progress('parse', done, total) })
  if (table.rows.length === 0) {
    throw cermatError('NO_DATA_SHEET', { file: cmd.fileName })
  }
  await ctx.yieldToHost()
  ctx.checkCancelled()

  const warnings = [...table.warnings]
  let desa = cmd.desa ?? table.desa
  let attribution: DesaAttribution | null = null
  let replaced: Pick<SourceRow, 'id' | 'file_name' | 'row_count'>[] = []
  let decidedMasters: MasterRow[] = []
  let idsBefore: MasterIds[] = []
  if (cmd.kind === 'village') {
    // The inspection's answer when nothing it read has changed (the import queue's way; table-memo.ts).
    const kept = !cmd.desa && inspected?.desa?.master === masterStamp(db) ? inspected.desa.attribution : null
    attribution = kept ?? resolveDesa(db, cmd.desa, desaSources(wb, table), cmd.fileName)
    desa = attribution.desa
    warnings.push(...desaWarnings(attribution))
    const existing = previousFiles(db, desa)
    if (existing.length > 0 && cmd.onExisting === undefined) {
      throw cermatError('REPLACE_NEEDS_CONFIRMATION', {
        file: cmd.fileName,
        desa,
        previous: existing.map((e) => e.file_name).join(', '),
        rows: existing.reduce((n, e) => n + e.row_count, 0)
      })
    }
    if (cmd.onExisting === 'replace') replaced = existing
  } else {
    if (!table.mappedFields.includes('desa')) warnings.push(warn('MASTER_NO_DESA'))
    decidedMasters = mastersOfSubjects(db, decidedMasterSubjects(db))
    idsBefore = mastersWithRegisterIds(db)
    for (const id of activeSourceIds(db, 'master')) {
      deleteMasterRowsOfSource(db, id)
      deactivateSources(db, [id])
    }
  }

  ctx.phase('insert')
  const sourceId = insertSource(db, {
    kind: cmd.kind,
    file_name: cmd.fileName,
    sha256: cmd.sha256,
    format: wb.format,
    sheet: table.sheet,
    header_row: table.headerRow,
    row_count: table.rows.length,
    desa,
    desa_key: desaKey(desa),
    desa_evidence: attribution ? JSON.stringify(attribution.evidence) : null,
    mapping: JSON.stringify(table.mapping),
    warnings: '[]',
    imported_at: ctx.at,
    imported_by: ctx.by,
    replaces: replaced[0]?.id ?? null
  })

  ctx.progress('store', 0, table.rows.length)
  if (cmd.kind === 'master') {
    const codeHeader = table.columns.map((c) => c.header).find(isDesaCodeHeader) ?? null
    const ids = identities(table.rows.map((r) => r.values))
    fillWithoutIndexes(db, 'master_rows', () =>
      insertMasterRows(
        db,
        sourceId,
        mapRows(table.rows.entries(), ([i, r]) => masterRowOf(r, desa, codeHeader, masterSubject(ids[i]!)))
      )
    )
    rebuildMasterDesaList(db)
  } else {
    const ids = identities(table.rows.map((r) => ({ ...r.values, nik_origin: r.nikOrigin })))
    insertVillageRows(
      db,
      sourceId,
      mapRows(table.rows.entries(), ([i, r]) => villageRowOf(r, villageSubject(desaKey(desa), ids[i]!), ctx.withoutRawCells !== true))
    )
  }
  ctx.progress('store', table.rows.length, table.rows.length)
  await ctx.yieldToHost()
  ctx.checkCancelled()

  ctx.progress('match', 0, 1)
  ctx.phase('match')
  let carry = { counts: noCarry(), items: [] as CarryItem[] }
  if (replaced.length > 0) {
    const merged = replaceFiles(
      ctx,
      replaced.map((r) => r.id),
      sourceId
    )
    carry = merged
    warnings.push(
      warn('REPLACED', {
        file: replaced.map((r) => r.file_name).join(', '),
        rows: replaced.reduce((n, r) => n + r.row_count, 0),
        kept: merged.keptDecisions,
        edits: merged.items.filter((i) => i.code === 'edit' && i.outcome === 'carried').length
      })
    )
  } else if (!(cmd.matchLater && cmd.kind === 'village')) {
    recomputeSources(db, cmd.kind === 'master' ? 'all' : [sourceId], ctx.todayIso, ctx.phase)
    if (cmd.kind === 'master') {
      const relinks = relinkPeople(idsBefore, idsBefore.length === 0 ? [] : mastersWithRegisterIds(db))
      carry = carryForwardMaster(ctx, renamedPeople(db, decidedMasters, relinks), undefined, relinks)
    }
  }
  ctx.progress('match', 1, 1)
  warnings.push(...carryWarnings(carry.counts, carry.items))
  auditCarry(ctx, carry.counts, carry.items)
  setSourceCarry(db, sourceId, JSON.stringify(carry.counts))
  setSourceWarnings(db, sourceId, JSON.stringify(warnings))
  if (cmd.saveTemplate) saveTemplate(ctx, cmd.saveTemplate, table.mapping)
  audit(ctx, {
    action: cmd.kind === 'master' ? 'import_master' : 'import_village',
    detail: JSON.stringify({
      file: cmd.fileName,
      sha256: cmd.sha256,
      rows: table.rows.length,
      desa,
      ...(replaced.length ? { replaces: replaced.map((r) => r.file_name) } : {})
    })
  })
  return { sourceId, warnings, coercions: table.coercions, unrecognised: table.unrecognised, carryForward: carry.counts }
}

const desaKeyOfSource = (db: Db, id: number): string => db.column<string>(`SELECT desa_key FROM sources WHERE id = ?`, [id])[0] ?? ''

/** The master people earlier decisions are about (`m/…` subjects). */
const decidedMasterSubjects = (db: Db): string[] => db.column<string>(`SELECT DISTINCT subject FROM decisions WHERE subject LIKE 'm/%'`)

/**
 * Of the people decided on in the old master, those the new one lists under another identity
 * (same name, birth date and KK, another NIK: a corrected NIK) that no register id re-links.
 * Their decisions are flagged.
 */
function renamedPeople(db: Db, before: readonly MasterRow[], relinks: Relinks): Set<string> {
  const fp = (m: Pick<MasterRow, 'nama' | 'tanggal_lahir' | 'no_kk'>) => `${nameKey(m.nama)}|${m.tanggal_lahir}|${m.no_kk}`
  const now = mastersWithBirthDates(db, [...new Set(before.map((m) => m.tanggal_lahir))])
  const nowBySubject = new Set(now.map((m) => m.subject))
  const nowFp = new Set(now.map(fp))
  return new Set(
    before.filter((m) => !nowBySubject.has(m.subject) && nowFp.has(fp(m)) && !relinks.bySubject.has(m.subject)).map((m) => m.subject)
  )
}

/** Active village files of a desa (a new file for it replaces them or joins them). */
export function previousFiles(db: Db, desa: string): Pick<SourceRow, 'id' | 'file_name' | 'row_count'>[] {
  const key = desaKey(desa)
  if (key === '') return []
  return activeFilesOfDesa(db, key)
}

export function loadTemplates(db: Db): MappingTemplate[] {
  return templateRows(db).map((r) => ({ name: r.name, columns: JSON.parse(r.columns) as MappingTemplate['columns'] }))
}

function saveTemplate(ctx: ApplyContext, name: string, mapping: ColumnMapping[]): void {
  const columns: MappingTemplate['columns'] = mapping
    .filter((m) => m.header !== '')
    .map((m) => ({ header: m.header, target: m.target ?? m.field }))
  upsertTemplate(ctx.db, { name, columns: JSON.stringify(columns), created_at: ctx.at, created_by: ctx.by })
  audit(ctx, { action: 'save_template', detail: JSON.stringify({ name, columns: columns.length }) })
}

export function deleteTemplate(ctx: ApplyContext, name: string): void {
  deleteTemplateRow(ctx.db, name)
  audit(ctx, { action: 'delete_template', detail: JSON.stringify({ name }) })
}

/** The operator says what a village file covers; people missing from it are reported only for complete lists. */
export function applySetCoverage(ctx: ApplyContext, cmd: Extract<Command, { type: 'setCoverage' }>): void {
  const s = activeVillageSource(ctx.db, cmd.sourceId)
  if (!s) throw cermatError('SOURCE_NOT_FOUND', { sourceId: cmd.sourceId })
  if (s.coverage === cmd.coverage) return
  setCoverage(ctx.db, cmd.sourceId, cmd.coverage)
  audit(ctx, { action: 'set_coverage', field: 'coverage', oldValue: s.coverage, newValue: cmd.coverage, detail: s.file_name })
  recomputeSources(ctx.db, [cmd.sourceId], ctx.todayIso)
}

/**
 * A newer version of a desa's file replaces the old one. Each old row is the new row with the same
 * subject (desa + NIK, or the fingerprint without a usable NIK; shared/domain/identity.ts), and
 * each of its edits, its verified/excluded status and its decisions is merged three ways
 * (carry-forward.ts): as imported (base), the new file's value, the operator's value.
 */
function replaceFiles(
  ctx: ApplyContext,
  oldIds: number[],
  newId: number
): { counts: CarryForwardCounts; items: CarryItem[]; keptDecisions: number } {
  const { db } = ctx
  const oldRows = villageRowsOfSources(db, oldIds)
  const newBySubject = new Map(villageRowsOfSource(db, newId).map((r) => [r.subject, r]))
  // The values each old row had when it was imported: its current ones with the operator's edits (and deactivations) undone.
  const firstOld = new Map<string, string>()
  for (const e of editsOfRows(
    db,
    oldRows.map((r) => r.id)
  )) {
    const k = `${e.row_id}|${e.field}`
    if (!firstOld.has(k)) firstOld.set(k, e.old_value)
  }
  const rowMap = new Map<number, number>()
  let counts = noCarry()
  const items: CarryItem[] = []
  const note = (outcome: CarryItem['outcome'], old: VillageRow, field: string | null, what: string, now?: string) => {
    counts[outcome]++
    items.push({
      outcome,
      subject: old.subject,
      code: what,
      field,
      action: what,
      old: { village: field ? String(old[field as PersonField] ?? '') : old.status, master: null },
      ...(now !== undefined ? { now: { village: now, master: null } } : {})
    })
  }
  for (const old of oldRows) {
    const now = newBySubject.get(old.subject)
    const imported = (f: PersonField) => firstOld.get(`v${old.id}|${f}`) ?? old[f]
    const edited = PERSON_FIELDS.filter((f) => imported(f) !== old[f])
    if (!now) {
      for (const f of edited) note('orphaned', old, f, 'edit')
      if (old.status !== 'open') note('orphaned', old, null, old.status)
      continue
    }
    rowMap.set(old.id, now.id)
    for (const f of edited) {
      if (now[f] === old[f]) note('fulfilled', old, f, 'edit', now[f])
      else if (now[f] === imported(f)) {
        setVillageValue(db, now.id, f, old[f])
        audit(ctx, {
          action: 'edit',
          rowId: `v${now.id}`,
          field: f,
          oldValue: now[f],
          newValue: old[f],
          detail: `dari v${old.id} (file sebelumnya)`
        })
        note('carried', old, f, 'edit', now[f])
      } else note('review', old, f, 'edit', now[f])
    }
    if (old.status === 'open') continue
    // A status stands on the row's values: carried while the village sent the same row again (or what the operator made of it).
    const same = PERSON_FIELDS.every((f) => now[f] === imported(f) || now[f] === old[f])
    if (same) {
      setVillageStatus(db, now.id, old.status, old.status_at, old.status_by)
      note('carried', old, null, old.status)
    } else note('review', old, null, old.status, now.status)
  }

  const oldNiks = [...new Set(oldRows.map((r) => r.nik))]
  deleteFindingsOfSources(db, oldIds)
  deactivateSources(db, oldIds)
  recomputeSources(db, [newId], ctx.todayIso)
  // Rows elsewhere that shared a NIK with the old file (duplicates across villages, missing people).
  recomputeRows(db, [], oldNiks, ctx.todayIso)

  const decisions = carryForwardFile(
    ctx,
    oldRows.map((r) => r.id),
    rowMap
  )
  counts = addCounts(counts, decisions.counts)
  // The desa's master people: a removal decided because the old file did not list them.
  const removals = carryForwardMaster(ctx, new Set(), desaKeyOfSource(db, newId))
  counts = addCounts(counts, { ...removals.counts, carried: 0 })
  return {
    counts,
    items: [...items, ...decisions.items, ...removals.items.filter((i) => i.outcome !== 'carried')],
    keptDecisions: decisions.counts.carried
  }
}

/** A master person as stored: the file's desa when the row names none. */
function masterRowOf(r: ParsedRow, fileDesa: string, codeHeader: string | null, subject: string): NewMasterRow {
  const desa = r.values.desa || fileDesa
  const kode = codeHeader === null ? '' : (r.raw.find(([h]) => h === codeHeader)?.[1].trim() ?? '')
  return { row_no: r.rowNo, ...r.values, desa, desa_key: desaKey(desa), kode_desa: kode, subject, ...registerIdsOf(r.raw) }
}

function villageRowOf(r: ParsedRow, subject: string, rawCells: boolean): NewVillageRow {
  return {
    row_no: r.rowNo,
    ...r.values,
    nik_origin: r.nikOrigin,
    raw: rawCells ? JSON.stringify(r.raw) : '[]',
    coercions: JSON.stringify(r.coercions),
    subject
  }
}

/**
 * The desa a village file is about, from every piece of evidence (shared/domain/desa-evidence.ts):
 * the operator's choice outright, else the strongest candidate, with the evidence for another desa
 * (a conflict) named so the operator is told. A title-row name the master does not know is the
 * weakest last resort, as before.
 */
export function resolveDesa(db: Db, chosen: string | undefined, table: DesaSources, fileName: string): DesaAttribution {
  const known = masterDesaRefs(db)
  const inMaster = (name: string) => known.find((k) => k.key === desaKey(name))?.desa
  if (chosen) return { desa: inMaster(chosen) ?? chosen, evidence: [], conflict: null }
  const niks = [...new Set(table.rows.map((r) => r.values.nik).filter((n) => n !== ''))]
  const kks = [...new Set(table.rows.map((r) => r.values.no_kk).filter((n) => n !== ''))]
  const evidence = desaEvidence({
    desas: known,
    fileName,
    sheetNames: [table.sheet],
    titleText: [...table.titleText, ...table.otherTitleText],
    column: table.desa,
    codeColumn: table.codeColumn,
    overlap: known.length > 0 ? desaOverlap(db, niks, kks) : new Map()
  })
  const decision = decideDesa(evidence)
  if (decision.best) return { desa: decision.best.desa, evidence, conflict: decision.conflict }
  const guess = table.desaCandidates[0] ?? ''
  return {
    desa: guess,
    evidence: guess ? [{ desa: guess, key: desaKey(guess), kind: 'title', value: guess, strength: 10 }] : [],
    conflict: null
  }
}

/** What of an extracted table names its desa. */
export type DesaSources = Pick<ParsedTable, 'desa' | 'desaCandidates' | 'titleText' | 'sheet' | 'rows'> & {
  /** Title rows of the workbook's other sheets (a cover sheet naming the desa). */
  otherTitleText: string[]
  /** The most common value of a kode desa / kode wilayah column; '' when none. */
  codeColumn: string
}

export interface DesaAttribution {
  desa: string
  evidence: DesaEvidence[]
  conflict: DesaEvidence | null
}

/** The desa evidence sources of a table read from a workbook. */
export function desaSources(wb: WorkbookData, table: ParsedTable): DesaSources {
  const otherTitleText = wb.sheets.filter((s) => s.name !== table.sheet).flatMap((s) => textAbove(s, OTHER_SHEET_TITLE_ROWS))
  return { ...table, otherTitleText, codeColumn: codeColumnValue(table.rows) }
}

/** How many top rows of another sheet count as its title. */
const OTHER_SHEET_TITLE_ROWS = 5

/** The most common value of a column whose header names a desa code (kode wilayah / kode desa / kode kelurahan). */
export function codeColumnValue(rows: readonly ParsedRow[]): string {
  const counts = new Map<string, number>()
  // Each header judged once, not once per row: the rows of a table repeat the same headers.
  const isCode = new Map<string, boolean>()
  for (const r of rows) {
    for (const [header, text] of r.raw) {
      let code = isCode.get(header)
      if (code === undefined) isCode.set(header, (code = isDesaCodeHeader(header)))
      if (code && text.trim() !== '') counts.set(text.trim(), (counts.get(text.trim()) ?? 0) + 1)
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ''
}

/** Warnings the attribution needs: a conflict names both desa, an unknown desa is a visible problem. */
export function desaWarnings(a: DesaAttribution): ImportWarning[] {
  if (!a.desa) return [warn('DESA_UNKNOWN')]
  if (!a.conflict) return []
  const best = a.evidence[0]!
  return [
    warn('DESA_EVIDENCE_CONFLICT', {
      desa: a.desa,
      evidence: evidenceText(best),
      other: a.conflict.desa,
      otherEvidence: evidenceText(a.conflict)
    })
  ]
}

/** "nik_overlap 38/40 (95 %)", "file_name musdes-tegalsari.csv". */
export function evidenceText(e: DesaEvidence): string {
  return e.share === undefined ? `${e.kind} "${e.value}"` : `${e.kind} ${e.value} (${Math.round(e.share * 100)} %)`
}
