/**
 * Rows under the header that are not people: blank rows, a header repeated mid-file (a second page
 * pasted below the first), the "1 2 3 4 …" column-number row, JUMLAH/TOTAL rows and lone notes under the
 * table (a signature block).
 */
import { mapHeaderRow, scoreHeader } from '../../domain/header-mapping'
import { type Cell, cellText } from './read-workbook'

export type SkipReason = 'empty' | 'repeated_header' | 'column_numbers' | 'total' | 'note'

/** Why a row is not read as a person, or null when it is one. */
export function skipReason(rowTexts: string[], nikCell: Cell | null, headerFields: number, nameColumn = -1): SkipReason | null {
  const filled = rowTexts.flatMap((x, c) => (x.trim() !== '' ? [c] : []))
  if (filled.length === 0) return 'empty'
  // One lone text outside the name column, with no NIK: a signature block's place and date
  // ("Wanajaya, 20 November 2026") or the signer's title, not a person.
  if (filled.length === 1 && filled[0] !== nameColumn && cellText(nikCell).trim() === '') return 'note'
  // A header repeated mid-file has a header word in the NIK column.
  if (scoreHeader(cellText(nikCell))?.target === 'nik' && isRepeatedHeader(rowTexts, headerFields)) return 'repeated_header'
  if (isColumnNumberRow(rowTexts)) return 'column_numbers'
  if (isTotalRow(rowTexts, nikCell)) return 'total'
  return null
}

function isRepeatedHeader(rowTexts: string[], headerFields: number): boolean {
  return mapHeaderRow(rowTexts).matches.length >= Math.max(2, Math.min(3, headerFields - 1))
}

/** The "1 2 3 4 …" row Indonesian forms put under the header. */
function isColumnNumberRow(rowTexts: string[]): boolean {
  const filled = rowTexts.map((x) => x.trim()).filter((x) => x !== '')
  if (filled.length < 3) return false
  return filled.every((x, i) => x === String(i + 1) || x === `(${i + 1})`)
}

function isTotalRow(rowTexts: string[], nikCell: Cell | null): boolean {
  const nik = cellText(nikCell).replace(/\D/g, '')
  if (nik.length >= 10) return false
  return rowTexts.slice(0, 6).some((x) => /^\s*(JUMLAH|TOTAL|JML)\b/i.test(x))
}
