/**
 * The table extracted when a file was inspected, kept for its import (issue 17): the app's import
 * queue inspects each file and then imports it, and extraction (finding the header row, reading
 * every row) ran twice, a third of the engine's work per file. Keyed by everything extraction
 * reads (content, name, kind, the operator's choice, the saved templates; the cells come from the
 * same bytes), so a kept table is the one extraction would make again. One table at a time; an
 * import takes it, and a journal replay never sees one.
 */
import type { DesaEvidence } from '../../domain/desa-evidence'
import { type ExtractOptions, extractTable, type ParsedTable } from './extract-table'
import type { WorkbookData } from './read-workbook'

/**
 * The desa the inspection found for a village file without the operator's choice (import-source.ts
 * resolveDesa), and the master it was found against: it reads the master's NIK, KK and desa list.
 */
export interface KeptDesa {
  master: string
  attribution: { desa: string; evidence: DesaEvidence[]; conflict: DesaEvidence | null }
}

/** A file's cells and the table extracted from them. */
export interface Extracted {
  wb: WorkbookData
  table: ParsedTable
  desa?: KeptDesa
}

export class TableMemo {
  private kept: (Extracted & { key: string }) | null = null

  /** Extracts the table (or gives the one kept for the same inputs) and keeps it, with the cells, for the import. */
  inspect(sha256: string, wb: WorkbookData, fileName: string, opts: ExtractOptions): ParsedTable {
    const key = keyOf(sha256, fileName, opts)
    const table = this.kept?.key === key ? this.kept.table : extractTable(wb, fileName, opts)
    this.kept = { key, wb, table }
    return table
  }

  /** Keeps the desa found for the table just inspected, for its import (the same evidence, the same answer). */
  keepDesa(desa: KeptDesa): void {
    if (this.kept) this.kept.desa = desa
  }

  /** What was kept for these inputs, let go (an import needs it once); null when nothing was. */
  take(sha256: string, fileName: string, opts: ExtractOptions): Extracted | null {
    const kept = this.kept
    this.kept = null
    if (kept?.key !== keyOf(sha256, fileName, opts)) return null
    return { wb: kept.wb, table: kept.table, ...(kept.desa ? { desa: kept.desa } : {}) }
  }

  /** Lets go of what was kept (the workspace closes). */
  clear(): void {
    this.kept = null
  }
}

const keyOf = (sha256: string, fileName: string, opts: ExtractOptions): string =>
  JSON.stringify([sha256, fileName, opts.kind, opts.choice ?? null, opts.templates ?? [], opts.limitRows ?? null])
