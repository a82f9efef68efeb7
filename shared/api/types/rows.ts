/** The grid's rows and their findings, as the renderer pages through them. */
import type { PersonField, PersonValues } from '../../domain/fields'
import type { FindingCode, ResolutionAction, Severity } from '../../domain/findings'
import type { Coercion } from './import'
import type { Summary } from './summary'

export type FindingStatus = 'open' | 'resolved'
export type Resolution = ResolutionAction | 'edited' | 'verified'

export interface FindingView {
  /** Stable key: survives recomputation, used to resolve the finding. */
  key: string
  code: FindingCode
  severity: Severity
  field: PersonField | null
  village: string | null
  master: string | null
  /** Values the message template needs (e.g. the other file of a duplicate). */
  params: Record<string, string>
  status: FindingStatus
  resolution: Resolution | null
  allowed: ResolutionAction[]
}

export type RowKind = 'village' | 'master_only'
export type RowStatus = 'open' | 'verified' | 'excluded'

export interface RowView {
  /** 'v<id>' for a village row, 'm<id>' for a master person missing from the village file. */
  id: string
  kind: RowKind
  sourceId: number | null
  fileName: string | null
  /** 1-based sheet row as Excel shows it; null for master-only rows. */
  rowNo: number | null
  desa: string
  values: PersonValues
  /** Values of the matched master person, when there is one. */
  master: PersonValues | null
  status: RowStatus
  findings: FindingView[]
  /** Values the importer changed on this row's way in (what the file said, what was stored). */
  coercions: Coercion[]
}

/** One piece of the grid's rows; `next` asks for the following one (null: that was the last). */
export interface RowsPage {
  rows: RowView[]
  next: string | null
  /** All rows there are (village rows and master people missing from the files). */
  total: number
}

/**
 * Rows packed for the trip to the grid (rows-codec.ts): a table of distinct strings and int32
 * records as bytes, instead of one object per row through the worker, the IPC and the page.
 */
export interface PackedRows {
  /** Rows in the page. */
  n: number
  strings: string[]
  /** n row records of int32s (this machine's byte order: both ends run on it). */
  cells: Uint8Array
  /** One int32 record per finding, the rows' findings one after another in row order. */
  findings: Uint8Array
  /** Likewise one record per coercion (what the importer changed on the way in). */
  coercions: Uint8Array
}

/** A RowsPage with its rows packed. */
export interface PackedRowsPage {
  rows: PackedRows
  next: string | null
  total: number
}

export interface RowsChanged {
  rows: RowView[]
  removed: string[]
  summary: Summary
}
