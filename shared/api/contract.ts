/**
 * The one contract between the renderer and the hosts (Electron main, test host).
 * Each method is declared once: its argument validator, its result type, and who answers it:
 * - 'host' methods need the host itself (native dialogs, the signing key, where files go);
 * - 'engine' methods are forwarded to the engine worker unchanged.
 * The preload exposes exactly these names; main and the test host validate every call with them.
 */
import { EDITABLE_FIELDS } from '../domain/fields'
import { RESOLUTION_ACTIONS } from '../domain/findings'
import { HEADER_TARGETS } from '../domain/header-mapping'
import { SIGNATORY_ROLES, SUB_VILLAGE_LABELS } from '../domain/region'
import { BASIS_KINDS, BASIS_NUMBER_MAX, REMOVAL_REASONS } from '../domain/removal'
import type { Result } from './result'
import { arr, bool, bytes, type Check, empty, int, isoDate, obj, oneOf, optional, str } from './schema'
import type { ShellEvent } from './shell-events'
import type {
  AppInfo,
  ApproverKeyStatus,
  AuditEntry,
  BeritaAcara,
  DaftarPerbaikanResult,
  DaftarSaved,
  Delivery,
  ExportPreview,
  ExportResult,
  ImportPreview,
  ImportResult,
  KeyStatus,
  MappingTemplate,
  PackageEntry,
  PackageView,
  PackedRowsPage,
  ProgressEvent,
  ReceiptImported,
  RecentWorkspace,
  RecoveryCode,
  RowsChanged,
  RowsPage,
  SavedFile,
  Summary,
  WorkspaceInfo
} from './types'
import { COVERAGE_SETTINGS } from './types'

/** Largest spreadsheet accepted from the renderer (village files are KBs to a few MB). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

export type Side = 'host' | 'engine'

export interface MethodSpec<A, R, S extends Side = Side> {
  side: S
  args: Check<A>
  /** Phantom: carries the result type. */
  readonly result?: R
}

function method<R>() {
  return <S extends Side, A>(side: S, args: Check<A>): MethodSpec<A, R, S> => ({ side, args })
}

const taskId = str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ })
const fileName = str({ min: 1, max: 255 })
const desaName = str({ min: 1, max: 120 })
const rowId = str({ min: 2, max: 24, pattern: /^[vm][0-9]+$/ })
const templateName = str({ min: 1, max: 80 })
const findingKey = str({ min: 3, max: 200 })
const locale = oneOf(['id', 'en'] as const)
const packageSha = str({ min: 64, max: 64, pattern: /^[0-9a-f]{64}$/ })
/** Most findings or rows one bulk action may name (a large desa's file). */
export const MAX_BULK = 5000
/** What a removal rests on: berita acara (BA) or SPTJM, its number and ISO date (checked further by the engine). */
const basisParts = {
  kind: oneOf(BASIS_KINDS),
  number: str({ min: 1, max: BASIS_NUMBER_MAX }),
  date: isoDate()
}
const removalBasis = obj({ reason: oneOf(REMOVAL_REASONS), ...basisParts })
const choice = obj({
  sheet: optional(str({ min: 1, max: 100 })),
  headerRow: optional(int({ min: 1, max: 1_048_576 })),
  headerRows: optional(int({ min: 1, max: 2 })),
  mapping: optional(arr(obj({ column: int({ min: 0, max: 16_383 }), target: oneOf(HEADER_TARGETS) }), { max: 200 }))
})
const importOptions = {
  choice: optional(choice),
  onExisting: optional(oneOf(['replace', 'add'] as const)),
  saveTemplate: optional(templateName)
}

export const METHODS = {
  getAppInfo: method<AppInfo>()('host', empty),
  /** Shows a folder dialog; null when the operator cancels. */
  chooseWorkspace: method<WorkspaceInfo | null>()('host', obj({ mode: oneOf(['open', 'create'] as const) })),
  openDemoWorkspace: method<WorkspaceInfo>()('host', empty),
  listRecentWorkspaces: method<RecentWorkspace[]>()('host', empty),
  openRecentWorkspace: method<WorkspaceInfo>()('host', obj({ location: str({ min: 1, max: 4096 }) })),
  /** Opens the workspace that could not be opened for want of its key, with what the operator typed (never stored). */
  unlockWorkspace: method<WorkspaceInfo>()(
    'host',
    obj({ passphrase: optional(str({ min: 8, max: 200 })), recoveryCode: optional(str({ min: 30, max: 80 })) })
  ),
  /** A new recovery code for the open workspace's data key, shown once (the previous one stops working). */
  createRecoveryCode: method<RecoveryCode>()('host', obj({ passphrase: optional(str({ min: 8, max: 200 })) })),
  closeWorkspace: method<null>()('host', empty),
  getKeyStatus: method<KeyStatus>()('host', empty),
  /** Builds, signs and saves a package; null when the operator cancels the save dialog. */
  exportPackage: method<ExportResult | null>()(
    'host',
    obj({ desa: arr(desaName, { max: 500 }), passphrase: optional(str({ min: 8, max: 200 })), all: optional(bool()) })
  ),

  /** Saves the daftar perbaikan (.xlsx) of one desa or all where the operator chooses; null when cancelled. */
  saveDaftarPerbaikan: method<DaftarSaved | null>()('host', obj({ desa: optional(desaName), locale: optional(locale) })),
  /**
   * The berita acara of any package of this workspace, to print: one this host saved or showed in the
   * viewer, or `package` (the file the operator chose; its SHA-256 must be `sha256`).
   */
  beritaAcara: method<BeritaAcara>()(
    'host',
    obj({ sha256: packageSha, package: optional(obj({ fileName, bytes: bytes({ max: MAX_FILE_BYTES }) })) })
  ),
  /** The same as a PDF, saved where the operator chooses; null when they cancel. */
  saveBeritaAcara: method<SavedFile | null>()('host', obj({ sha256: packageSha })),
  /** Verifies a package the operator chose or dropped (bytes read by the page, parsed only here) and lists it. */
  viewPackage: method<PackageView>()('host', obj({ fileName, bytes: bytes({ max: MAX_FILE_BYTES }) })),
  /** The package opened from the file manager (`package.opened`), verified and listed, once; null when none waits. */
  takeOpenedPackage: method<PackageView | null>()('host', empty),
  /** A package this PC saved (export list), verified and listed as it is on disk now (approvals included). */
  viewSavedPackage: method<PackageView>()('host', obj({ sha256: packageSha })),
  /** The approver's (camat/kasi) own key on this PC: whether there is one, its key id and public key. */
  getApproverKey: method<ApproverKeyStatus>()('host', empty),
  /** Creates the approver's key (never the operator's): under the passphrase the approver types, else wrapped by the OS. */
  createApproverKey: method<ApproverKeyStatus>()('host', obj({ passphrase: optional(str({ min: 8, max: 200 })) })),
  /**
   * Approves a package the viewer shows (by its SHA-256) with the approver's key on this PC or a key
   * file (`cermat key --new`): written over the file this PC saved, else where the operator chooses
   * (null when they cancel). Signed in the host; the page never holds a key.
   */
  approvePackage: method<PackageView | null>()(
    'host',
    obj({
      sha256: packageSha,
      role: oneOf(['camat', 'kasi'] as const),
      name: str({ min: 1, max: 120 }),
      nip: optional(str({ min: 1, max: 30, pattern: /^[0-9]+$/ })),
      passphrase: optional(str({ min: 8, max: 200 })),
      keyFile: optional(obj({ fileName, bytes: bytes({ max: 64 * 1024 }) }))
    })
  ),
  /** The sending queue of the open workspace (docs/delivery.md); `delivery.changed` says when to ask again. */
  listDeliveries: method<Delivery[]>()('host', empty),
  /** Queues a package this host saved for the Dinas's receiver (the workspace's receiverUrl). */
  sendPackage: method<Delivery[]>()('host', obj({ sha256: packageSha })),
  pauseDelivery: method<Delivery[]>()('host', obj({ sha256: packageSha })),
  /** Resumes a paused package, retries one waiting for the network now, or sends a refused one again. */
  resumeDelivery: method<Delivery[]>()('host', obj({ sha256: packageSha })),
  /** A Dinas receipt file (from a USB stick): checked, then recorded; its package counts as received. */
  importReceipt: method<ReceiptImported>()('host', obj({ fileName, bytes: bytes({ max: 1024 * 1024 }) })),

  getWorkspace: method<WorkspaceInfo | null>()('engine', empty),
  updateSettings: method<WorkspaceInfo>()(
    'engine',
    obj({
      name: optional(str({ min: 1, max: 120 })),
      kecamatan: optional(str({ min: 0, max: 120 })),
      operator: optional(str({ min: 1, max: 120 })),
      kabupaten: optional(str({ min: 0, max: 120 })),
      subVillageLabel: optional(oneOf(SUB_VILLAGE_LABELS)),
      signatories: optional(
        arr(
          obj({
            role: oneOf(SIGNATORY_ROLES),
            title: str({ min: 0, max: 120 }),
            name: str({ min: 0, max: 120 }),
            nip: optional(str({ min: 0, max: 30, pattern: /^[0-9 ]*$/ }))
          }),
          { max: 6 }
        )
      ),
      letter: optional(
        obj({
          kop: arr(str({ min: 0, max: 120 }), { max: 6 }),
          alamat: str({ min: 0, max: 200 }),
          numberPattern: str({ min: 0, max: 120 }),
          place: str({ min: 0, max: 60 })
        })
      ),
      approvalRequired: optional(bool()),
      /** The Dinas's receiver ('' clears it). */
      receiverUrl: optional(str({ min: 0, max: 300, pattern: /^(https?:\/\/[^\s]+)?$/ })),
      /** The Dinas's receipt key, base64 Ed25519 ('' clears it): receipts by another key are refused. */
      receiverKey: optional(str({ min: 0, max: 60, pattern: /^\s*([A-Za-z0-9+/]{43}=)?\s*$/ }))
    })
  ),
  /** Reads a file and says how it would be imported (the mapping screen), changing nothing. */
  inspectFile: method<ImportPreview>()(
    'engine',
    obj({
      kind: oneOf(['master', 'village'] as const),
      fileName,
      bytes: bytes({ max: MAX_FILE_BYTES }),
      choice: optional(choice),
      desa: optional(desaName)
    })
  ),
  importMaster: method<ImportResult>()('engine', obj({ taskId, fileName, bytes: bytes({ max: MAX_FILE_BYTES }), ...importOptions })),
  importVillage: method<ImportResult>()(
    'engine',
    obj({ taskId, fileName, bytes: bytes({ max: MAX_FILE_BYTES }), desa: optional(desaName), ...importOptions })
  ),
  listTemplates: method<MappingTemplate[]>()('engine', empty),
  /** Sets what a village file covers (complete list / changes only / decide from the master). */
  setCoverage: method<WorkspaceInfo>()(
    'engine',
    obj({ sourceId: int({ min: 1, max: 1_000_000_000 }), coverage: oneOf(COVERAGE_SETTINGS) })
  ),
  deleteTemplate: method<MappingTemplate[]>()('engine', obj({ name: templateName })),
  cancelTask: method<null>()('engine', obj({ taskId })),
  /**
   * The files the import queue asks for next, in its order: read ahead in the parse processes while
   * the engine applies the current one. An empty list drops what was read ahead (the queue stopped).
   */
  readAhead: method<null>()('engine', obj({ files: arr(obj({ fileName, bytes: bytes({ max: MAX_FILE_BYTES }) }), { max: 8 }) })),
  getSummary: method<Summary>()('engine', empty),
  /** The grid's rows in pieces, so the first rows show at once on a 60,000-row workspace. */
  listRowsPage: method<RowsPage>()(
    'engine',
    obj({ cursor: optional(str({ min: 3, max: 24, pattern: /^[vm]:[0-9]+$/ })), limit: int({ min: 1, max: 50_000 }) })
  ),
  /** The same pieces packed (rows-codec.ts): what the grid loads, a few arrays instead of an object per row. */
  listRowsPacked: method<PackedRowsPage>()(
    'engine',
    obj({ cursor: optional(str({ min: 3, max: 24, pattern: /^[vm]:[0-9]+$/ })), limit: int({ min: 1, max: 50_000 }) })
  ),
  editCell: method<RowsChanged>()('engine', obj({ rowId, field: oneOf(EDITABLE_FIELDS), value: str({ max: 500 }) })),
  /** `basis` is required to accept a removal (a missing person, a reported death, move, …); ignored otherwise. */
  resolveFinding: method<RowsChanged>()('engine', obj({ findingKey, action: oneOf(RESOLUTION_ACTIONS), basis: optional(removalBasis) })),
  markVerified: method<RowsChanged>()('engine', obj({ rowId })),
  /** Removes a person with its basis: a master-only row ('m…'), or a village row matched to the master ('v…'). */
  deactivate: method<RowsChanged>()('engine', obj({ rowId, basis: removalBasis })),
  /**
   * One action on many findings, all or nothing, undone in one step. One basis covers every
   * removal among them; without its reason each person keeps the status the village reported.
   */
  resolveMany: method<RowsChanged>()(
    'engine',
    obj({
      findingKeys: arr(findingKey, { min: 1, max: MAX_BULK }),
      action: oneOf(RESOLUTION_ACTIONS),
      basis: optional(obj({ reason: optional(oneOf(REMOVAL_REASONS)), ...basisParts }))
    })
  ),
  /** Marks many rows verified, all or nothing, undone in one step. */
  verifyMany: method<RowsChanged>()('engine', obj({ rowIds: arr(rowId, { min: 1, max: MAX_BULK }) })),
  /** Undo / redo the newest review action (edit, resolve, exclude, verify, deactivate, bulk); survives a restart. */
  undo: method<RowsChanged>()('engine', empty),
  redo: method<RowsChanged>()('engine', empty),
  getAudit: method<AuditEntry[]>()('engine', obj({ rowId: optional(rowId), limit: optional(int({ min: 1, max: 10_000 })) })),
  /** What an export would send; `all`: everything decided, not only what is new since the last package. */
  previewExport: method<ExportPreview>()('engine', obj({ all: optional(bool()) })),
  /** What the villages must fix (one desa, or all): the printable model, and the .xlsx bytes with `output: 'xlsx'`. */
  daftarPerbaikan: method<DaftarPerbaikanResult>()(
    'engine',
    obj({ desa: optional(desaName), locale: optional(locale), output: optional(oneOf(['print', 'xlsx'] as const)) })
  ),
  /** Every package this workspace made, newest first (the export screen's list). */
  listPackages: method<PackageEntry[]>()('engine', empty)
} as const

export type Methods = typeof METHODS
export type MethodName = keyof Methods
// Tables indexed by M (rather than a conditional type per M) so ArgsOf<M> of a generic M stays
// assignable to ArgsOf of any union containing M.
type ArgsTable = { [M in MethodName]: Methods[M] extends MethodSpec<infer A, unknown> ? A : never }
type ResultTable = { [M in MethodName]: Methods[M] extends MethodSpec<unknown, infer R> ? R : never }
export type ArgsOf<M extends MethodName> = ArgsTable[M]
export type ResultOf<M extends MethodName> = ResultTable[M]
/** Methods the host answers itself (dialogs, key, files); the rest go to the engine. */
export type HostMethodName = { [M in MethodName]: Methods[M]['side'] extends 'host' ? M : never }[MethodName]

/** Methods the engine answers (in its worker, or in-process in the CLI). */
export type EngineMethodName = Exclude<MethodName, HostMethodName>

/** What a host must implement: every host method, with the contract's types. */
export type HostHandlers = { [M in HostMethodName]: (args: ArgsOf<M>) => Promise<ResultOf<M>> }

/**
 * What the engine side must implement: every engine method, with the contract's types, so the
 * compiler catches a handler that takes or returns the wrong thing. Generic in the engine it is
 * given (shared/api imports nothing from shared/engine).
 */
export type EngineHandlers<E> = { [M in EngineMethodName]: (engine: E, args: ArgsOf<M>) => Promise<ResultOf<M>> }

export function isEngineMethod(method: MethodName): method is EngineMethodName {
  return METHODS[method].side === 'engine'
}

/** The arguments of a call as its method's validator returns them; throws SchemaError. */
export function checkArgs<M extends MethodName>(method: M, args: unknown): ArgsOf<M> {
  // Each validator returns its own method's arguments; TypeScript cannot follow M through the table.
  const check = METHODS[method].args as Check<ArgsOf<M>>
  return check(args === undefined ? {} : args, '')
}

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[]

export function isMethodName(x: unknown): x is MethodName {
  return typeof x === 'string' && Object.hasOwn(METHODS, x)
}

/** What the renderer sees as `window.cermat`, whichever host provides it. */
export type CermatApi = {
  [M in MethodName]: (args: ArgsOf<M>) => Promise<Result<ResultOf<M>>>
} & {
  /** Subscribes to progress of long work; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void
  /** Subscribes to what main starts itself (menu: finding help; a package opened from the file manager). */
  onShellEvent(listener: (event: ShellEvent) => void): () => void
}

/** IPC channel names (Electron) and message kinds (test host). */
export const CHANNEL_INVOKE = 'cermat:invoke'
export const CHANNEL_PROGRESS = 'cermat:progress'
