/**
 * The renderer's store. It holds UI state and cached views; the truth lives in the engine.
 * Actions (verbs, named after what the operator does) call the backend and fold its answers in;
 * components only read state and call actions.
 */
import { create } from 'zustand'
import type { FindingCode, ResolutionAction } from '@shared/domain/findings'
import type { EditableField } from '@shared/domain/fields'
import type { AppError } from '@shared/api/result'
import type {
  AppInfo,
  ExportPreview,
  ExportResult,
  ImportWarning,
  KeyStatus,
  Locale,
  ProgressEvent,
  RecentWorkspace,
  RowView,
  RowsChanged,
  Summary,
  WorkspaceInfo
} from '@shared/api/types'
import { BackendError, call, onProgress } from '../lib/backend'
import { errorText, translator } from '../lib/i18n'

export type Tab = 'import' | 'review' | 'export' | 'settings'

export interface Filters {
  code: FindingCode | 'all' | 'any'
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
  tasks: Record<string, Task>
  notices: Notice[]
  busy: boolean
  keyStatus: KeyStatus | null
  exportPreview: ExportPreview | null
  lastExport: ExportResult | null

  start(): Promise<void>
  openDemo(): Promise<void>
  chooseWorkspace(mode: 'open' | 'create'): Promise<void>
  openRecent(location: string): Promise<void>
  closeWorkspace(): Promise<void>
  importMaster(file: File): Promise<void>
  importVillages(files: File[]): Promise<void>
  cancelTask(taskId: string): Promise<void>
  editCell(rowId: string, field: EditableField, value: string): Promise<boolean>
  resolveFinding(key: string, action: ResolutionAction): Promise<void>
  markVerified(rowId: string): Promise<void>
  setFilters(patch: Partial<Filters>): void
  selectRow(rowId: string | null): void
  setTab(tab: Tab): void
  setLocale(locale: Locale): void
  dismissNotice(id: number): void
  loadExport(): Promise<void>
  exportPackage(desa: string[], passphrase?: string): Promise<void>
  updateSettings(patch: { name?: string; kecamatan?: string; operator?: string }): Promise<void>
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
  filters: { code: 'all', desa: 'all', status: 'all', search: '' } as Filters,
  keptRows: new Set<string>(),
  selectedRowId: null,
  tasks: {},
  notices: [],
  busy: false,
  keyStatus: null,
  exportPreview: null,
  lastExport: null
}

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
    return errorText(get().locale, error)
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

  const loadRows = async () => {
    const [rows, summary] = await Promise.all([call('listRows', {}), call('getSummary', {})])
    set((s) => ({
      rows: new Map(rows.map((r) => [r.id, r])),
      summary,
      rowChange: { seq: s.rowChange.seq + 1, reset: true, update: rows, remove: [] }
    }))
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
    set({ workspace: info, tab: info.master && info.villages.length > 0 ? 'review' : 'import', selectedRowId: null, lastExport: null })
    if (info.recovery && info.recovery.replayed > 0) notify('info', translator(get().locale)('ui.recovery', { replayed: info.recovery.replayed }))
    await loadRows()
  }

  const runImport = async (kind: 'master' | 'village', file: File) => {
    const taskId = `t${Date.now().toString(36)}${++taskSeq}`
    const t = translator(get().locale)
    set((s) => ({ tasks: { ...s.tasks, [taskId]: { taskId, fileName: file.name, phase: 'read', done: 0, total: 1 } } }))
    try {
      const bytes = new Uint8Array(await file.arrayBuffer())
      const result =
        kind === 'master'
          ? await call('importMaster', { taskId, fileName: file.name, bytes })
          : await call('importVillage', { taskId, fileName: file.name, bytes })
      const detail = result.warnings.map((w: ImportWarning) => w.message)
      if (result.alreadyImported) notify('info', t('ui.import.already', { file: file.name }))
      else if (kind === 'master') notify('success', t('ui.import.masterDone', { file: file.name, rows: result.source.rows, desa: result.summary.byDesa.length }), detail)
      else notify('success', t('ui.import.done', { file: file.name, rows: result.source.rows, desa: result.source.desa || t('ui.desaUnknown') }), detail)
      set({ workspace: await call('getWorkspace', {}) })
      return true
    } catch (err) {
      notify('error', t('ui.import.failed', { file: file.name, message: describe(err) }))
      return false
    } finally {
      set((s) => {
        const tasks = { ...s.tasks }
        delete tasks[taskId]
        return { tasks }
      })
    }
  }

  return {
    ...initial,

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
        await call('closeWorkspace', {})
        set({ ...initial, started: true, appInfo: get().appInfo, locale: get().locale, recent: await call('listRecentWorkspaces', {}) })
      })
    },

    async importMaster(file) {
      if (await runImport('master', file)) await guarded(loadRows)
    },

    async importVillages(files) {
      let any = false
      // One at a time: the engine is single-writer, and progress stays readable.
      for (const file of files) any = (await runImport('village', file)) || any
      if (any) await guarded(loadRows)
    },

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

    resolveFinding: (key, action) => guarded(async () => applyChanges(await call('resolveFinding', { findingKey: key, action }))).then(() => undefined),
    markVerified: (rowId) => guarded(async () => applyChanges(await call('markVerified', { rowId }))).then(() => undefined),

    setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch }, keptRows: new Set() })),
    selectRow: (rowId) => set({ selectedRowId: rowId }),
    setTab: (tab) => {
      set({ tab })
      if (tab === 'export') void get().loadExport()
    },
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
        set({ keyStatus: await call('getKeyStatus', {}) })
      }).then(() => undefined),

    updateSettings: (patch) =>
      guarded(async () => {
        set({ workspace: await call('updateSettings', patch) })
        notify('success', translator(get().locale)('ui.settings.saved'))
      }).then(() => undefined),

    reset: () => set({ ...initial })
  }
})
