import type { DesaEvidence } from '../../domain/desa-evidence'
/** The workspace, its sources and how they were read: what the start screen and sources panel show. */
import type { PersonField } from '../../domain/fields'
import type { HeaderTarget, MatchHow } from '../../domain/header-mapping'
import type { LetterSettings } from '../../domain/letter'
import type { Signatory, SubVillageLabel } from '../../domain/region'

export type Locale = 'id' | 'en'

export interface AppInfo {
  name: string
  version: string
  platform: string
  locale: Locale
}

export interface ColumnMapping {
  field: PersonField
  /** What the column holds: a field, or two at once ("TEMPAT/TGL LAHIR", "RT/RW"). */
  target?: HeaderTarget
  /** 0-based column index in the sheet. */
  column: number
  /** Column letter as Excel shows it (A, B, …, AA). */
  columnLetter: string
  header: string
  /** 1 for a known header; lower for a near spelling; absent in workspaces made before 0.2. */
  confidence?: number
  how?: MatchHow
}

export type SourceKind = 'master' | 'village'

/** What became of earlier decisions, edits and statuses when a new master or a replacing file came in. */
export interface CarryForwardCounts {
  /** Basis unchanged: stands on the same person's new data. */
  carried: number
  /** The new data already says what the decision said ("sudah sesuai"). */
  fulfilled: number
  /** Basis changed: open again, "perlu ditinjau ulang". */
  review: number
  /** The person is gone: kept and listed, applied to nobody. */
  orphaned: number
}

export interface SourceInfo {
  id: number
  kind: SourceKind
  fileName: string
  sha256: string
  format: string
  sheet: string
  /** 1-based row number of the header row as Excel shows it. */
  headerRow: number
  rows: number
  desa: string
  mapping: ColumnMapping[]
  importedAt: string
  importedBy: string
  /** What a village file covers (null for the master). */
  coverage: FileCoverage | null
  /** Village files: the evidence its desa was attributed from, strongest first (absent for older files). */
  desaEvidence?: DesaEvidence[]
  /** What became of earlier decisions when this file came in (a new master, a replacing file); absent before 0008. */
  carryForward?: CarryForwardCounts
}

/**
 * Complete list of the desa, or only its changes (usulan/perbaikan/nonaktif). People missing from
 * a file are reported only for complete lists. The operator's setting wins over the guess.
 */
export const COVERAGE_SETTINGS = ['auto', 'complete', 'changes'] as const
export type CoverageSetting = (typeof COVERAGE_SETTINGS)[number]
export type Coverage = Exclude<CoverageSetting, 'auto'>

export interface FileCoverage {
  setting: CoverageSetting
  /** From the share of the desa's master people the file lists (≥ 50 %: complete); unknown while the file's desa is. */
  guess: Coverage | 'unknown'
  /** That share, 0 … 1; null when the master has nobody of this desa. */
  share: number | null
  /** 'unknown' — the operator must choose the desa (or the coverage): never quietly "changes only". */
  effective: Coverage | 'unknown'
}

export interface RecoveryInfo {
  /** Journal records replayed on top of the last snapshot. */
  replayed: number
  /** True when the newest snapshot was unusable and the previous generation was used. */
  usedPreviousSnapshot: boolean
  /** Bytes of a torn journal tail (a write cut off by a crash) that were dropped. */
  droppedTailBytes: number
  /** The last change restored (its sequence number and time; time null when it is in the snapshot). */
  restoredSeq: number
  restoredAt: string | null
  /** Stored files found damaged, and what was wrong with each. */
  damaged: { file: string; problem: string }[]
  /** Saved changes that could not be restored; null when none was lost. */
  lost: LostChanges | null
  /** Folder in the workspace where the damaged files were kept aside (`damaged/<time>`); null when none. */
  keptAside: string | null
}

/** Changes that were saved but could not be restored after damage or a crash. */
export interface LostChanges {
  /** Sequence numbers: from `firstSeq` to `lastSeq` (null when the damage hides the last one). */
  firstSeq: number
  lastSeq: number | null
  /** How many; `exact` false means "at least" (damaged bytes may have held more). */
  count: number
  exact: boolean
  /** Time of the earliest and latest lost change that could still be read; null when none could. */
  from: string | null
  to: string | null
}

export interface WorkspaceInfo {
  id: string
  name: string
  /** Where the workspace lives, for display. */
  location: string
  kecamatan: string
  operator: string
  kabupaten: string
  /** What the kabupaten calls the part of a village (column DUSUN): set, or suggested from the kabupaten. */
  subVillageLabel: SubVillageLabel
  /** Who signs the printed recapitulation: set, or the usual three. */
  signatories: Signatory[]
  /** Kop surat, document number pattern and place of the berita acara: set, or suggested. */
  letter: LetterSettings
  /** The kabupaten asks for a camat/kasi approval of each package before it is sent. */
  approvalRequired: boolean
  /** Where packages are sent (the Dinas's receiver, http(s)://…); '' until the operator sets it. */
  receiverUrl: string
  /** The Dinas's receipt key (base64 Ed25519) receipts must be signed by; '' while not pinned. */
  receiverKey: string
  master: SourceInfo | null
  villages: SourceInfo[]
  recovery: RecoveryInfo | null
}

export interface RecentWorkspace {
  location: string
  name: string
  openedAt: string
}

/** A workspace recovery code just made (shown once, stored nowhere in the clear), and when the one it replaces was made. */
export interface RecoveryCode {
  code: string
  replaced: string | null
}
