/**
 * The engine: one open workspace, and every method the hosts call on it. All work runs one
 * command at a time (sql.js has one connection; a save must never meet an open transaction),
 * and every change goes through a journaled command (see store/workspace-store.ts).
 */
import type {
  AuditEntry,
  ExportPreview,
  ImportOptions,
  ImportPreview,
  ImportResult,
  MappingTemplate,
  TableChoice,
  RowView,
  RowsChanged,
  RowsPage,
  SourceInfo,
  SourceKind,
  Summary,
  WorkspaceInfo,
  ColumnMapping,
  RecoveryInfo,
  ExportResult,
  Coverage,
  CoverageSetting
} from '../api/types'
import { cleanId } from '../domain/nik'
import { defaultSignatories, isSubVillageLabel, suggestSubVillageLabel, type Signatory } from '../domain/region'
import { ALLOWED_ACTIONS, type FindingCode } from '../domain/findings'
import { checkBasis, checkSharedBasis, isRemovalFinding, type BasisCheck, type BasisField, type RemovalBasis, type SharedBasis } from '../domain/removal'
import { auditHead, listAudit } from './audit'
import { assertAuditChain } from './audit-check'
import { applyCommand } from './commands/apply'
import type { ApplyContext, Command, ProgressPhase } from './commands/types'
import { IN, type Db } from './db'
import { cermatError } from './errors'
import { migrate } from './migrations'
import { buildPackage } from './package/build'
import { collectChanges, previewChanges } from './package/changes'
import type { EnginePorts, PackageSink, Signer } from './ports'
import { WorkspaceStore } from './store/workspace-store'
import { loadRows, loadSummary, RESOLVED_SQL, rowSignature, type RowFilter } from './views'
import { desaKey, extractTable } from './import/extract-table'
import { DEFAULT_LIMITS, NO_LIMITS, readWorkbook, type ReadLimits } from './import/read-workbook'
import { loadTemplates, previousFiles, resolveDesa } from './commands/import-source'
import { pendingTargets } from './commands/undo'

/** Journal records between automatic snapshots, unless the host sets its own. */
const CHECKPOINT_EVERY = 200
/** Rows of a file shown on the mapping screen. */
const PREVIEW_ROWS = 20

export interface OpenOptions {
  /** Name of a workspace created by this open. */
  name?: string
  checkpointEvery?: number
}

export class Engine {
  private readonly ports: EnginePorts
  private readonly store: WorkspaceStore
  private readonly db: Db
  private readonly recovery: RecoveryInfo | null
  private queue: Promise<unknown> = Promise.resolve()
  private readonly cancelled = new Set<string>()
  private closed = false
  private readonly checkpointEvery: number

  private constructor(ports: EnginePorts, store: WorkspaceStore, db: Db, recovery: RecoveryInfo | null, checkpointEvery: number) {
    this.ports = ports
    this.store = store
    this.db = db
    this.recovery = recovery
    this.checkpointEvery = checkpointEvery
  }

  /** Opens the workspace in `ports.storage`, creating it when the folder holds none. */
  static async open(ports: EnginePorts, options: OpenOptions = {}): Promise<Engine> {
    const { store, db, recovery } = await WorkspaceStore.open<Command>(ports.storage, ports.sql, {
      init: (fresh) => {
        migrate(fresh)
        const meta: [string, string][] = [
          ['workspace_id', ports.randomId()],
          ['name', options.name ?? 'Ruang kerja'],
          ['kecamatan', ''],
          ['operator', ports.defaultOperator],
          ['created_at', ports.now()]
        ]
        for (const [k, v] of meta) fresh.run('INSERT INTO meta (key, value) VALUES (?, ?)', [k, v])
      },
      upgrade: (existing) => {
        migrate(existing)
      },
      now: () => ports.now(),
      replay: async (replayDb, record) => {
        // A replayed import was accepted once: today's limits must not refuse it now.
        await applyCommand(Engine.context(ports, replayDb, record.at, record.by, null, new Set(), NO_LIMITS), record.cmd)
      }
    })
    try {
      assertAuditChain(db, ports.sha256, ports.storage.location)
    } catch (err) {
      db.close()
      throw err
    }
    return new Engine(ports, store, db, recovery, options.checkpointEvery ?? CHECKPOINT_EVERY)
  }

  private static context(ports: EnginePorts, db: Db, at: string, by: string, taskId: string | null, cancelled: Set<string>, limits: ReadLimits = ports.limits ?? DEFAULT_LIMITS): ApplyContext {
    return {
      db,
      at,
      by,
      todayIso: at.slice(0, 10),
      sha256: ports.sha256,
      limits,
      readBlob: async (sha) => {
        const bytes = await ports.storage.read(`blobs/${sha}`)
        if (!bytes) throw cermatError('WORKSPACE_CORRUPT', { location: ports.storage.location, reason: `berkas sumber ${sha} hilang` })
        // A damaged copy must stop replay (and be reported), never be imported as if it were the file.
        if (ports.sha256(bytes) !== sha) throw cermatError('WORKSPACE_CORRUPT', { location: ports.storage.location, reason: `berkas sumber ${sha} rusak (isi tidak cocok dengan sidik SHA-256)` })
        return bytes
      },
      progress: (phase: ProgressPhase, done: number, total: number) => {
        if (taskId) ports.progress({ taskId, phase, done, total })
      },
      checkCancelled: () => {
        if (taskId && cancelled.has(taskId)) throw cermatError('CANCELLED', {})
      },
      yieldToHost: () => (taskId ? new Promise((resolve) => setTimeout(resolve, 0)) : Promise.resolve())
    }
  }

  /** Runs `fn` after everything queued before it; the queue survives failures. */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.closed) return Promise.reject(cermatError('NO_WORKSPACE', {}))
    const next = this.queue.then(fn, fn)
    this.queue = next.catch(() => undefined)
    return next
  }

  private meta(key: string): string {
    return this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value ?? ''
  }

  private get operator(): string {
    return this.meta('operator') || this.ports.defaultOperator
  }

  /** Apply → journal (fsync) → commit: a command is durable before its result is returned. */
  private async execute<T>(cmd: Command, taskId: string | null, after?: () => T): Promise<{ applied: Awaited<ReturnType<typeof applyCommand>>; after: T | undefined }> {
    const at = this.ports.now()
    const by = this.operator
    const ctx = Engine.context(this.ports, this.db, at, by, taskId, this.cancelled)
    const applied = await this.db.transaction(async () => {
      const result = await applyCommand(ctx, cmd)
      ctx.checkCancelled()
      await this.store.append<Command>({ at, by, cmd })
      return result
    })
    const out = after?.()
    if (cmd.type === 'importSource' || this.store.pendingRecords >= this.checkpointEvery) {
      ctx.progress('save', 0, 1)
      await this.store.checkpoint(this.db)
      ctx.progress('save', 1, 1)
    }
    return { applied, after: out }
  }

  info(): Promise<WorkspaceInfo> {
    return this.serial(() => this.infoNow())
  }

  private infoNow(): WorkspaceInfo {
    const sources = this.db
      .all<{ id: number; kind: SourceKind; file_name: string; sha256: string; format: string; sheet: string; header_row: number; row_count: number; desa: string; mapping: string; imported_at: string; imported_by: string; coverage: CoverageSetting; coverage_guess: Coverage; coverage_share: number | null }>(
        `SELECT * FROM sources WHERE active = 1 ORDER BY id`
      )
      .map(
        (s): SourceInfo => ({
          id: s.id,
          kind: s.kind,
          fileName: s.file_name,
          sha256: s.sha256,
          format: s.format,
          sheet: s.sheet,
          headerRow: s.header_row,
          rows: s.row_count,
          desa: s.desa,
          mapping: JSON.parse(s.mapping) as ColumnMapping[],
          importedAt: s.imported_at,
          importedBy: s.imported_by,
          coverage:
            s.kind === 'village'
              ? { setting: s.coverage, guess: s.coverage_guess, share: s.coverage_share, effective: s.coverage === 'auto' ? s.coverage_guess : s.coverage }
              : null
        })
      )
    return {
      id: this.meta('workspace_id'),
      name: this.meta('name'),
      location: this.ports.storage.location,
      kecamatan: this.meta('kecamatan'),
      operator: this.operator,
      ...this.regionSettings(),
      master: sources.find((s) => s.kind === 'master') ?? null,
      villages: sources.filter((s) => s.kind === 'village'),
      recovery: this.recovery
    }
  }

  /** Kabupaten, sub-village label and signatories; suggestions until the operator sets them. */
  private regionSettings(): Pick<WorkspaceInfo, 'kabupaten' | 'subVillageLabel' | 'signatories'> {
    const kabupaten = this.meta('kabupaten')
    const label = this.meta('sub_village_label')
    const signatories = this.meta('signatories')
    return {
      kabupaten,
      subVillageLabel: isSubVillageLabel(label) ? label : suggestSubVillageLabel(kabupaten),
      signatories: signatories ? (JSON.parse(signatories) as Signatory[]) : defaultSignatories(this.meta('kecamatan'))
    }
  }

  updateSettings(args: Omit<Extract<Command, { type: 'updateSettings' }>, 'type'>): Promise<WorkspaceInfo> {
    return this.serial(async () => {
      await this.execute({ type: 'updateSettings', ...args }, null)
      return this.infoNow()
    })
  }

  /** What importing a file would do (sheet, header, mapping, first rows, warnings), changing nothing. */
  inspectFile(kind: SourceKind, args: { fileName: string; bytes: Uint8Array; choice?: TableChoice; desa?: string }): Promise<ImportPreview> {
    return this.serial(() => {
      const fileName = baseName(args.fileName)
      const sha256 = this.ports.sha256(args.bytes)
      const wb = readWorkbook(args.bytes, fileName, this.ports.limits ?? DEFAULT_LIMITS)
      const table = extractTable(wb, fileName, { kind, ...(args.choice ? { choice: args.choice } : {}), templates: loadTemplates(this.db) })
      const desa = kind === 'village' ? resolveDesa(this.db, args.desa ?? table.desa, table.desaCandidates, fileName) : ''
      return {
        fileName,
        sha256,
        format: wb.format,
        detail: wb.detail,
        alreadyImported: this.activeSource(sha256, kind) !== undefined,
        sheets: table.sheets,
        sheet: table.sheet,
        headerRow: table.headerRow,
        headerRows: table.headerRows,
        columns: table.columns,
        preview: table.rows.slice(0, PREVIEW_ROWS).map((r) => ({ rowNo: r.rowNo, values: r.values, coercions: r.coercions })),
        rows: table.rows.length,
        desa,
        existing: kind === 'village' ? previousFiles(this.db, desa).map((f) => ({ fileName: f.file_name, rows: f.row_count })) : [],
        warnings: table.warnings,
        coercions: table.coercions,
        template: table.template
      }
    })
  }

  /** Imports a master extract or a village file. The same content twice is recognised, not doubled. */
  importFile(kind: SourceKind, args: { taskId: string; fileName: string; bytes: Uint8Array } & ImportOptions): Promise<ImportResult> {
    return this.serial(async () => {
      this.cancelled.delete(args.taskId)
      const fileName = baseName(args.fileName)
      const sha256 = this.ports.sha256(args.bytes)
      const existing = this.activeSource(sha256, kind)
      if (existing) {
        this.ports.progress({ taskId: args.taskId, phase: 'done', done: 1, total: 1, fileName })
        return { source: this.sourceInfo(existing.id), alreadyImported: true, warnings: [], coercions: [], summary: loadSummary(this.db) }
      }
      const blob = `blobs/${sha256}`
      try {
        await this.ports.storage.writeAtomic(blob, args.bytes)
        const cmd: Command = {
          type: 'importSource',
          kind,
          fileName,
          sha256,
          size: args.bytes.length,
          ...(args.desa ? { desa: args.desa } : {}),
          ...(args.choice ? { choice: args.choice } : {}),
          ...(args.onExisting ? { onExisting: args.onExisting } : {}),
          ...(args.saveTemplate ? { saveTemplate: args.saveTemplate } : {})
        }
        const { applied } = await this.execute(cmd, args.taskId)
        this.ports.progress({ taskId: args.taskId, phase: 'done', done: 1, total: 1, fileName })
        return { source: this.sourceInfo(applied!.sourceId), alreadyImported: false, warnings: applied!.warnings, coercions: applied!.coercions, summary: loadSummary(this.db) }
      } catch (err) {
        // A refused file leaves no copy of its personal data behind.
        if (!this.db.get('SELECT 1 FROM sources WHERE sha256 = ?', [sha256])) await this.ports.storage.remove(blob).catch(() => undefined)
        throw err
      } finally {
        this.cancelled.delete(args.taskId)
      }
    })
  }

  /** The active source holding exactly these bytes, if any. */
  private activeSource(sha256: string, kind: SourceKind): { id: number } | undefined {
    return this.db.get<{ id: number }>(`SELECT id FROM sources WHERE sha256 = ? AND kind = ? AND active = 1`, [sha256, kind])
  }

  listTemplates(): Promise<MappingTemplate[]> {
    return this.serial(() => loadTemplates(this.db))
  }

  deleteTemplate(name: string): Promise<MappingTemplate[]> {
    return this.serial(async () => {
      await this.execute({ type: 'deleteTemplate', name }, null)
      return loadTemplates(this.db)
    })
  }

  setCoverage(args: { sourceId: number; coverage: CoverageSetting }): Promise<WorkspaceInfo> {
    return this.serial(async () => {
      await this.execute({ type: 'setCoverage', sourceId: args.sourceId, coverage: args.coverage }, null)
      return this.infoNow()
    })
  }

  private sourceInfo(id: number): SourceInfo {
    const info = this.infoNow()
    const found = [info.master, ...info.villages].find((s) => s?.id === id)
    if (!found) throw cermatError('INTERNAL', {})
    return found
  }

  /** Marks a running task cancelled; it stops at its next check and rolls back. Not queued. */
  cancel(taskId: string): void {
    this.cancelled.add(taskId)
  }

  summary(): Promise<Summary> {
    return this.serial(() => loadSummary(this.db))
  }

  rows(): Promise<RowView[]> {
    return this.serial(() => loadRows(this.db))
  }

  /**
   * Rows in pieces, in a stable order: village rows by id, then master people missing from the
   * files. A piece that ends the village rows is filled up with the first master-only rows.
   */
  rowsPage(args: { cursor?: string; limit: number }): Promise<RowsPage> {
    return this.serial(() => {
      const [kind, after] = args.cursor ? [args.cursor[0] as 'v' | 'm', Number(args.cursor.slice(2))] : ['v' as const, 0]
      const rows = loadRows(this.db, undefined, { kind, after, limit: args.limit })
      let next: string | null = rows.length === args.limit ? `${kind}:${rows.at(-1)!.id.slice(1)}` : null
      if (kind === 'v' && rows.length < args.limit) {
        const room = args.limit - rows.length
        const masterOnly = loadRows(this.db, undefined, { kind: 'm', after: 0, limit: room })
        rows.push(...masterOnly)
        next = masterOnly.length === room ? `m:${masterOnly.at(-1)!.id.slice(1)}` : null
      }
      const total = this.db.get<{ n: number }>(
        `SELECT (SELECT COUNT(*) FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE s.active = 1 AND s.kind = 'village')
              + (SELECT COUNT(*) FROM findings WHERE code = 'MISSING_FROM_VILLAGE') AS n`
      )!.n
      return { rows, next, total }
    })
  }

  audit(rowId: string | undefined, limit: number): Promise<AuditEntry[]> {
    return this.serial(() => listAudit(this.db, rowId, limit))
  }

  previewExport(): Promise<ExportPreview> {
    return this.serial(() => previewChanges(this.db))
  }

  editCell(args: { rowId: string; field: Extract<Command, { type: 'editCell' }>['field']; value: string }): Promise<RowsChanged> {
    const rowId = numericId(args.rowId, 'v')
    const extraNik = args.field === 'nik' ? [cleanId(args.value)] : []
    const extraKk = args.field === 'no_kk' ? [cleanId(args.value)] : []
    return this.review(() => ({ cmd: { type: 'editCell', rowId, field: args.field, value: args.value }, filter: this.filterForRow(rowId, extraNik, extraKk) }))
  }

  /**
   * Resolves one finding. Accepting a removal (a missing person, a reported death, move, …) needs
   * its basis, checked here and not when the command is applied: journals written before bases
   * existed must still replay. A basis given for anything else is not stored.
   */
  resolveFinding(args: { findingKey: string; action: Extract<Command, { type: 'resolveFinding' }>['action']; basis?: RemovalBasis }): Promise<RowsChanged> {
    return this.review(() => {
      const f = this.findings([args.findingKey])[0]
      if (!f) throw cermatError('FINDING_NOT_FOUND', {})
      let basis: RemovalBasis | undefined
      if (args.action === 'accept_village' && isRemovalFinding(f.code, f.params)) {
        if (!args.basis) throw this.basisRequired([f])
        basis = this.checked(checkBasis(args.basis, this.today()))
      }
      return { cmd: { type: 'resolveFinding', key: args.findingKey, action: args.action, ...(basis ? { basis } : {}) }, filter: this.filterForFindings([f]) }
    })
  }

  /**
   * Resolves many findings the same way: one journaled command, one undo step, audited per row.
   * All or nothing: every finding must exist and allow the action, and every removal among them
   * needs the basis (one for all: a berita acara covers a whole musdes). Findings already resolved
   * this way are passed over — except removals decided without a basis when one is given now.
   */
  resolveMany(args: { findingKeys: string[]; action: Extract<Command, { type: 'resolveMany' }>['action']; basis?: SharedBasis }): Promise<RowsChanged> {
    return this.review(() => {
      const keys = [...new Set(args.findingKeys)]
      const found = new Map(this.findings(keys).map((f) => [f.key, f]))
      if (found.size !== keys.length) throw cermatError('FINDING_NOT_FOUND', { count: keys.length - found.size })
      const list = keys.map((k) => found.get(k)!)
      const refused = list.filter((f) => !ALLOWED_ACTIONS[f.code].includes(args.action))
      if (refused.length > 0) throw cermatError('ACTION_NOT_ALLOWED', { action: args.action, code: countByCode(refused), count: refused.length })
      // Done already, unless it is a removal decided without a basis and one is given now.
      const done = (f: ReviewFinding) => f.resolved && f.decided === args.action && !(args.basis && !f.hasBasis && args.action === 'accept_village' && isRemovalFinding(f.code, f.params))
      const todo = list.filter((f) => !done(f))
      if (todo.length === 0) return { cmd: null, filter: {} }
      const removals = args.action === 'accept_village' ? todo.filter((f) => isRemovalFinding(f.code, f.params)) : []
      let basis: SharedBasis | undefined
      if (removals.length > 0) {
        if (!args.basis) throw this.basisRequired(removals)
        basis = this.checked(checkSharedBasis(args.basis, this.today()))
        // A person missing from the village list has no reported status to fall back on.
        if (!basis.reason && removals.some((f) => f.code === 'MISSING_FROM_VILLAGE')) {
          throw cermatError('VALUE_INVALID', { field: BASIS_FIELD_NAMES.reason, value: '', hint: 'Pilih alasan penghapusan untuk orang yang tidak ada di file desa.' })
        }
      }
      return { cmd: { type: 'resolveMany', keys: todo.map((f) => f.key), action: args.action, ...(basis ? { basis } : {}) }, filter: this.filterForFindings(todo) }
    })
  }

  /** Undoes (or redoes) the newest review action — all rows of a bulk action at once; the rows it changes come back as after any action. */
  undo(direction: 'undo' | 'redo'): Promise<RowsChanged> {
    return this.review(() => {
      const p = pendingTargets(this.db, direction)
      if (!p) return { cmd: { type: direction }, filter: { rowIds: [] } }
      const masterIds = p.targets.filter((t) => t.kind === 'm').map((t) => t.id)
      const masterNiks = masterIds.length > 0 ? this.db.column<string>(`SELECT nik FROM master_rows WHERE ${IN('id')}`, [JSON.stringify(masterIds)]) : []
      return {
        cmd: { type: direction },
        filter: { rowIds: p.targets.filter((t) => t.kind === 'v').map((t) => t.id), niks: [...p.niks, ...masterNiks], kks: p.kks }
      }
    })
  }

  /** Marks a row verified: its open warnings and infos are accepted; not with open errors or an open removal. */
  markVerified(args: { rowId: string }): Promise<RowsChanged> {
    const rowId = numericId(args.rowId, 'v')
    return this.review(() => {
      this.checkVerifiable([rowId])
      return { cmd: { type: 'markVerified', rowId }, filter: this.filterForRow(rowId, []) }
    })
  }

  /** Marks many rows verified: one command, one undo step, all or nothing; rows verified with nothing open are passed over. */
  verifyMany(args: { rowIds: string[] }): Promise<RowsChanged> {
    return this.review(() => {
      const ids = [...new Set(args.rowIds.map((r) => numericId(r, 'v', 'verify')))]
      const open = this.checkVerifiable(ids)
      const verified = new Set(this.db.column<number>(`SELECT id FROM village_rows WHERE ${IN('id')} AND status = 'verified'`, [JSON.stringify(ids)]))
      const todo = ids.filter((id) => !(verified.has(id) && !open.has(id)))
      if (todo.length === 0) return { cmd: null, filter: {} }
      return { cmd: { type: 'verifyMany', rowIds: todo }, filter: this.filterForRows(todo.map((id) => ({ rowId: id, extraNiks: [] }))) }
    })
  }

  /**
   * Removes a person, with the basis of the removal: a master person missing from the village
   * list ('m…': their MISSING_FROM_VILLAGE is accepted), or a village row matched to a master person
   * ('v…': KETERANGAN takes the reason and the STATUS_CHANGE it gives is accepted). One command,
   * one undo step.
   */
  deactivate(args: { rowId: string; basis: RemovalBasis }): Promise<RowsChanged> {
    return this.review(() => {
      const basis = this.checked(checkBasis(args.basis, this.today()))
      if (args.rowId.startsWith('m')) {
        const id = numericId(args.rowId, 'm')
        const m = this.db.get<{ nik: string }>(
          `SELECT m.nik FROM master_rows m JOIN findings f ON f.master_row_id = m.id AND f.code = 'MISSING_FROM_VILLAGE' WHERE m.id = ?`,
          [id]
        )
        if (!m) throw cermatError('ROW_NOT_FOUND', { rowId: args.rowId })
        return { cmd: { type: 'deactivate', kind: 'm', id, basis }, filter: { niks: [m.nik] } }
      }
      const id = numericId(args.rowId, 'v')
      const filter = this.filterForRow(id, [])
      const row = this.db.get<{ status: string; nik: string; nama: string }>('SELECT status, nik, nama FROM village_rows WHERE id = ?', [id])!
      if (row.status === 'excluded') throw cermatError('ACTION_NOT_ALLOWED', { action: 'deactivate', code: 'excluded' })
      if (row.nik === '' || !this.db.get('SELECT 1 FROM master_rows WHERE nik = ?', [row.nik])) {
        throw cermatError('DEACTIVATE_NEEDS_MASTER', { nama: row.nama, nik: row.nik })
      }
      return { cmd: { type: 'deactivate', kind: 'v', id, basis }, filter }
    })
  }

  private today(): string {
    return this.ports.now().slice(0, 10)
  }

  /** The value of a basis check, or VALUE_INVALID naming the field (as the package CSV names it). */
  private checked<T>(check: BasisCheck<T>): T {
    if (check.ok) return check.value
    throw cermatError('VALUE_INVALID', { field: BASIS_FIELD_NAMES[check.field], value: check.value, hint: check.hint })
  }

  /** Findings by key, with their decision's action and whether it resolves them. */
  private findings(keys: string[]): ReviewFinding[] {
    return this.db
      .all<{ key: string; code: FindingCode; params: string; village_row_id: number | null; master_row_id: number | null; master_value: string | null; decided: string | null; resolved: number; has_basis: number }>(
        `SELECT f.key, f.code, f.params, f.village_row_id, f.master_row_id, f.master_value, d.action AS decided, ${RESOLVED_SQL} AS resolved,
                d.basis_no IS NOT NULL AS has_basis
         FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key WHERE ${IN('f.key')}`,
        [JSON.stringify(keys)]
      )
      .map(({ has_basis, ...f }) => ({ ...f, params: JSON.parse(f.params) as Record<string, string>, resolved: Boolean(f.resolved), hasBasis: Boolean(has_basis) }))
  }

  /** REMOVAL_BASIS_REQUIRED naming the first person concerned and how many removals lack a basis. */
  private basisRequired(findings: Pick<ReviewFinding, 'village_row_id' | 'master_row_id'>[]): Error {
    const f = findings[0]!
    const who =
      f.village_row_id !== null
        ? this.db.get<{ nama: string; nik: string }>('SELECT nama, nik FROM village_rows WHERE id = ?', [f.village_row_id])
        : this.db.get<{ nama: string; nik: string }>('SELECT nama, nik FROM master_rows WHERE id = ?', [f.master_row_id])
    return cermatError('REMOVAL_BASIS_REQUIRED', { nama: who?.nama ?? '', nik: who?.nik ?? '', count: findings.length })
  }

  /**
   * What verifying these rows needs: each an active, not excluded village row, with no open error
   * and no open removal (verifying accepts what is open, and a removal needs its basis). Returns
   * the rows that have something open.
   */
  private checkVerifiable(ids: number[]): Set<number> {
    const rows = this.db.all<{ id: number; status: string }>(
      `SELECT v.id, v.status FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE ${IN('v.id')} AND s.active = 1`,
      [JSON.stringify(ids)]
    )
    const present = new Set(rows.map((r) => r.id))
    const absent = ids.find((id) => !present.has(id))
    if (absent !== undefined) throw cermatError('ROW_NOT_FOUND', { rowId: `v${absent}` })
    if (rows.some((r) => r.status === 'excluded')) throw cermatError('ACTION_NOT_ALLOWED', { action: 'verify', code: 'excluded' })
    const open = this.db
      .all<{ village_row_id: number; master_row_id: number | null; code: FindingCode; severity: string; params: string }>(
        `SELECT f.village_row_id, f.master_row_id, f.code, f.severity, f.params FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
         WHERE ${IN('f.village_row_id')} AND NOT ${RESOLVED_SQL} ORDER BY f.village_row_id`,
        [JSON.stringify(ids)]
      )
      .map((f) => ({ ...f, params: JSON.parse(f.params) as Record<string, string> }))
    const errors = open.filter((f) => f.severity === 'error')
    if (errors.length > 0) {
      throw cermatError('ROW_HAS_ERRORS', { count: errors.length, codes: [...new Set(errors.map((e) => e.code))].join(', '), rows: new Set(errors.map((e) => e.village_row_id)).size })
    }
    const removals = open.filter((f) => isRemovalFinding(f.code, f.params))
    if (removals.length > 0) throw this.basisRequired(removals)
    return new Set(open.map((f) => f.village_row_id))
  }

  /** Rows an action on these findings can change (see filterForRow); master people by NIK. */
  private filterForFindings(findings: Pick<ReviewFinding, 'code' | 'village_row_id' | 'master_value'>[]): RowFilter {
    const village = findings.filter((f) => f.village_row_id !== null)
    const filter = this.filterForRows(
      // Taking a probable match's NIK also changes the view of the master person it names.
      village.map((f) => ({ rowId: f.village_row_id!, extraNiks: f.code === 'PROBABLE_MATCH' && f.master_value ? [f.master_value] : [] }))
    )
    const masterNiks = findings.filter((f) => f.village_row_id === null).map((f) => f.master_value ?? '')
    return masterNiks.length > 0 ? { ...filter, niks: [...(filter.niks ?? []), ...masterNiks] } : filter
  }

  /**
   * Rows an action on a village row can change: the row itself, every row sharing its NIK before
   * or after (duplicates in the file or across villages, the master person it now does or no
   * longer does stand for), and its family before or after (household findings).
   */
  private filterForRow(rowId: number, extraNiks: string[], extraKks: string[] = []): RowFilter {
    return this.filterForRows([{ rowId, extraNiks, extraKks }])
  }

  /** The union of filterForRow over many rows (one query). */
  private filterForRows(targets: { rowId: number; extraNiks: string[]; extraKks?: string[] }[]): RowFilter {
    if (targets.length === 0) return { rowIds: [] }
    const ids = [...new Set(targets.map((t) => t.rowId))]
    const rows = new Map(
      this.db
        .all<{ id: number; nik: string; no_kk: string }>(`SELECT v.id, v.nik, v.no_kk FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE ${IN('v.id')} AND s.active = 1`, [JSON.stringify(ids)])
        .map((r) => [r.id, r])
    )
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

  /** Runs a review command and returns exactly the rows whose view changed; no command: nothing changed. */
  private review(prepare: () => { cmd: Command | null; filter: RowFilter }): Promise<RowsChanged> {
    return this.serial(async () => {
      const { cmd, filter } = prepare()
      if (!cmd) return { rows: [], removed: [], summary: loadSummary(this.db) }
      const before = new Map(loadRows(this.db, filter).map((r) => [r.id, rowSignature(r)]))
      const { after } = await this.execute(cmd, null, () => loadRows(this.db, filter))
      const rows = (after ?? []).filter((r) => before.get(r.id) !== rowSignature(r))
      const present = new Set((after ?? []).map((r) => r.id))
      return { rows, removed: [...before.keys()].filter((id) => !present.has(id)), summary: loadSummary(this.db) }
    })
  }

  /**
   * Builds and signs a package of the chosen desa, hands it to the host to save (`deliver`), and
   * only then records it (numbered) in the workspace.
   */
  exportPackage(desaNames: string[], signer: Signer, deliver: PackageSink): Promise<ExportResult> {
    return this.serial(async () => {
      const wanted = new Set(desaNames.map(desaKey))
      const chosen = [...collectChanges(this.db).values()].filter((d) => wanted.has(d.desaKey))
      const last = this.db.get<{ seq: number; package_sha256: string }>('SELECT seq, package_sha256 FROM exports ORDER BY seq DESC LIMIT 1')
      const master = this.db.get<{ file_name: string; sha256: string; row_count: number }>(`SELECT file_name, sha256, row_count FROM sources WHERE kind = 'master' AND active = 1`)
      assertAuditChain(this.db, this.ports.sha256, this.ports.storage.location)
      const head = auditHead(this.db)
      const built = await buildPackage(
        {
          createdAt: this.ports.now(),
          appVersion: this.ports.appVersion,
          workspace: { id: this.meta('workspace_id'), name: this.meta('name') },
          kecamatan: this.meta('kecamatan'),
          operator: this.operator,
          seq: (last?.seq ?? 0) + 1,
          previousPackageSha256: last?.package_sha256 ?? null,
          master: master ? { file: master.file_name, sha256: master.sha256, rows: master.row_count } : null,
          auditHead: head,
          desa: chosen
        },
        signer,
        this.ports.sha256
      )
      const sha256 = this.ports.sha256(built.bytes)
      const saved = await deliver(built.bytes, built.fileName)
      await this.execute(
        { type: 'recordExport', seq: built.manifest.seq, fileName: saved.fileName, sha256, desa: chosen.map((d) => d.desa), changes: built.changes },
        null
      )
      return { fileName: saved.fileName, location: saved.location, sha256, bytes: built.bytes.length, changes: built.changes, keyId: built.manifest.signer.keyId }
    })
  }

  /** Writes a snapshot when commands were journaled since the last one (idle time, quit). */
  checkpointIfDirty(): Promise<boolean> {
    return this.serial(async () => {
      if (this.store.pendingRecords === 0) return false
      await this.store.checkpoint(this.db)
      return true
    })
  }

  async close(): Promise<void> {
    await this.checkpointIfDirty().catch(() => undefined)
    await this.serial(() => {
      this.closed = true
      this.db.close()
    })
  }
}

function numericId(rowId: string, prefix: 'v' | 'm', action = 'edit'): number {
  if (!rowId.startsWith(prefix)) throw cermatError('ACTION_NOT_ALLOWED', { action, code: 'MISSING_FROM_VILLAGE' })
  return Number(rowId.slice(1))
}

/** A finding as the review methods check it. */
interface ReviewFinding {
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
const BASIS_FIELD_NAMES: Record<BasisField, string> = { reason: 'alasan', kind: 'dasar', number: 'nomor_dasar', date: 'tanggal_dasar' }

/** "FIELD_MISMATCH (3), NEW_RECORD (1)": which codes, and how many of each. */
function countByCode(findings: { code: FindingCode }[]): string {
  const counts = new Map<string, number>()
  for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1)
  return [...counts].map(([code, n]) => `${code} (${n})`).join(', ')
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}

