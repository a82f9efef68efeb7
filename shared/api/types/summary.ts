/** Counts per desa and finding code, and what undo/redo would do: the board's content. */
import type { FindingCode } from '../../domain/findings'

export interface CodeCount {
  open: number
  resolved: number
}

/**
 * Where a desa stands this month, as the kecamatan board shows it:
 * not_received (in the master, no file yet) → imported (nothing decided yet) → in_review →
 * verified (no open finding left) → exported (in a package, nothing changed since).
 */
export const DESA_STATUSES = ['not_received', 'imported', 'in_review', 'verified', 'exported'] as const
export type DesaStatus = (typeof DESA_STATUSES)[number]

export interface DesaSummary {
  desa: string
  status: DesaStatus
  /** Active village files of the desa. */
  files: string[]
  /** People of the desa in the master extract. */
  people: number
  rows: number
  open: number
  resolved: number
  verified: number
  byCode: Partial<Record<FindingCode, CodeCount>>
  /** When the desa last went into a package (null: never, or changed since). */
  exportedAt: string | null
  /** The newest package that carried the desa, and the Dinas's receipt time once recorded (null: none yet). */
  delivery: DesaDelivery | null
}

export interface DesaDelivery {
  seq: number
  sha256: string
  receivedAt: string | null
}

export interface Summary {
  rows: number
  open: number
  resolved: number
  byCode: Partial<Record<FindingCode, CodeCount>>
  byDesa: DesaSummary[]
  /** What Ctrl+Z / Ctrl+Y would undo or redo now. */
  undo: UndoState
}

/** A review action as the undo/redo buttons name it. */
export interface UndoLabel {
  /** bulk_*: one action on many findings or rows (resolveMany, verifyMany), undone in one step. */
  action: 'edit' | 'resolve' | 'verify' | 'deactivate' | 'bulk_resolve' | 'bulk_verify'
  field: string | null
  code: FindingCode | null
  resolution: string | null
  /** File, row and person: of the one row acted on; for a bulk action, the file when all rows share it. */
  file: string | null
  rowNo: number | null
  nama: string
  /** How many findings (bulk_resolve) or rows (bulk_verify) a bulk action covered; null otherwise. */
  count: number | null
}

export interface UndoState {
  undo: UndoLabel | null
  redo: UndoLabel | null
}
