/**
 * The shape of the renderer's store: one state made of slices (session, rows, import, review,
 * notices, export, settings), each built in its own file. The truth lives in the engine; the store
 * holds UI state and cached views, and its actions are the only callers of the backend.
 */
import type { ArgsOf } from '@shared/api/contract'
import type { AppError } from '@shared/api/result'
import type {
  AppInfo,
  ApproverKeyStatus,
  AuditEntry,
  BeritaAcara,
  CoverageSetting,
  DaftarPerbaikan,
  Delivery,
  DesaStatus,
  ExportPreview,
  ExportResult,
  FindingView,
  ImportPreview,
  ImportResult,
  KeyStatus,
  Locale,
  PackageApproval,
  PackageEntry,
  PackageView,
  ProgressEvent,
  ReceiptImported,
  RecentWorkspace,
  RecoveryCode,
  RowsChanged,
  RowView,
  SourceKind,
  Summary,
  TableChoice,
  WorkspaceInfo
} from '@shared/api/types'
import type { EditableField } from '@shared/domain/fields'
import type { FindingCode, ResolutionAction, Severity } from '@shared/domain/findings'
import type { HeaderTarget } from '@shared/domain/header-mapping'
import type { RemovalReason, SharedBasis } from '@shared/domain/removal'
import type { StoreApi } from 'zustand/vanilla'

import type { Backend } from '../lib/backend'
import type { Message } from '../lib/message'

export type Tab = 'board' | 'import' | 'review' | 'export' | 'kirim' | 'settings'

export interface Filters {
  /** A finding code, any finding, all rows, or only names that differ in spelling alone. */
  code: FindingCode | 'all' | 'any' | 'spelling'
  severity: Severity | 'all'
  desa: string
  /** The desa in one board state (a state tile of the board), as they were when it was chosen. */
  desaState: { status: DesaStatus; desa: readonly string[] } | null
  status: 'all' | 'open' | 'resolved'
  search: string
}

/** A message for the operator, kept untranslated (lib/message.ts translates it when shown). */
export interface Notice {
  id: number
  kind: 'info' | 'success' | 'error'
  message: Message
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
  /** Village files: the desa the operator picked or confirmed on the mapping screen; null until then. */
  desa: string | null
  /** Columns the importer guessed (a near header, the values) that the operator has not confirmed or changed yet. */
  guesses: { column: number; target: HeaderTarget; confidence: number }[]
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

/** A batch of row changes for the grid to apply as a transaction (never a rebuild). */
export interface RowChange {
  seq: number
  reset: boolean
  update: RowView[]
  remove: string[]
}

/** The open workspace, the app around it, and which screen shows. */
export interface SessionSlice {
  appInfo: AppInfo | null
  started: boolean
  workspace: WorkspaceInfo | null
  recent: RecentWorkspace[]
  tab: Tab
  /** A backend action is running: buttons that would start another are disabled. */
  busy: boolean
  start(): Promise<void>
  openDemo(): Promise<void>
  chooseWorkspace(mode: 'open' | 'create'): Promise<void>
  openRecent(location: string): Promise<void>
  closeWorkspace(): Promise<void>
  /** A workspace whose key the OS could not unwrap: the unlock dialog asks for the passphrase or the recovery code. */
  unlock: UnlockPrompt | null
  /** Opens that workspace with what was typed (sent once, never kept in the store). */
  submitUnlock(answer: { passphrase?: string; recoveryCode?: string }): Promise<void>
  cancelUnlock(): void
  setTab(tab: Tab): void
  /** Everything back to a fresh store, but for `keep` (and this PC's preferences). */
  reset(keep?: Partial<AppState>): void
}

export interface UnlockPrompt {
  /** A new workspace: the passphrase is set here (typed twice). */
  create: boolean
  /** Why the dialog is (still) shown: the key error of the last attempt. */
  error: AppError
}

/** The cached rows and summary, what the grid shows of them, and the operator's place in them. */
export interface RowsSlice {
  summary: Summary | null
  rows: Map<string, RowView>
  rowChange: RowChange
  filters: Filters
  /** Rows changed by the operator's actions since the filters last changed: they stay in view. */
  keptRows: ReadonlySet<string>
  selectedRowId: string | null
  /** Rows ticked in the grid for a bulk action (the panel still shows `selectedRowId`). */
  selection: string[]
  /** Rows still arriving after the first piece (a large workspace): how many of how many. */
  loading: { done: number; total: number } | null
  setFilters(patch: Partial<Filters>): void
  selectRow(rowId: string | null): void
  /** The grid's ticked rows; the panel keeps its row while it stays ticked. */
  setSelection(rowIds: string[]): void
  /** From the board: review one desa (all its rows, every filter but the desa cleared). */
  openDesa(desa: string): void
  /** Opens the review of every desa in one board state (a state tile), all their rows. */
  openDesaState(status: DesaStatus): void
  /** For the other slices: reads every row again (first piece at once, the rest as it comes). */
  loadRows(): Promise<void>
  /** For the other slices: folds an action's answer into the cached rows and the summary. */
  applyChanges(changed: RowsChanged): void
  /** For the other slices: rows of an earlier load still arriving are dropped. */
  stopRowLoads(): void
}

/** Files on their way in: the queue, the mapping screen's file, progress, the last report. */
export interface ImportSlice {
  tasks: Record<string, Task>
  /** A file waiting on the mapping screen, and the files dropped after it. */
  pending: PendingImport | null
  /** What the last import did: the import report. */
  lastImport: ImportReport | null
  /** Show the mapping screen for every file, not only when something needs a look. */
  alwaysMap: boolean
  importMaster(file: File): Promise<void>
  importVillages(files: File[]): Promise<void>
  setAlwaysMap(on: boolean): void
  /** Re-reads the pending file with a changed sheet, header row or column mapping (`touched`: the column the operator set). */
  changePending(choice: TableChoice, touched?: number): Promise<void>
  /** The operator's answer to "which desa is this file about": re-reads the file for that desa. */
  choosePendingDesa(desa: string): Promise<void>
  /** The operator confirms a guessed column's meaning as it is. */
  confirmPendingGuess(column: number): void
  confirmPending(options: { onExisting?: 'replace' | 'add'; saveTemplate?: string }): Promise<void>
  cancelPending(): Promise<void>
  cancelTask(taskId: string): Promise<void>
  /** Complete list / changes only / guess: decides whether people missing from the file are reported. */
  setCoverage(sourceId: number, coverage: CoverageSetting): Promise<void>
  /** For the session slice: progress of a running import. */
  trackProgress(e: ProgressEvent): void
}

/** The operator's decisions on rows: edits, resolutions, verification, removals, undo. */
export interface ReviewSlice {
  removal: RemovalRequest | null
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
  /** Who changed what on a row, newest first; empty when it cannot be read. */
  rowHistory(rowId: string): Promise<AuditEntry[]>
}

/** Messages for the operator. */
export interface NoticesSlice {
  notices: Notice[]
  /** Errors stay until dismissed; other messages leave by themselves. */
  notify(kind: Notice['kind'], message: Message): void
  /** A failed action as an error notice; `within` wraps its text (its `{message}` placeholder). */
  notifyError(err: unknown, within?: Extract<Message, { key: unknown }>): void
  dismissNotice(id: number): void
}

/** The package for the Dinas Sosial: what would go in, the signing key, the last package. */
export interface ExportSlice {
  keyStatus: KeyStatus | null
  exportPreview: ExportPreview | null
  lastExport: ExportResult | null
  /** Re-send everything decided, not only what is new or changed since the last package. */
  exportAll: boolean
  /**
   * The berita acara loaded for printing, read back from its package: the last one exported, or
   * any earlier one (export list, package viewer). Printed as a page.
   */
  beritaAcara: BeritaAcara | null
  /** Every package this workspace made, newest first (the export screen's list). */
  packages: PackageEntry[] | null
  /** A package (SHA-256) whose file this PC no longer finds: the operator is asked to choose it. */
  packageFileMissing: string | null
  /** Bumped when a loaded berita acara should be printed (the page prints once it is drawn). */
  printBaSeq: number
  loadExport(): Promise<void>
  setExportAll(all: boolean): Promise<void>
  exportPackage(desa: string[], passphrase?: string): Promise<void>
  /** The berita acara of a package (default: the last exported) as PDF, saved where the operator chooses. */
  saveBeritaAcara(sha256?: string): Promise<void>
  /** Loads the berita acara of a package (if not loaded) and prints it. */
  printBeritaAcara(sha256: string): Promise<void>
  /** The package file the operator chose for a package whose file was not found; its hash must match. */
  choosePackageFile(sha256: string, fileName: string, bytes: Uint8Array): Promise<void>
}

/** The daftar perbaikan: saved as .xlsx, or shown as a printable page (docs/outputs.md). */
export interface DaftarSlice {
  /** The list the print page shows; null when it is closed. */
  daftarPrint: DaftarPerbaikan | null
  /** Saves the .xlsx of one desa (null or 'all': every desa) where the operator chooses. */
  saveDaftar(desa: string | null): Promise<void>
  openDaftarPrint(desa: string | null): Promise<void>
  closeDaftarPrint(): void
}

/** The language, this PC's display preference, and the workspace's settings. */
export interface SettingsSlice {
  locale: Locale
  /**
   * Hide the middle of NIK and No. KK on screen (and so in prints). A preference of this PC kept in
   * localStorage, not workspace data: it survives closing the workspace.
   */
  maskIds: boolean
  setLocale(locale: Locale): void
  setMaskIds(on: boolean): void
  updateSettings(patch: ArgsOf<'updateSettings'>): Promise<void>
  /** The recovery code just made, shown once in its dialog; dropped from the store when dismissed. */
  recoveryCode: RecoveryCode | null
  createRecoveryCode(passphrase?: string): Promise<void>
  dismissRecoveryCode(): void
}

/** The sending queue and receipts (the Kirim screen, docs/delivery.md). */
export interface DeliverySlice {
  /** The open workspace's sending queue, in the order the packages were made. */
  deliveries: Delivery[]
  /** The list was asked for once in this workspace (the board asks only then). */
  deliveriesLoaded: boolean
  /** The last receipt file the operator imported, as the host checked it. */
  receiptImported: ReceiptImported | null
  loadDeliveries(): Promise<void>
  /** Queues a package this session exported for the workspace's receiver. */
  sendToDinas(sha256: string, fileName: string): Promise<void>
  pauseDelivery(sha256: string): Promise<void>
  resumeDelivery(sha256: string): Promise<void>
  importReceipt(fileName: string, bytes: Uint8Array): Promise<void>
}

/** The package viewer and the finding-code help (docs/desktop.md). */
export interface ViewerSlice {
  /** The package shown by the viewer (verified by the host); null when closed. */
  packageView: PackageView | null
  /** The help screen, open at a code (null: all codes from the top); null when closed. */
  findingHelp: { code: FindingCode | null } | null
  viewPackageFile(fileName: string, bytes: Uint8Array): Promise<void>
  /** The package opened from the file manager or Berkas → Buka paket…, if one waits. */
  takeOpenedPackage(): Promise<void>
  closePackageView(): void
  showFindingHelp(code?: FindingCode | null): void
  closeFindingHelp(): void
  /** Listens for main's menu and file-manager events; returns the unsubscribe. */
  listenShell(): () => void
}

/** Approval of a package in the app by the camat/kasi (their own key on this PC, signed in the host). */
export interface ApprovalSlice {
  /** The approver's key on this PC; null until asked. */
  approverKey: ApproverKeyStatus | null
  /** Approvals of packages this PC saved, by the package's identity (SHA-256 as signed), as last read from the file. */
  approvalsByPackage: Record<string, PackageApproval[]>
  loadApproverKey(): Promise<void>
  /** True when made; without a passphrase the OS wraps it (only offered where the OS can). */
  createApproverKey(passphrase?: string): Promise<boolean>
  /** Approves the package in the viewer; true when the approved file was written. */
  approvePackage(args: Omit<ArgsOf<'approvePackage'>, 'sha256'>): Promise<boolean>
  /** Opens a package this PC saved in the viewer, as its file is now. */
  openSavedPackage(sha256: string): Promise<void>
  /** Reads whether a saved package is approved, for the export screen (quietly: unknown stays unknown). */
  checkSavedApproval(sha256: string): Promise<void>
}

export type AppState = SessionSlice &
  RowsSlice &
  ImportSlice &
  ReviewSlice &
  NoticesSlice &
  ExportSlice &
  DaftarSlice &
  SettingsSlice &
  ViewerSlice &
  ApprovalSlice &
  DeliverySlice

/** What the store is given rather than reaching for: the backend, and a clock for notices. */
export interface StoreDeps {
  backend: Backend
  /** Runs `fn` after `ms` (a notice leaving by itself); tests pass their own. */
  later(fn: () => void, ms: number): void
}

export type SetState = StoreApi<AppState>['setState']
export type GetState = StoreApi<AppState>['getState']

/** One slice: its state and actions, given the whole store's set/get and the deps. */
export type Slice<T> = (set: SetState, get: GetState, deps: StoreDeps) => T

/** The data part of a slice (what a fresh store holds), without its actions. */
export type DataOf<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] }
