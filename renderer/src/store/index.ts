/**
 * The renderer's store. It holds UI state and cached views; the truth lives in the engine.
 * Actions (verbs, named after what the operator does) call the backend and fold its answers in;
 * components only read state and call actions.
 */
import { create } from 'zustand'
import type { FindingCode, ResolutionAction, Severity } from '@shared/domain/findings'
import { isRemovalFinding, isRemovalReason, type RemovalReason, type SharedBasis } from '@shared/domain/removal'
import type { EditableField } from '@shared/domain/fields'
import type { AppError } from '@shared/api/result'
import { MAX_BULK, type ArgsOf } from '@shared/api/contract'
import { describeRecovery } from '@shared/i18n/recovery'
import type {
  AppInfo,
  CoverageSetting,
  ExportPreview,
  ExportResult,
  FindingView,
  ImportOptions,
  ImportPreview,
  ImportResult,
  KeyStatus,
  Locale,
  ProgressEvent,
  RecentWorkspace,
  RowView,
  RowsChanged,
  SourceKind,
  Summary,
  TableChoice,
  WorkspaceInfo
} from '@shared/api/types'
import { BackendError, call, onProgress } from '../lib/backend'
import { errorText, translator } from '../lib/i18n'
import { readPref, writePref } from '../lib/prefs'

export type Tab = 'board' | 'import' | 'review' | 'export' | 'settings'

export interface Filters {
  /** A finding code, any finding, all rows, or only names that differ in spelling alone. */
  code: FindingCode | 'all' | 'any' | 'spelling'
  severity: Severity | 'all'
  desa: string
  status: 'all' | 'open' | 'resolved'
  search: string
}

export interface Notice {
  id: number
  kind: 'info' | 'success' | 'error'
  text: string
  detail?: string[]
}

export interface Task {
  taskId: string
  fileName: string
  phase: ProgressEvent['phase']
  done: number
  total: number
}

export interface PendingImport {
  kind: SourceKind
  fileName: string
  bytes: Uint8Array
  preview: ImportPreview
  /** The operator's corrections so far (sheet, header row, mapping). */
  choice: TableChoice
  /** Files dropped together with this one, imported after it. */
  rest: File[]
}

export interface ImportReport {
  kind: SourceKind
  fileName: string
  result: ImportResult
}

/**
 * A removal waiting for its basis (berita acara or SPTJM): accepting a missing person or a reported
 * death/move, deactivating a row, or a bulk acceptance that includes removals.
 */
export type RemovalRequest =
  | { kind: 'resolve'; rowId: string; findingKey: string; reason: RemovalReason | null }
  | { kind: 'deactivate'; rowId: string; reason: RemovalReason | null }
  | { kind: 'bulk'; findingKeys: string[]; removals: number }

/** Warnings that open the mapping screen: the importer had to guess, or could not tell the desa. */
const LOOK_AT = new Set(['HEADER_GUESSED', 'DUPLICATE_HEADER', 'DATE_MONTH_FIRST'])

/** A batch of row changes for the grid to apply as a transaction (never a rebuild). */
export interface RowChange {
  seq: number
  reset: boolean
  update: RowView[]
  remove: string[]
}

export interface AppState {
  locale: Locale
  appInfo: AppInfo | null
  started: boolean
  workspace: WorkspaceInfo | null
  recent: RecentWorkspace[]
  summary: Summary | null
  rows: Map<string, RowView>
  rowChange: RowChange
  tab: Tab
  filters: Filters
  /** Rows changed by the operator's actions since the filters last changed: they stay in view. */
  keptRows: ReadonlySet<string>
  selectedRowId: string | null
  /** Rows ticked in the grid for a bulk action (the panel still shows `selectedRowId`). */
  selection: string[]
  tasks: Record<string, Task>
  notices: Notice[]
  busy: boolean
  keyStatus: KeyStatus | null
  exportPreview: ExportPreview | null
  lastExport: ExportResult | null
  /** A file waiting on the mapping screen, and the files dropped after it. */
  pending: PendingImport | null
  /** What the last import did: the import report. */
  lastImport: ImportReport | null
  /** Show the mapping screen for every file, not only when something needs a look. */
  alwaysMap: boolean
  /**
   * Hide the middle of NIK and No. KK on screen (and so in prints). A preference of this PC kept in
   * localStorage, not workspace data: it survives closing the workspace.
   */
  maskIds: boolean
  removal: RemovalRequest | null
  /** Rows still arriving after the first piece (a large workspace): how many of how many. */
  loading: { done: number; total: number } | null

  start(): Promise<void>
  openDemo(): Promise<void>
  chooseWorkspace(mode: 'open' | 'create'): Promise<void>
  openRecent(location: string): Promise<void>
  closeWorkspace(): Promise<void>
  importMaster(file: File): Promise<void>
  importVillages(files: File[]): Promise<void>
  setAlwaysMap(on: boolean): void
  setMaskIds(on: boolean): void
  /** Re-reads the pending file with a changed sheet, header row or column mapping. */
  changePending(choice: TableChoice): Promise<void>
  confirmPending(options: { onExisting?: 'replace' | 'add'; saveTemplate?: string }): Promise<void>
  cancelPending(): Promise<void>
  cancelTask(taskId: string): Promise<void>
  editCell(rowId: string, field: EditableField, value: string): Promise<boolean>
  /** Resolves a finding; accepting a removal first asks for its basis (the removal dialog). */
  resolveFinding(rowId: string, finding: FindingView, action: ResolutionAction): Promise<void>
  markVerified(rowId: string): Promise<void>
  /** Opens the removal dialog for a row (village row matched to the master, or a master-only row). */
  askDeactivate(rowId: string): void
  /** One action on many findings (all or nothing, one undo step); removals ask for one shared basis. */
  resolveMany(findings: FindingView[], action: ResolutionAction): Promise<void>
  verifyMany(rowIds: string[]): Promise<void>
  /** The removal dialog's answer; false when the engine refused (the dialog stays open). */
  submitRemoval(basis: SharedBasis): Promise<boolean>
  cancelRemoval(): void
  /** Undo / redo the newest review action (kept in the workspace: survives a restart). */
  undo(direction: 'undo' | 'redo'): Promise<void>
  /** Complete list / changes only / guess: decides whether people missing from the file are reported. */
  setCoverage(sourceId: number, coverage: CoverageSetting): Promise<void>
  setFilters(patch: Partial<Filters>): void
  selectRow(rowId: string | null): void
  /** The grid's ticked rows; the panel keeps its row while it stays ticked. */
  setSelection(rowIds: string[]): void
  setTab(tab: Tab): void
  /** From the board: review one desa (all its rows, every filter but the desa cleared). */
  openDesa(desa: string): void
  setLocale(locale: Locale): void
  dismissNotice(id: number): void
  loadExport(): Promise<void>
  exportPackage(desa: string[], passphrase?: string): Promise<void>
  updateSettings(patch: ArgsOf<'updateSettings'>): Promise<void>
  reset(): void
}

const initial = {
  locale: 'id' as Locale,
  appInfo: null,
  started: false,
  workspace: null,
  recent: [],
  summary: null,
  rows: new Map<string, RowView>(),
  rowChange: { seq: 0, reset: true, update: [], remove: [] },
  tab: 'import' as Tab,
  filters: { code: 'all', severity: 'all', desa: 'all', status: 'all', search: '' } as Filters,
  keptRows: new Set<string>(),
  selectedRowId: null,
  selection: [] as string[],
  tasks: {},
  notices: [],
  busy: false,
  keyStatus: null,
  exportPreview: null,
  lastExport: null,
  pending: null,
  lastImport: null,
  alwaysMap: false,
  removal: null as RemovalRequest | null,
  loading: null as { done: number; total: number } | null
}

const MASK_IDS_KEY = 'cermat.maskIds'

/** Rows in the first piece (shown at once) and in each following piece of a workspace's rows. */
const FIRST_PAGE = 2_000
const PAGE = 10_000

let noticeSeq = 0
const NOTICE_MS = 6000
let taskSeq = 0

export const useAppStore = create<AppState>()((set, get) => {
  /** Errors stay until dismissed; other messages leave by themselves (unless they carry details). */
  const notify = (kind: Notice['kind'], text: string, detail?: string[]) => {
    const id = ++noticeSeq
    set((s) => ({ notices: [...s.notices.slice(-4), { id, kind, text, ...(detail?.length ? { detail } : {}) }] }))
    if (kind !== 'error' && !detail?.length) setTimeout(() => get().dismissNotice(id), NOTICE_MS)
  }

  const describe = (err: unknown): string => {
    const error: AppError = err instanceof BackendError ? err.error : { code: 'INTERNAL', message: String(err) }
    return errorText(get().locale, error, get().maskIds)
  }

  /** A bulk action bigger than the engine takes at once: said, not sent. */
  const tooMany = (n: number) => {
    if (n <= MAX_BULK) return false
    notify('error', translator(get().locale)('ui.bulk.tooMany', { n: n.toLocaleString(), max: MAX_BULK.toLocaleString() }))
    return true
  }

  /** Runs a backend action with the busy flag; errors become a notice, never a crash. */
  const guarded = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    set({ busy: true })
    try {
      return await fn()
    } catch (err) {
      notify('error', describe(err))
      return undefined
    } finally {
      set({ busy: false })
    }
  }

  /**
   * All rows, in pieces: the first piece replaces what the grid shows (the operator can start at
   * once), the rest are added as they come. A newer load (another workspace, a new import) stops an
   * older one. Actions meanwhile are safe: the engine answers in order, so a piece never overwrites
   * a newer answer.
   */
  let loadSeq = 0
  const loadRows = async () => {
    const seq = ++loadSeq
    const [first, summary] = await Promise.all([call('listRowsPage', { limit: FIRST_PAGE }), call('getSummary', {})])
    if (seq !== loadSeq) return
    set((s) => ({
      rows: new Map(first.rows.map((r) => [r.id, r])),
      summary,
      rowChange: { seq: s.rowChange.seq + 1, reset: true, update: first.rows, remove: [] },
      loading: first.next ? { done: first.rows.length, total: first.total } : null
    }))
    for (let next = first.next; next; ) {
      const page = await call('listRowsPage', { cursor: next, limit: PAGE })
      if (seq !== loadSeq) return
      next = page.next
      set((s) => {
        const rows = new Map(s.rows)
        for (const r of page.rows) rows.set(r.id, r)
        return {
          rows,
          rowChange: { seq: s.rowChange.seq + 1, reset: false, update: page.rows, remove: [] },
          loading: next ? { done: rows.size, total: page.total } : null
        }
      })
    }
  }

  const applyChanges = (changed: RowsChanged) =>
    set((s) => {
      const rows = new Map(s.rows)
      for (const r of changed.rows) rows.set(r.id, r)
      for (const id of changed.removed) rows.delete(id)
      return {
        rows,
        summary: changed.summary,
        keptRows: new Set([...s.keptRows, ...changed.rows.map((r) => r.id)]),
        rowChange: { seq: s.rowChange.seq + 1, reset: false, update: changed.rows, remove: changed.removed },
        selectedRowId: s.selectedRowId && rows.has(s.selectedRowId) ? s.selectedRowId : null
      }
    })

  const opened = async (info: WorkspaceInfo | null) => {
    if (!info) return
    set({ workspace: info, tab: info.master ? 'board' : 'import', selectedRowId: null, lastExport: null })
    if (info.recovery) {
      // Lost or damaged data stays on screen until dismissed, with each damaged file named.
      const notice = describeRecovery(get().locale, info.recovery)
      if (notice.text) notify(notice.kind, notice.text, notice.detail)
    }
    await loadRows()
  }

  const runImport = async (kind: SourceKind, fileName: string, bytes: Uint8Array, options: ImportOptions = {}) => {
    const taskId = `t${Date.now().toString(36)}${++taskSeq}`
    const t = translator(get().locale)
    set((s) => ({ tasks: { ...s.tasks, [taskId]: { taskId, fileName, phase: 'read', done: 0, total: 1 } } }))
    try {
      const args = { taskId, fileName, bytes, ...options }
      const result = kind === 'master' ? await call('importMaster', args) : await call('importVillage', args)
      if (result.alreadyImported) notify('info', t('ui.import.already', { file: fileName }))
      else if (kind === 'master') notify('success', t('ui.import.masterDone', { file: fileName, rows: result.source.rows, desa: result.summary.byDesa.length }))
      else notify('success', t('ui.import.done', { file: fileName, rows: result.source.rows, desa: result.source.desa || t('ui.desaUnknown') }))
      set({ workspace: await call('getWorkspace', {}), lastImport: { kind, fileName, result } })
      return true
    } catch (err) {
      notify('error', t('ui.import.failed', { file: fileName, message: describe(err) }))
      return false
    } finally {
      set((s) => {
        const tasks = { ...s.tasks }
        delete tasks[taskId]
        return { tasks }
      })
    }
  }

  /** The mapping screen is shown when something needs the operator's eye, or always if asked. */
  const needsLook = (kind: SourceKind, p: ImportPreview) =>
    get().alwaysMap ||
    p.existing.length > 0 ||
    (kind === 'village' && p.desa === '') ||
    p.columns.some((c) => c.how === 'fuzzy') ||
    p.warnings.some((w) => LOOK_AT.has(w.code))

  /**
   * Imports files one by one; a file that needs a look stops the queue on the mapping screen, and
   * confirming or cancelling it goes on with the rest.
   */
  const importQueue = async (kind: SourceKind, files: File[]): Promise<void> => {
    let any = false
    const t = translator(get().locale)
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!
      const bytes = new Uint8Array(await file.arrayBuffer())
      let preview: ImportPreview
      try {
        preview = await call('inspectFile', { kind, fileName: file.name, bytes })
      } catch (err) {
        notify('error', t('ui.import.failed', { file: file.name, message: describe(err) }))
        continue
      }
      if (preview.alreadyImported) {
        notify('info', t('ui.import.already', { file: file.name }))
        continue
      }
      if (needsLook(kind, preview)) {
        set({ pending: { kind, fileName: file.name, bytes, preview, choice: {}, rest: files.slice(i + 1) } })
        break
      }
      any = (await runImport(kind, file.name, bytes)) || any
    }
    if (any) await guarded(loadRows)
  }

  const nextAfterPending = async (imported: boolean) => {
    const p = get().pending
    set({ pending: null })
    if (imported) await guarded(loadRows)
    if (p && p.rest.length > 0) await importQueue(p.kind, p.rest)
  }

  return {
    ...initial,
    // Not in `initial`: closing the workspace or resetting keeps this PC's preference.
    maskIds: readPref(MASK_IDS_KEY, false, (text) => text === '1'),

    async start() {
      if (get().started) return
      set({ started: true })
      onProgress((e) =>
        set((s) => (s.tasks[e.taskId] ? { tasks: { ...s.tasks, [e.taskId]: { ...s.tasks[e.taskId]!, phase: e.phase, done: e.done, total: e.total } } } : {}))
      )
      await guarded(async () => {
        const appInfo = await call('getAppInfo', {})
        set({ appInfo, locale: appInfo.locale })
        set({ recent: await call('listRecentWorkspaces', {}) })
        await opened(await call('getWorkspace', {}))
      })
    },

    openDemo: () => guarded(async () => opened(await call('openDemoWorkspace', {}))).then(() => undefined),
    chooseWorkspace: (mode) => guarded(async () => opened(await call('chooseWorkspace', { mode }))).then(() => undefined),
    openRecent: (location) => guarded(async () => opened(await call('openRecentWorkspace', { location }))).then(() => undefined),

    async closeWorkspace() {
      await guarded(async () => {
        loadSeq++ // rows of the closed workspace still arriving are dropped
        await call('closeWorkspace', {})
        set({ ...initial, started: true, appInfo: get().appInfo, locale: get().locale, recent: await call('listRecentWorkspaces', {}) })
      })
    },

    importMaster: (file) => importQueue('master', [file]),
    importVillages: (files) => importQueue('village', files),
    setAlwaysMap: (on) => set({ alwaysMap: on }),
    setMaskIds: (on) => {
      writePref(MASK_IDS_KEY, on ? '1' : '0')
      set({ maskIds: on })
    },

    async changePending(choice) {
      const p = get().pending
      if (!p) return
      const merged = { ...p.choice, ...choice }
      try {
        const preview = await call('inspectFile', { kind: p.kind, fileName: p.fileName, bytes: p.bytes, choice: merged })
        set({ pending: { ...p, preview, choice: merged } })
      } catch (err) {
        notify('error', describe(err))
      }
    },

    async confirmPending(options) {
      const p = get().pending
      if (!p) return
      const choice = Object.keys(p.choice).length > 0 ? { choice: p.choice } : {}
      await nextAfterPending(await runImport(p.kind, p.fileName, p.bytes, { ...choice, ...options }))
    },

    cancelPending: () => nextAfterPending(false),

    async cancelTask(taskId) {
      await call('cancelTask', { taskId }).catch(() => undefined)
    },

    async editCell(rowId, field, value) {
      try {
        applyChanges(await call('editCell', { rowId, field, value }))
        return true
      } catch (err) {
        notify('error', describe(err))
        return false
      }
    },

    async resolveFinding(rowId, finding, action) {
      if (action === 'accept_village' && isRemovalFinding(finding.code, finding.params)) {
        set({ removal: { kind: 'resolve', rowId, findingKey: finding.key, reason: isRemovalReason(finding.params.status) ? finding.params.status : null } })
        return
      }
      await guarded(async () => applyChanges(await call('resolveFinding', { findingKey: finding.key, action })))
    },
    askDeactivate: (rowId) => {
      const row = get().rows.get(rowId)
      const status = row?.findings.find((f) => f.code === 'STATUS_CHANGE')?.params.status
      set({ removal: { kind: 'deactivate', rowId, reason: isRemovalReason(status) ? status : null } })
    },
    async resolveMany(findings, action) {
      if (tooMany(findings.length)) return
      const removals = action === 'accept_village' ? findings.filter((f) => isRemovalFinding(f.code, f.params)).length : 0
      if (removals > 0) {
        set({ removal: { kind: 'bulk', findingKeys: findings.map((f) => f.key), removals } })
        return
      }
      await guarded(async () => applyChanges(await call('resolveMany', { findingKeys: findings.map((f) => f.key), action })))
    },
    verifyMany: (rowIds) => (tooMany(rowIds.length) ? Promise.resolve() : guarded(async () => applyChanges(await call('verifyMany', { rowIds }))).then(() => undefined)),
    async submitRemoval(basis) {
      const r = get().removal
      if (!r) return false
      try {
        const reason = basis.reason
        if (r.kind === 'bulk') applyChanges(await call('resolveMany', { findingKeys: r.findingKeys, action: 'accept_village', basis }))
        else if (!reason) return false
        else if (r.kind === 'resolve') applyChanges(await call('resolveFinding', { findingKey: r.findingKey, action: 'accept_village', basis: { ...basis, reason } }))
        else applyChanges(await call('deactivate', { rowId: r.rowId, basis: { ...basis, reason } }))
        set({ removal: null })
        return true
      } catch (err) {
        notify('error', describe(err))
        return false
      }
    },
    cancelRemoval: () => set({ removal: null }),
    markVerified: (rowId) => guarded(async () => applyChanges(await call('markVerified', { rowId }))).then(() => undefined),
    undo: (direction) => guarded(async () => applyChanges(await call(direction, {}))).then(() => undefined),
    setCoverage: (sourceId, coverage) =>
      guarded(async () => {
        set({ workspace: await call('setCoverage', { sourceId, coverage }) })
        await loadRows()
      }).then(() => undefined),

    setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch }, keptRows: new Set() })),
    selectRow: (rowId) => set({ selectedRowId: rowId }),
    setSelection: (rowIds) =>
      set((s) => ({ selection: rowIds, selectedRowId: s.selectedRowId && rowIds.includes(s.selectedRowId) ? s.selectedRowId : (rowIds.at(-1) ?? null) })),
    setTab: (tab) => {
      set({ tab })
      if (tab === 'export') void get().loadExport()
    },
    openDesa: (desa) => set({ tab: 'review', filters: { code: 'all', severity: 'all', desa, status: 'all', search: '' }, keptRows: new Set(), selectedRowId: null }),
    setLocale: (locale) => set({ locale }),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),

    loadExport: () =>
      guarded(async () => {
        const [exportPreview, keyStatus] = await Promise.all([call('previewExport', {}), call('getKeyStatus', {})])
        set({ exportPreview, keyStatus })
      }).then(() => undefined),

    exportPackage: (desa, passphrase) =>
      guarded(async () => {
        const result = await call('exportPackage', { desa, ...(passphrase ? { passphrase } : {}) })
        if (!result) return
        set({ lastExport: result })
        notify('success', translator(get().locale)('ui.export.done', { file: result.fileName }))
        // The board shows the exported desa as sent.
        const [keyStatus, summary] = await Promise.all([call('getKeyStatus', {}), call('getSummary', {})])
        set({ keyStatus, summary })
      }).then(() => undefined),

    updateSettings: (patch) =>
      guarded(async () => {
        set({ workspace: await call('updateSettings', patch) })
        notify('success', translator(get().locale)('ui.settings.saved'))
      }).then(() => undefined),

    reset: () => {
      loadSeq++
      set({ ...initial })
    }
  }
})
