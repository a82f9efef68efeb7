/**
 * Commands: every change to a workspace is one of these. They are journaled before they are
 * acknowledged and replayed on recovery, so applying one must depend only on the command,
 * its journal record (time, operator) and the database — never on the clock or randomness.
 */
import type { CoverageSetting, SourceKind } from '../../api/types'
import type { EditableField } from '../../domain/fields'
import type { ResolutionAction } from '../../domain/findings'
import type { LetterSettings } from '../../domain/letter'
import type { Signatory, SubVillageLabel } from '../../domain/region'
import type { RemovalBasis, SharedBasis } from '../../domain/removal'
import type { Db } from '../db'
import type { TableChoice } from '../import/extract-table'
import type { ReadLimits, WorkbookData } from '../import/read-workbook'
import type { TableMemo } from '../import/table-memo'

export type Command =
  | {
      type: 'updateSettings'
      name?: string
      kecamatan?: string
      operator?: string
      kabupaten?: string
      subVillageLabel?: SubVillageLabel
      signatories?: Signatory[]
      letter?: LetterSettings
      approvalRequired?: boolean
      receiverUrl?: string
      receiverKey?: string
    }
  | {
      type: 'importSource'
      kind: SourceKind
      fileName: string
      sha256: string
      size: number
      desa?: string
      /** The operator's sheet, header row and mapping, when they corrected the importer's. */
      choice?: TableChoice
      /** When the desa already has a file: replace it (keeping what still matches) or add alongside. */
      onExisting?: 'replace' | 'add'
      /** Save the mapping used as a template under this name. */
      saveTemplate?: string
      /** A village file of a batch: its findings wait for the batch's `matchAll` (ignored when it replaces a file). */
      matchLater?: boolean
    }
  /** Every finding computed again, once, after a batch of `matchLater` imports (`cermat check`). */
  | { type: 'matchAll' }
  | { type: 'deleteTemplate'; name: string }
  | { type: 'setCoverage'; sourceId: number; coverage: CoverageSetting }
  | { type: 'editCell'; rowId: number; field: EditableField; value: string }
  /** `basis`: what a removal rests on (checked by the Engine; old journals have none). */
  | { type: 'resolveFinding'; key: string; action: ResolutionAction; basis?: RemovalBasis }
  | { type: 'markVerified'; rowId: number }
  /** A removal decided by the operator: a master person ('m') or a matched village row ('v'). */
  | { type: 'deactivate'; kind: 'v' | 'm'; id: number; basis: RemovalBasis }
  /** One action on many findings: one journal record, one undo step. */
  | { type: 'resolveMany'; keys: string[]; action: ResolutionAction; basis?: SharedBasis }
  | { type: 'verifyMany'; rowIds: number[] }
  | { type: 'undo' }
  | { type: 'redo' }
  | {
      type: 'recordExport'
      seq: number
      fileName: string
      sha256: string
      desa: string[]
      changes: number
      /** What the package carried, change by change (absent in journals written before delta packages). */
      sent?: { id: string; content: string }[]
    }
  | { type: 'recordReceipt'; packageSha256: string; seq: number; receivedAt: string; receiver: string }

export type ProgressPhase = 'read' | 'parse' | 'store' | 'match' | 'save' | 'done'

/** Where an import's time goes, as `npm run bench` reports it (EnginePorts.phase); never shown to the operator. */
export type TimedPhase = 'read' | 'map' | 'insert' | 'match' | 'findings' | 'save' | 'report'

export interface ApplyContext {
  db: Db
  /** Time and operator of the journal record. */
  at: string
  by: string
  todayIso: string
  sha256(data: Uint8Array): string
  /** Bounds on what one file may make the reader do. */
  limits: ReadLimits
  readBlob(sha256: string): Promise<Uint8Array>
  /** Reads an untrusted file through the host's parse port (EnginePorts.parser). */
  parse(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<WorkbookData>
  /** Village rows stored without their cells as read (raw '[]'): an ephemeral `cermat check` workspace, which never reads them. */
  withoutRawCells?: boolean
  /** The table of the file inspected last, for its import; absent in a journal replay (it extracts afresh). */
  tables?: TableMemo
  progress(phase: ProgressPhase, done: number, total: number): void
  /** Throws CANCELLED when the operator cancelled the running task. */
  checkCancelled(): void
  /** Lets the host process messages (progress, cancel) during long work. */
  yieldToHost(): Promise<void>
  /** Marks the start of a phase for a benchmark's timing port; nothing when the host has none. */
  phase(name: TimedPhase): void
}
