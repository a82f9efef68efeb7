/**
 * The app's import queue (renderer/src/store/import.ts, and the import benchmark) hands its next
 * files to the parse processes (contract `readAhead`) ahead of the one being imported (issue 17),
 * at most this many and this many bytes together (the first always goes): a read file holds
 * ~10–20× its bytes, and the host keeps only two read ahead at a time (electron/engine-host/read-ahead.ts).
 */
export const AHEAD_FILES = 4
export const AHEAD_BYTES = 32 * 1024 * 1024

/** The end (exclusive) of the files from `from` that go ahead: within AHEAD_FILES and AHEAD_BYTES, never fewer than one. */
export function aheadEnd(sizes: readonly number[], from: number): number {
  let end = from
  let bytes = 0
  while (end < sizes.length && end - from < AHEAD_FILES && (end === from || bytes + sizes[end]! <= AHEAD_BYTES)) bytes += sizes[end++]!
  return end
}
