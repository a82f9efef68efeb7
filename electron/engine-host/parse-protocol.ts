/**
 * Messages between the parse pool (parse-pool.ts) and a parse process (parse-child.ts): one file
 * in, its cells or its refusal out. Sent with v8 serialization (child_process 'advanced', Electron
 * utilityProcess), so typed arrays and nested objects cross as they are.
 */
import type { AppError } from '../../shared/api/result'
import type { ReadLimits, WorkbookData } from '../../shared/engine/import/read-workbook'
import type { PackedWorkbook } from './parse-pack'

export interface ParseJob {
  id: number
  bytes: Uint8Array
  fileName: string
  limits: ReadLimits
}

/**
 * `packed`: the cells as typed arrays and a text table (parse-pack.ts), what the parse process
 * sends; `workbook` (plain objects) is still understood. `retire`: the process grew large reading
 * this file; the pool replaces it rather than keep that memory.
 */
export type ParseReply = (
  | { id: number; ok: true; packed: PackedWorkbook }
  | { id: number; ok: true; workbook: WorkbookData }
  | { id: number; ok: false; error: AppError }
) & {
  retire?: boolean
}

/** How a parse process ended. `outOfMemory`: it hit its heap cap (V8's fatal "heap out of memory"). */
export interface ProcessEnd {
  code: number | null
  signal: string | null
  outOfMemory: boolean
}

/** One parse process as the pool sees it, whatever starts it (child_process fork, utilityProcess). */
export interface ParseProcess {
  readonly pid: number | undefined
  send(job: ParseJob): void
  onReply(fn: (reply: ParseReply) => void): void
  /** Called once, when the process has ended for any reason. */
  onExit(fn: (end: ProcessEnd) => void): void
  kill(): void
}

/** Starts a parse process whose JavaScript heap is capped at `maxHeapMb`. */
export type StartParseProcess = (opts: { maxHeapMb: number }) => ParseProcess

/** V8's words when a heap cap is reached, as the process prints them on stderr before it aborts. */
export const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/i
