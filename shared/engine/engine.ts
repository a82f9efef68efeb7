/**
 * The engine: one open workspace, and every method the hosts call on it. All work runs one
 * command at a time (sql.js has one connection; a save must never meet an open transaction),
 * and every change goes through a journaled command (see store/workspace-store.ts). What a method
 * checks, reads or assembles lives beside it (review/, workspace-info.ts, import/preview.ts,
 * package/export.ts, rows-page.ts): here only the order of things and what makes them durable.
 */
import type {
  AuditEntry,
  CoverageSetting,
  DaftarPerbaikanResult,
  ExportPreview,
  ExportResult,
  ImportOptions,
  ImportPreview,
  ImportResult,
  Locale,
  MappingTemplate,
  PackageEntry,
  PackedRowsPage,
  RecoveryInfo,
  RowsChanged,
  RowsPage,
  RowView,
  SourceKind,
  Summary,
  WorkspaceInfo
} from '../api/types'
import type { RemovalBasis } from '../domain/removal'
import { auditHead, listAudit } from './audit'
import { assertAuditChain, type AuditCheck, rememberAuditPoint } from './audit-check'
import { applyCommand } from './commands/apply'
import { loadTemplates } from './commands/import-source'
import type { ApplyContext, Command, ProgressPhase } from './commands/types'
import type { Db } from './db'
import { cermatError } from './errors'
import { inProcessParser } from './import/parse-port'
import { baseName, type PreviewArgs, previewImport } from './import/preview'
import { DEFAULT_LIMITS, NO_LIMITS, type ReadLimits } from './import/read-workbook'
import { TableMemo } from './import/table-memo'
import { migrate } from './migrations'
import { daftarFileName, daftarPerbaikan } from './outputs/daftar-perbaikan'
import { daftarWorkbook } from './outputs/daftar-perbaikan-xlsx'
import { previewChanges } from './package/changes'
import {
  assembleExport,
  type ExportOptions,
  exportResult,
  type ReceiptRecord,
  recordExportCommand,
  recordReceiptCommand
} from './package/export'
import { packedRowsPage } from './packed-rows'
import { PendingCache } from './pending-cache'
import type { EnginePorts, PackageSink, Signer } from './ports'
import {
  numericId,
  planDeactivate,
  planEditCell,
  planMarkVerified,
  planResolveFinding,
  planResolveMany,
  planUndo,
  planVerifyMany,
  type ReviewPlan
} from './review/guards'
import { rowsPage } from './rows-page'
import { WorkspaceStore } from './store/workspace-store'
import { listExports } from './tables/exports'
import { createIndexes, dropIndexes } from './tables/indexes'
import { insertMetaValue } from './tables/meta'
import { activeSourceOfSha, sourceRowCount, sourceWithSha } from './tables/sources'
import { eachRowWithFindings, loadRows, loadRowsWithFindings, loadSummary, rowSignature } from './views'
import { operatorOf, sourceInfo, workspaceInfo, type WorkspacePlace } from './workspace-info'

/**
 * village_rows' indexes led by the file: a batch appends to their end, which costs little, and the
 * summary after each file reads them. The others (NIK, KK) are set aside during a batch.
 */
const FILE_ORDERED_INDEXES = ['village_source', 'village_source_status']

/** Journal records between automatic snapshots, unless the host sets its own. */
const CHECKPOINT_EVERY = 200
/** The review commands whose effect on the next package stays within the desa of the rows they name (pending-cache.ts). */
const REVIEW_COMMANDS: ReadonlySet<Command['type']> = new Set([
  'editCell',
  'resolveFinding',
  'resolveMany',
  'markVerified',
  'verifyMany',
  'deactivate',
  'undo',
  'redo'
])

/**
 * An import queue (the app's, or one `cermat import` run) writes its snapshot at its end (or idle, or
 * close), not after each file: each one exported and sealed the whole workspace. Imports are
 * journaled, so a crash loses none; this bound keeps what a reopen replays from the stored files to
 * about a minute's work.
 */
export const IMPORTED_ROWS_PER_SNAPSHOT = 100_000
export interface OpenOptions {
  /** Name of a workspace created by this open. */
  name?: string
  checkpointEvery?: number
  /**
   * Rows imported since the last snapshot that make an import write one; by default every import
   * does. Imports are journaled like any command, so a crash loses none of them either way: a
   * reopen replays them from their stored files (the app's worker sets a bound, decisions.md).
   */
  checkpointAfterRows?: number
  /**
   * A workspace that lives in memory for one run and is then dropped (`cermat check`): no snapshot
   * after each import or at close, which would export the whole database each time for nobody.
   */
  ephemeral?: boolean
  /**
   * false: village rows are stored without their cells as read (the raw JSON, the largest column),
   * which only the fix list reads. Only with `ephemeral` (`cermat check`, whose report never reads them).
   */
  rawCells?: boolean
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
  private readonly checkpointAfterRows: number
  /** Rows of the imports journaled since the last snapshot (a reopen would replay them). */
  private importedRows = 0
  private readonly ephemeral: boolean
  /** OpenOptions.rawCells: false (an ephemeral workspace only). */
  private withoutRawCells = false
  /** village_rows' NIK and KK indexes, set aside while an ephemeral workspace stores a batch of files. */
  private deferredIndexes: string[] | null = null
  /** The file inspected last, read and extracted, for its import (table-memo.ts). */
  private readonly tables = new TableMemo()
  /** The board's per-desa count of the next package; kept across review commands only (pending-cache.ts). */
  private readonly pending = new PendingCache()
  /** Set by review() around its command: the desa it touches are marked, the rest of the cache stays. */
  private reviewing = false

  private constructor(
    ports: EnginePorts,
    store: WorkspaceStore,
    db: Db,
    recovery: RecoveryInfo | null,
    checkpointEvery: number,
    checkpointAfterRows: number,
    ephemeral: boolean
  ) {
    this.ports = ports
    this.store = store
    this.db = db
    this.recovery = recovery
    this.checkpointEvery = checkpointEvery
    this.checkpointAfterRows = checkpointAfterRows
    this.ephemeral = ephemeral
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
        for (const [k, v] of meta) insertMetaValue(fresh, k, v)
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
      // Only what is new since the point the last snapshot remembered; the full check is before every export.
      assertAuditChain(db, ports.sha256, ports.storage.location, 'since-point')
    } catch (err) {
      db.close()
      throw err
    }
    const engine = new Engine(
      ports,
      store,
      db,
      recovery,
      options.checkpointEvery ?? CHECKPOINT_EVERY,
      options.checkpointAfterRows ?? 1,
      options.ephemeral ?? false
    )
    engine.withoutRawCells = options.ephemeral === true && options.rawCells === false
    return engine
  }

  private static context(
    ports: EnginePorts,
    db: Db,
    at: string,
    by: string,
    taskId: string | null,
    cancelled: Set<string>,
    limits: ReadLimits = ports.limits ?? DEFAULT_LIMITS
  ): ApplyContext {
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
        if (ports.sha256(bytes) !== sha)
          throw cermatError('WORKSPACE_CORRUPT', {
            location: ports.storage.location,
            reason: `berkas sumber ${sha} rusak (isi tidak cocok dengan sidik SHA-256)`
          })
        return bytes
      },
      parse: (bytes, fileName, readLimits) => (ports.parser ?? inProcessParser).parse(bytes, fileName, readLimits),
      progress: (phase: ProgressPhase, done: number, total: number) => {
        if (taskId) ports.progress({ taskId, phase, done, total })
      },
      checkCancelled: () => {
        if (taskId && cancelled.has(taskId)) throw cermatError('CANCELLED', {})
      },
      yieldToHost: () => (taskId ? new Promise((resolve) => setTimeout(resolve, 0)) : Promise.resolve()),
      phase: (name) => ports.phase?.(name)
    }
  }

  /** Runs `fn` after everything queued before it; the queue survives failures. */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.serialAs('normal', fn)
  }

  /**
   * `bulk`: a file of an ephemeral batch (`cermat check`), stored while village_rows' NIK and KK
   * indexes are set aside; anything else gets them back first, before it can read them.
   */
  private serialAs<T>(mode: 'normal' | 'bulk', fn: () => Promise<T> | T): Promise<T> {
    if (this.closed) return Promise.reject(cermatError('NO_WORKSPACE', {}))
    const run = () => {
      if (mode === 'bulk' && !this.deferredIndexes) this.deferredIndexes = dropIndexes(this.db, 'village_rows', FILE_ORDERED_INDEXES)
      if (mode === 'normal' && this.deferredIndexes) {
        createIndexes(this.db, this.deferredIndexes)
        this.deferredIndexes = null
      }
      return fn()
    }
    const next = this.queue.then(run, run)
    this.queue = next.catch(() => undefined)
    return next
  }

  /** Apply → journal (fsync) → commit: a command is durable before its result is returned. */
  private async execute<T>(
    cmd: Command,
    taskId: string | null,
    after?: () => T
  ): Promise<{ applied: Awaited<ReturnType<typeof applyCommand>>; after: T | undefined }> {
    if (!this.reviewing) this.pending.drop()
    const at = this.ports.now()
    const by = operatorOf(this.db, this.ports.defaultOperator)
    const ctx: ApplyContext = {
      ...Engine.context(this.ports, this.db, at, by, taskId, this.cancelled),
      tables: this.tables,
      ...(this.withoutRawCells ? { withoutRawCells: true } : {})
    }
    const applied = await this.db.transaction(async () => {
      const result = await applyCommand(ctx, cmd)
      ctx.checkCancelled()
      await this.store.append<Command>({ at, by, cmd })
      return result
    })
    const out = after?.()
    // With a bound, an import's snapshot waits for the end of its queue (readAhead with none), idle time or close.
    if (cmd.type === 'importSource' && applied) this.importedRows += sourceRowCount(this.db, applied.sourceId)
    if (!this.ephemeral && (this.importedRows >= this.checkpointAfterRows || this.store.pendingRecords >= this.checkpointEvery)) {
      ctx.phase('save')
      ctx.progress('save', 0, 1)
      await this.snapshot()
      ctx.progress('save', 1, 1)
    }
    return { applied, after: out }
  }

  private get place(): WorkspacePlace {
    return { location: this.ports.storage.location, defaultOperator: this.ports.defaultOperator, recovery: this.recovery }
  }

  private today(): string {
    return this.ports.now().slice(0, 10)
  }

  info(): Promise<WorkspaceInfo> {
    return this.serial(() => workspaceInfo(this.db, this.place))
  }

  updateSettings(args: Omit<Extract<Command, { type: 'updateSettings' }>, 'type'>): Promise<WorkspaceInfo> {
    return this.serial(async () => {
      await this.execute({ type: 'updateSettings', ...args }, null)
      return workspaceInfo(this.db, this.place)
    })
  }

  /** What importing a file would do (sheet, header, mapping, first rows, warnings), changing nothing. */
  inspectFile(kind: SourceKind, args: PreviewArgs): Promise<ImportPreview> {
    return this.serial(async () => {
      const wb = await (this.ports.parser ?? inProcessParser).parse(
        args.bytes,
        baseName(args.fileName),
        this.ports.limits ?? DEFAULT_LIMITS
      )
      return previewImport(this.db, this.ports, kind, args, wb, this.tables)
    })
  }

  /** Imports a master extract or a village file. The same content twice is recognised, not doubled. */
  importFile(
    kind: SourceKind,
    args: { taskId: string; fileName: string; bytes: Uint8Array; matchLater?: boolean } & ImportOptions
  ): Promise<ImportResult> {
    const bulk = this.ephemeral && kind === 'village' && args.matchLater === true && args.onExisting !== 'replace'
    return this.serialAs(bulk ? 'bulk' : 'normal', async () => {
      this.cancelled.delete(args.taskId)
      const fileName = baseName(args.fileName)
      const sha256 = this.ports.sha256(args.bytes)
      const existing = activeSourceOfSha(this.db, sha256, kind)
      if (existing) {
        this.ports.progress({ taskId: args.taskId, phase: 'done', done: 1, total: 1, fileName })
        return {
          source: sourceInfo(this.db, this.place, existing.id),
          alreadyImported: true,
          warnings: [],
          coercions: [],
          summary: loadSummary(this.db, this.today(), this.pending),
          carryForward: { carried: 0, fulfilled: 0, review: 0, orphaned: 0 }
        }
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
          ...(args.saveTemplate ? { saveTemplate: args.saveTemplate } : {}),
          ...(args.matchLater ? { matchLater: true } : {})
        }
        const { applied } = await this.execute(cmd, args.taskId)
        // Nothing replays an ephemeral workspace: its copy of the file would only be held to the end.
        if (this.ephemeral) await this.ports.storage.remove(blob)
        this.ports.phase?.('report')
        this.ports.progress({ taskId: args.taskId, phase: 'done', done: 1, total: 1, fileName })
        return {
          source: sourceInfo(this.db, this.place, applied!.sourceId),
          alreadyImported: false,
          warnings: applied!.warnings,
          coercions: applied!.coercions,
          unrecognised: applied!.unrecognised,
          summary: loadSummary(this.db, this.today(), this.pending),
          carryForward: applied!.carryForward
        }
      } catch (err) {
        // A refused file leaves no copy of its personal data behind.
        if (!sourceWithSha(this.db, sha256)) await this.ports.storage.remove(blob).catch(() => undefined)
        throw err
      } finally {
        this.cancelled.delete(args.taskId)
      }
    })
  }

  /** The findings of a batch of `matchLater` imports, computed once for all of them (set-based, not file by file). */
  matchAll(): Promise<void> {
    return this.serial(async () => {
      await this.execute({ type: 'matchAll' }, null)
    })
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
      return workspaceInfo(this.db, this.place)
    })
  }

  /**
   * Hands files the host will import next to its parse port to read ahead (when it reads ahead).
   * None: the queue ended, and the table of a file inspected but not imported is let go (in turn).
   */
  readAhead(files: { fileName: string; bytes: Uint8Array }[]): void {
    if (files.length === 0) {
      // The queue's imports were journaled one by one; its one snapshot is written now, in turn.
      void this.serial(async () => {
        this.tables.clear()
        if (this.importedRows > 0 && !this.ephemeral) await this.snapshot()
      }).catch(() => undefined)
      return
    }
    const limits = this.ports.limits ?? DEFAULT_LIMITS
    this.ports.parser?.prefetch?.(files.map((f) => ({ bytes: f.bytes, fileName: baseName(f.fileName), limits })))
  }

  /** Marks a running task cancelled; it stops at its next check and rolls back. Not queued. */
  cancel(taskId: string): void {
    this.cancelled.add(taskId)
  }

  summary(): Promise<Summary> {
    return this.serial(() => loadSummary(this.db, this.today(), this.pending))
  }

  rows(): Promise<RowView[]> {
    return this.serial(() => loadRows(this.db))
  }

  /** The rows holding a finding, in rows()' order: what the report lists. */
  rowsWithFindings(): Promise<RowView[]> {
    return this.serial(() => loadRowsWithFindings(this.db))
  }

  /** The same rows a page at a time, in the same order: the report writes each page as it goes. */
  eachRowWithFindings(visit: (rows: RowView[]) => void, pageSize?: number): Promise<void> {
    return this.serial(() => eachRowWithFindings(this.db, visit, pageSize))
  }

  /** Rows in pieces, in a stable order (see rows-page.ts). */
  rowsPage(args: { cursor?: string; limit: number }): Promise<RowsPage> {
    return this.serial(() => rowsPage(this.db, args))
  }

  /** The same pieces packed for the grid (rows-codec.ts). */
  rowsPacked(args: { cursor?: string; limit: number }): Promise<PackedRowsPage> {
    return this.serial(() => packedRowsPage(this.db, args))
  }

  audit(rowId: string | undefined, limit: number): Promise<AuditEntry[]> {
    return this.serial(() => listAudit(this.db, rowId, limit))
  }

  /** What an export would send: per desa, what goes out, what the gate holds back (listed), what was sent before. */
  previewExport(opts: ExportOptions = {}): Promise<ExportPreview> {
    return this.serial(() => previewChanges(this.db, { today: this.today(), all: opts.all === true }))
  }

  /** What the villages must fix (one desa, or all); the .xlsx only when asked (printing needs the model alone). */
  daftarPerbaikan(args: {
    desa?: string | undefined
    locale?: Locale | undefined
    output?: 'print' | 'xlsx' | undefined
  }): Promise<DaftarPerbaikanResult> {
    return this.serial(() => {
      const locale = args.locale ?? 'id'
      const model = daftarPerbaikan(this.db, { desa: args.desa, locale, today: this.today() })
      return {
        model,
        fileName: daftarFileName(model, args.desa),
        bytes: args.output === 'xlsx' ? daftarWorkbook(model, locale) : null
      }
    })
  }

  /** Every package made, newest first. */
  listPackages(): Promise<PackageEntry[]> {
    return this.serial(() => listExports(this.db))
  }

  // Review actions: checked by review/guards.ts before they are journaled, never when applied or replayed.

  editCell(args: { rowId: string; field: Extract<Command, { type: 'editCell' }>['field']; value: string }): Promise<RowsChanged> {
    const rowId = numericId(args.rowId, 'v')
    return this.review(() => planEditCell(this.db, { ...args, rowId }))
  }

  /** Resolves one finding; accepting a removal needs its basis. */
  resolveFinding(args: Parameters<typeof planResolveFinding>[1]): Promise<RowsChanged> {
    return this.review(() => planResolveFinding(this.db, args, this.today()))
  }

  /** Resolves many findings the same way: one journaled command, one undo step, audited per row. */
  resolveMany(args: Parameters<typeof planResolveMany>[1]): Promise<RowsChanged> {
    return this.review(() => planResolveMany(this.db, args, this.today()))
  }

  /** Undoes (or redoes) the newest review action — all rows of a bulk action at once; the rows it changes come back as after any action. */
  undo(direction: 'undo' | 'redo'): Promise<RowsChanged> {
    return this.review(() => planUndo(this.db, direction))
  }

  /** Marks a row verified: its open warnings and infos are accepted; not with open errors or an open removal. */
  markVerified(args: { rowId: string }): Promise<RowsChanged> {
    const rowId = numericId(args.rowId, 'v')
    return this.review(() => planMarkVerified(this.db, rowId))
  }

  /** Marks many rows verified: one command, one undo step, all or nothing. */
  verifyMany(args: { rowIds: string[] }): Promise<RowsChanged> {
    return this.review(() => planVerifyMany(this.db, args))
  }

  /** Removes a person ('m…' master-only or 'v…' matched village row) with the basis of the removal. One command, one undo step. */
  deactivate(args: { rowId: string; basis: RemovalBasis }): Promise<RowsChanged> {
    return this.review(() => planDeactivate(this.db, args, this.today()))
  }

  /** Runs a review command and returns exactly the rows whose view changed; no command: nothing changed. */
  private review(prepare: () => ReviewPlan): Promise<RowsChanged> {
    return this.serial(async () => {
      const { cmd, filter } = prepare()
      if (!cmd) return { rows: [], removed: [], summary: loadSummary(this.db, this.today(), this.pending) }
      const before = new Map(loadRows(this.db, filter).map((r) => [r.id, rowSignature(r)]))
      // An undo with no rows to name is not one the cache can follow: everything is recomputed.
      const plain = REVIEW_COMMANDS.has(cmd.type) && before.size > 0
      if (plain) this.pending.touch(this.db, before.keys())
      else this.pending.drop()
      this.reviewing = plain
      let after: RowView[] | undefined
      try {
        after = (await this.execute(cmd, null, () => loadRows(this.db, filter))).after
      } catch (err) {
        this.pending.drop()
        throw err
      } finally {
        this.reviewing = false
      }
      if (plain) this.pending.touch(this.db, [...before.keys(), ...(after ?? []).map((r) => r.id)])
      const rows = (after ?? []).filter((r) => before.get(r.id) !== rowSignature(r))
      const present = new Set((after ?? []).map((r) => r.id))
      return {
        rows,
        removed: [...before.keys()].filter((id) => !present.has(id)),
        summary: loadSummary(this.db, this.today(), this.pending)
      }
    })
  }

  /**
   * Builds and signs a package of the chosen desa, hands it to the host to save (`deliver`), and
   * only then records it (numbered) in the workspace.
   */
  exportPackage(desaNames: string[], signer: Signer, deliver: PackageSink, opts: ExportOptions = {}): Promise<ExportResult> {
    return this.serial(async () => {
      // A package must never sign a history that was changed outside Cermat.
      assertAuditChain(this.db, this.ports.sha256, this.ports.storage.location)
      const pkg = await assembleExport(this.db, this.ports, desaNames, signer, opts)
      const saved = await deliver(pkg.built.bytes, pkg.built.fileName)
      await this.execute(recordExportCommand(pkg, saved), null)
      return exportResult(pkg, saved)
    })
  }

  /** Records the Dinas's checked receipt for one of this workspace's packages: its changes are received. */
  recordReceipt(r: ReceiptRecord): Promise<boolean> {
    return this.serial(async () => {
      const cmd = recordReceiptCommand(this.db, r)
      if (cmd) await this.execute(cmd, null)
      return cmd !== null
    })
  }

  /** Writes a snapshot when commands were journaled since the last one (idle time, quit). */
  checkpointIfDirty(): Promise<boolean> {
    return this.serial(async () => {
      if (this.store.pendingRecords === 0 || this.ephemeral) return false
      await this.snapshot()
      return true
    })
  }

  /** A snapshot that remembers the audit chain as checked up to its newest entry (checked on open, or written here since). */
  private async snapshot(): Promise<void> {
    rememberAuditPoint(this.db)
    await this.store.checkpoint(this.db)
    this.importedRows = 0
  }

  /** The whole audit chain checked from its first entry (`cermat audit verify`); AUDIT_CHAIN_BROKEN names the first bad one. */
  verifyAudit(): Promise<AuditCheck & { hash: string }> {
    return this.serial(async () => {
      const result = assertAuditChain(this.db, this.ports.sha256, this.ports.storage.location, 'full')
      return { ...result, hash: auditHead(this.db).hash }
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
