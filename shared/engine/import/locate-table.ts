/**
 * Where the table is: the data sheet and its header row (or two-row header) under any title rows,
 * mapped as the operator chose, by a saved template, or from the headers. The top of every sheet
 * is read once (HEADER_SCAN_ROWS rows); the template and the automatic search both look there.
 */
import type { MappingTemplate, SheetInfo, TableChoice } from '../../api/types'
import { parseMemberStatus } from '../../domain/codes'
import { sniffValues } from '../../domain/column-sniff'
import {
  CONTENT_DECIDES,
  findHeaderRow,
  fixedMapping,
  HEADER_SCAN_ROWS,
  headerKey,
  type HeaderRowFound,
  type HeaderTarget,
  mapHeaderRow,
  type MatchHow,
  namesOtherSubject,
  twoRowHeaders
} from '../../domain/header-mapping'
import { tidyText } from '../../domain/names'
import { cermatError } from '../errors'
import { type Cell, cellText, type SheetData, type WorkbookData } from './read-workbook'

export interface Located {
  sheet: SheetData
  found: HeaderRowFound
  template: string | null
}

/** One sheet's top rows as text, and the header the synonyms find there. */
interface SheetScan {
  sheet: SheetData
  top: string[][]
  found: HeaderRowFound | null
}

function texts(row: readonly (Cell | null)[] | undefined): string[] {
  return (row ?? []).map(cellText)
}

function scanSheet(sheet: SheetData): SheetScan {
  const top = sheet.rows.slice(0, HEADER_SCAN_ROWS).map(texts)
  return { sheet, top, found: findHeaderRow(top) }
}

/** The header texts at a row (a two-row header reads through twoRowHeaders). */
function headerAt(row: (index: number) => string[], index: number, rows: 1 | 2): string[] {
  return rows === 2 ? twoRowHeaders(row(index - 1), row(index)) : row(index)
}

/** The header texts a found header has, read from the sheet (a chosen header may lie below the scan). */
export function headerTexts(sheet: SheetData, found: Pick<HeaderRowFound, 'index' | 'rows'>): string[] {
  return headerAt((i) => texts(sheet.rows[i]), found.index, found.rows)
}

/** A template fits a header row holding every one of its headers. */
function templateMapping(cells: string[], template: MappingTemplate): HeaderRowFound['matches'] | null {
  const keys = cells.map(headerKey)
  const out: { column: number; target: HeaderTarget; how: MatchHow }[] = []
  for (const c of template.columns) {
    const column = keys.indexOf(headerKey(c.header))
    if (column < 0) return null
    out.push({ column, target: c.target, how: 'template' })
  }
  return fixedMapping(cells, out).matches
}

/** The largest template whose headers all stand in one (or one pair of) scanned rows with a NIK. */
function locateWithTemplates(scans: SheetScan[], templates: MappingTemplate[]): Located | null {
  let best: (Located & { size: number }) | null = null
  for (const { sheet, top } of scans) {
    for (let index = 0; index < top.length; index++) {
      for (const rowsN of [1, 2] as const) {
        if (rowsN === 2 && index === 0) continue
        const cells = headerAt((i) => top[i] ?? [], index, rowsN)
        for (const tpl of templates) {
          const matches = templateMapping(cells, tpl)
          if (!matches || !matches.some((m) => m.target === 'nik')) continue
          if (best && best.size >= tpl.columns.length) continue
          best = {
            sheet,
            found: { index, rows: rowsN, matches, duplicates: [], score: matches.length },
            template: tpl.name,
            size: tpl.columns.length
          }
        }
      }
    }
  }
  return best
}

/** The first sheet holding anything (else the first): where a header is looked for, or missed. */
function firstWithRows(pool: SheetScan[]): SheetScan | undefined {
  return pool.find((s) => s.sheet.rows.length > 0) ?? pool[0]
}

/** The header the operator chose (row, two rows, mapping); what they left open comes from the scan. */
function locateChosen(pool: SheetScan[], choice: TableChoice, fileName: string): Located {
  const scan = firstWithRows(pool)
  if (!scan) throw cermatError('NO_DATA_SHEET', { file: fileName })
  const { sheet, found: fromAuto } = scan
  const index = choice.headerRow !== undefined ? choice.headerRow - 1 - sheet.firstRow : (fromAuto?.index ?? 0)
  const rowsN: 1 | 2 =
    choice.headerRows !== undefined ? (choice.headerRows === 2 ? 2 : 1) : choice.headerRow !== undefined ? 1 : (fromAuto?.rows ?? 1)
  if (index < 0 || index >= sheet.rows.length || (rowsN === 2 && index < 1)) {
    throw cermatError('NO_HEADER_ROW', { file: fileName, sheet: sheet.name, scanned: sheet.rows.length })
  }
  const cells = headerTexts(sheet, { index, rows: rowsN })
  const mapping = choice.mapping
    ? fixedMapping(
        cells,
        choice.mapping.map((m) => ({ ...m, how: 'manual' as const }))
      )
    : mapHeaderRow(cells)
  if (!mapping.matches.some((m) => m.target === 'nik'))
    throw cermatError('NIK_COLUMN_MISSING', { file: fileName, sheet: sheet.name, row: sheet.firstRow + index + 1 })
  return { sheet, found: { index, rows: rowsN, ...mapping }, template: null }
}

/** The data sheet and its header, and what the scan saw in every sheet (for the operator's choice). */
export function locateTable(
  wb: WorkbookData,
  fileName: string,
  choice: TableChoice = {},
  templates: MappingTemplate[] = []
): { located: Located; sheets: SheetInfo[] } {
  const scans = wb.sheets.map(scanSheet)
  const sheets: SheetInfo[] = scans.map(({ sheet, found }) => ({
    name: sheet.name,
    hidden: sheet.hidden,
    rows: sheet.rows.length,
    score: found?.score ?? 0,
    headerRow: found ? sheet.firstRow + found.index + 1 : null
  }))
  const pool = choice.sheet !== undefined ? scans.filter((s) => s.sheet.name === choice.sheet) : scans
  if (choice.sheet !== undefined && pool.length === 0) throw cermatError('SHEET_NOT_FOUND', { file: fileName, sheet: choice.sheet })

  if (choice.headerRow !== undefined || choice.mapping) return { located: locateChosen(pool, choice, fileName), sheets }

  const templated = templates.length > 0 ? locateWithTemplates(pool, templates) : null
  if (templated) return { located: templated, sheets }

  // The data sheet: the best-mapping header among visible sheets (a "REKAP" first has no NIK column).
  const candidates = pool
    .filter((c) => c.found !== null)
    .sort((a, b) => Number(a.sheet.hidden) - Number(b.sheet.hidden) || b.found!.score - a.found!.score)
  const best = candidates[0]
  if (!best || !best.found) {
    const first = firstWithRows(pool)
    if (!first || first.sheet.rows.length === 0) throw cermatError('NO_DATA_SHEET', { file: fileName })
    throw cermatError('NO_HEADER_ROW', { file: fileName, sheet: first.sheet.name, scanned: first.top.length })
  }
  return {
    located: { sheet: best.sheet, found: sniffColumns(best.sheet, confirmByContent(best.sheet, best.found)), template: null },
    sheets
  }
}

/** Rows below the header whose values decide an ambiguous header (enough for a village file's changes). */
const CONTENT_ROWS = 2000

/**
 * A header that means the musdes result only in some files (bare STATUS: OpenSID's is the residence
 * status, Tetap/Pendatang) keeps that meaning only when its values report a status change; otherwise
 * it is left unmapped, and so listed as not recognised with its values.
 */
function confirmByContent(sheet: SheetData, found: HeaderRowFound): HeaderRowFound {
  const doubtful = found.matches.filter((m) => m.target === 'keterangan' && CONTENT_DECIDES.has(headerKey(m.header)))
  if (doubtful.length === 0) return found
  const rows = sheet.rows.slice(found.index + 1, found.index + 1 + CONTENT_ROWS)
  const drop = new Set(doubtful.filter((m) => !rows.some((r) => parseMemberStatus(cellText(r[m.column] ?? null)) !== null)))
  if (drop.size === 0) return found
  const matches = found.matches.filter((m) => !drop.has(m))
  return { ...found, matches, score: matches.reduce((n, m) => n + m.confidence, 0) }
}

/**
 * A second vote from the values (column-sniff.ts) for a column whose header names nothing, when
 * the field it would fill has no column yet. A guess: reported (HEADER_GUESSED) and the mapping
 * screen opens; a header about someone else ("NAMA IBU") is never sniffed.
 */
function sniffColumns(sheet: SheetData, found: HeaderRowFound): HeaderRowFound {
  const headers = headerTexts(sheet, found)
  const taken = new Set([...found.matches, ...found.duplicates].map((m) => m.column))
  const filled = new Set<HeaderTarget>(found.matches.map((m) => m.target))
  if (filled.has('tempat_tanggal_lahir')) filled.add('tanggal_lahir')
  const rows = sheet.rows.slice(found.index + 1, found.index + 1 + CONTENT_ROWS)
  const added: HeaderRowFound['matches'] = []
  for (let c = 0; c < headers.length; c++) {
    const header = (headers[c] ?? '').trim()
    if (taken.has(c) || namesOtherSubject(header)) continue
    const cells = rows.map((r) => r[c] ?? null)
    const vote = sniffValues(cells.map(cellText), (i) => cells[i]?.t === 'n' && /[dy]/i.test(cells[i]?.z ?? ''))
    if (!vote || filled.has(vote.target)) continue
    filled.add(vote.target)
    added.push({ column: c, header, target: vote.target, confidence: vote.confidence, how: 'fuzzy' })
  }
  if (added.length === 0) return found
  const matches = [...found.matches, ...added].sort((a, b) => a.column - b.column)
  return { ...found, matches, score: found.score + added.reduce((n, m) => n + m.confidence, 0) }
}

/**
 * Desa names in the title rows above the header: "DESA SUMBERADI KECAMATAN MLATI" → "SUMBERADI".
 * "MUSYAWARAH DESA …" names the meeting, not a desa. The importer checks candidates against the master.
 */
export function desaFromTitle(sheet: SheetData, headerIndex: number): string[] {
  const out: string[] = []
  const re =
    /\b(?:DESA|KELURAHAN|KEL\.)\s*:?\s+([A-Z][A-Z .'-]*?)(?=\s+(?:KEC(?:AMATAN|\.)?|KAB(?:UPATEN|\.)?|BULAN|TAHUN|PERIODE)\b|[,(]|$)/gi
  for (let i = 0; i < headerIndex; i++) {
    for (const c of sheet.rows[i] ?? []) {
      const text = cellText(c).trim()
      for (const m of text.matchAll(re)) {
        if (/(MUSYAWARAH|MUSDES|MUSKEL)\s*$/i.test(text.slice(0, m.index))) continue
        if (m[1]!.trim().length >= 3) out.push(tidyText(m[1]!))
      }
    }
  }
  return out
}

/** Every non-empty cell text in the rows above `upTo` (titles, "Desa : …" lines), for the desa evidence. */
export function textAbove(sheet: SheetData, upTo: number): string[] {
  const out: string[] = []
  for (let i = 0; i < upTo; i++) {
    for (const c of sheet.rows[i] ?? []) {
      const text = cellText(c).trim()
      if (text !== '') out.push(text)
    }
  }
  return out
}
