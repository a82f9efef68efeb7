/**
 * "Kolom tidak dikenali": columns holding data that map to no field, listed with their header and
 * a few values so the operator sees what the check leaves out (issue 14), never a silent drop.
 */
import type { UnrecognisedColumn } from '../../api/types'
import { isDesaCodeHeader } from '../../domain/desa-evidence'
import { columnLetter, headerKey, type HeaderRowFound } from '../../domain/header-mapping'
import { maskId } from '../../domain/mask'
import { cellText, type SheetData } from './read-workbook'

/** Values shown per column. */
const SAMPLES = 3

/** Row-number columns ("NO", "NO. URUT") carry no meaning of their own. */
const ROW_NUMBER = /^(NO|NOMOR|NO URUT|NOMOR URUT|URUT|NOURUT)$/

/**
 * Columns a form tool adds to every export, about the submission and not the person: KoboToolbox
 * `_id`, `_uuid`, `_submission_time`, `__version__` … (a leading `_`), ODK Central's
 * `SubmissionDate`, `KEY`, `meta-instanceID` … Matched as the tool writes them (case and all), so a
 * person's "Status" or "Key" column written by hand is still listed. The form's own metadata
 * questions (`start`, `end`, `today`, `deviceid`) are the form author's choice and stay listed.
 */
const FORM_TOOL_COLUMNS = new Set([
  'SubmissionDate',
  'KEY',
  'SubmitterID',
  'SubmitterName',
  'AttachmentsPresent',
  'AttachmentsExpected',
  'ReviewState',
  'DeviceID',
  'Edits',
  'FormVersion',
  'instanceID'
])

export function isFormToolColumn(header: string): boolean {
  const last = header.split(/[/-]/).pop() ?? header
  return /^_[a-z_]/.test(header) || FORM_TOOL_COLUMNS.has(header) || (/^meta[/-]/.test(header) && last === 'instanceID')
}

/** A value that looks like a NIK or KK (10+ digits) is shown masked: it may be someone's identity. */
export function sampleText(text: string): string {
  const t = text.trim().slice(0, 40)
  return /^\D{0,2}\d[\d\s.'-]{9,}$/.test(t) ? maskId(t.replace(/[\s.'-]/g, '')) : t
}

/**
 * Columns with data in the person rows (`rowIndexes`, indexes into sheet.rows) that no field took:
 * neither mapped nor a duplicate of a mapped header (those get DUPLICATE_HEADER).
 */
export function unrecognisedColumns(
  sheet: SheetData,
  found: HeaderRowFound,
  headers: readonly string[],
  rowIndexes: readonly number[],
  /** Other columns the import reads (a master's ID DTSEN / ID DTKS, register-id.ts). */
  alsoRead: (header: string) => boolean = () => false
): UnrecognisedColumn[] {
  const taken = new Set([...found.matches, ...found.duplicates].map((m) => m.column))
  let width = headers.length
  for (const i of rowIndexes) width = Math.max(width, sheet.rows[i]?.length ?? 0)
  const out: UnrecognisedColumn[] = []
  for (let c = 0; c < width; c++) {
    const header = (headers[c] ?? '').trim()
    // A desa code column is read too: as desa evidence and the master's kode desa (desa-evidence.ts).
    if (taken.has(c) || ROW_NUMBER.test(headerKey(header)) || isDesaCodeHeader(header) || isFormToolColumn(header) || alsoRead(header))
      continue
    const samples: string[] = []
    let filled = 0
    for (const i of rowIndexes) {
      const text = cellText(sheet.rows[i]?.[c] ?? null).trim()
      if (text === '') continue
      filled++
      const shown = sampleText(text)
      if (samples.length < SAMPLES && !samples.includes(shown)) samples.push(shown)
    }
    if (filled > 0) out.push({ column: columnLetter(sheet.firstCol + c), header, samples, filled })
  }
  return out
}
