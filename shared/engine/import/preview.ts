/** What importing a file would do (sheet, header, mapping, first rows, warnings), changing nothing. */
import type { ImportPreview, SourceKind, TableChoice } from '../../api/types'
import { desaSources, desaWarnings, loadTemplates, previousFiles, resolveDesa } from '../commands/import-source'
import type { Db } from '../db'
import type { EnginePorts } from '../ports'
import { masterDesaRefs, masterStamp } from '../tables/master-rows'
import { activeSourceOfSha } from '../tables/sources'
import { extractTable } from './extract-table'
import type { WorkbookData } from './read-workbook'
import type { TableMemo } from './table-memo'

/** Rows of a file shown on the mapping screen. */
const PREVIEW_ROWS = 20

export interface PreviewArgs {
  fileName: string
  bytes: Uint8Array
  choice?: TableChoice
  desa?: string
}

/** `wb`: the file as the host's parse port read it (EnginePorts.parser); `tables` keeps its table for the import. */
export function previewImport(
  db: Db,
  ports: Pick<EnginePorts, 'sha256'>,
  kind: SourceKind,
  args: PreviewArgs,
  wb: WorkbookData,
  tables?: TableMemo
): ImportPreview {
  const fileName = baseName(args.fileName)
  const sha256 = ports.sha256(args.bytes)
  const opts = { kind, ...(args.choice ? { choice: args.choice } : {}), templates: loadTemplates(db) }
  const table = tables ? tables.inspect(sha256, wb, fileName, opts) : extractTable(wb, fileName, opts)
  // The file's own evidence is shown even after the operator chose, so the choice can be checked against it.
  const sources = kind === 'village' ? desaSources(wb, table) : null
  const proposed = sources ? resolveDesa(db, undefined, sources, fileName) : null
  // An import without the operator's desa resolves it again from the same evidence: it takes this one.
  if (proposed && tables) tables.keepDesa({ master: masterStamp(db), attribution: proposed })
  const attribution = sources && args.desa ? resolveDesa(db, args.desa, sources, fileName) : proposed
  const desa = attribution?.desa ?? ''
  return {
    fileName,
    sha256,
    format: wb.format,
    detail: wb.detail,
    alreadyImported: activeSourceOfSha(db, sha256, kind) !== undefined,
    sheets: table.sheets,
    sheet: table.sheet,
    headerRow: table.headerRow,
    headerRows: table.headerRows,
    columns: table.columns,
    preview: table.rows.slice(0, PREVIEW_ROWS).map((r) => ({ rowNo: r.rowNo, values: r.values, coercions: r.coercions })),
    rows: table.rows.length,
    desa,
    existing: kind === 'village' ? previousFiles(db, desa).map((f) => ({ fileName: f.file_name, rows: f.row_count })) : [],
    warnings: attribution ? [...table.warnings, ...desaWarnings(attribution)] : table.warnings,
    coercions: table.coercions,
    template: table.template,
    unrecognised: table.unrecognised,
    ...(proposed
      ? {
          desaEvidence: proposed.evidence,
          desaConflict: proposed.conflict,
          desaProposed: proposed.desa,
          masterDesas: masterDesaRefs(db)
            .map((d) => ({ desa: d.desa, code: d.code }))
            .sort((a, b) => a.desa.localeCompare(b.desa))
        }
      : {})
  }
}

/** The file name without its folder (a host may pass a full path). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}
