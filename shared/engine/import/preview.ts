/** What importing a file would do (sheet, header, mapping, first rows, warnings), changing nothing. */
import type { ImportPreview, SourceKind, TableChoice } from '../../api/types'
import { desaSources, desaWarnings, loadTemplates, previousFiles, resolveDesa } from '../commands/import-source'
import type { Db } from '../db'
import type { EnginePorts } from '../ports'
import { activeSourceOfSha } from '../tables/sources'
import { extractTable } from './extract-table'
import { DEFAULT_LIMITS, readWorkbook } from './read-workbook'

/** Rows of a file shown on the mapping screen. */
const PREVIEW_ROWS = 20

export interface PreviewArgs {
  fileName: string
  bytes: Uint8Array
  choice?: TableChoice
  desa?: string
}

export function previewImport(db: Db, ports: Pick<EnginePorts, 'sha256' | 'limits'>, kind: SourceKind, args: PreviewArgs): ImportPreview {
  const fileName = baseName(args.fileName)
  const sha256 = ports.sha256(args.bytes)
  const wb = readWorkbook(args.bytes, fileName, ports.limits ?? DEFAULT_LIMITS)
  const table = extractTable(wb, fileName, { kind, ...(args.choice ? { choice: args.choice } : {}), templates: loadTemplates(db) })
  const attribution = kind === 'village' ? resolveDesa(db, args.desa, desaSources(wb, table), fileName) : null
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
    unrecognised: table.unrecognised
  }
}

/** The file name without its folder (a host may pass a full path). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}
