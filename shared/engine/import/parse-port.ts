/**
 * Where an untrusted spreadsheet is read. The engine asks this port instead of calling SheetJS
 * itself, so a host can read files in a process it can kill (electron/engine-host/parse-pool.ts:
 * a memory cap and a wall-clock limit) and read several at once while the engine applies one.
 */
import { type ReadLimits, readWorkbook, type WorkbookData } from './read-workbook'

export interface ParsePort {
  /** The file's cells, or the CermatError that refuses it (naming the file). */
  parse(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<WorkbookData>
  /** Starts reading files that will be asked for soon (in parallel, ahead of the engine); optional. */
  prefetch?(files: { bytes: Uint8Array; fileName: string; limits: ReadLimits }[]): void
}

/** Reads in the calling thread, with only the size limits: pure tests and hosts without processes. */
export const inProcessParser: ParsePort = {
  parse: async (bytes, fileName, limits) => readWorkbook(bytes, fileName, limits)
}
