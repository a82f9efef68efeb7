/**
 * `cermat decide --from <keputusan.csv>`: one decision per line, columns named like the options
 * (nik, action, field, desa, file, row, reason, basis-number, basis-date, basis-kind), comma or
 * semicolon separated as Excel saves it. Each line is checked on its own and named by its number.
 */
import type { Locale } from '../../shared/api/types'
import { decodeText, parseCsv, sniffDelimiter } from '../../shared/engine/import/csv'
import { t } from '../../shared/i18n'
import { DECIDE_ACTIONS, type DecideAction, type DecideRequest } from './decide-target'

export const CSV_COLUMNS = ['nik', 'action', 'field', 'desa', 'file', 'row', 'reason', 'basis-number', 'basis-date', 'basis-kind'] as const
type Column = (typeof CSV_COLUMNS)[number]

export type CsvLine = { line: number } & ({ ok: true; request: DecideRequest } | { ok: false; message: string })

/** Lines of the file, or one message naming the file when its header is not usable. */
export function readDecisionsCsv(locale: Locale, fileName: string, bytes: Uint8Array): { lines: CsvLine[] } | { message: string } {
  const { text } = decodeText(bytes)
  const records = parseCsv(text, sniffDelimiter(text))
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase().replace(/_/g, '-'))
  const index = new Map<Column, number>()
  for (const c of CSV_COLUMNS) if (header.includes(c)) index.set(c, header.indexOf(c))
  if (!index.has('action') || !(index.has('nik') || (index.has('file') && index.has('row'))))
    return { message: t(locale, 'cli.decide.csvHeader', { file: fileName, found: header.filter(Boolean).join(', ') || '—' }) }
  const lines: CsvLine[] = []
  records.forEach((cells, i) => {
    if (i === 0 || cells.every((c) => c.trim() === '')) return
    const get = (c: Column) => {
      const at = index.get(c)
      const v = at === undefined ? '' : (cells[at] ?? '').trim()
      return v === '' ? undefined : v
    }
    const line = i + 1
    const parsed = requestOf(locale, {
      nik: get('nik'),
      action: get('action'),
      field: get('field'),
      desa: get('desa'),
      file: get('file'),
      row: get('row'),
      reason: get('reason'),
      basisNumber: get('basis-number'),
      basisDate: get('basis-date'),
      basisKind: get('basis-kind')
    })
    lines.push('message' in parsed ? { line, ok: false, message: parsed.message } : { line, ok: true, request: parsed })
  })
  return { lines }
}

/** Checks the shape of a request (from options or a CSV line): the action, the person, the row number. */
export function requestOf(
  locale: Locale,
  raw: Partial<Record<'nik' | 'action' | 'field' | 'desa' | 'file' | 'row' | 'reason' | 'basisNumber' | 'basisDate' | 'basisKind', string>>
): DecideRequest | { message: string } {
  const action = raw.action?.toLowerCase()
  if (!action || !(DECIDE_ACTIONS as readonly string[]).includes(action))
    return { message: t(locale, 'cli.decide.actionInvalid', { action: raw.action ?? '' }) }
  let row: number | undefined
  if (raw.row !== undefined) {
    row = Number(raw.row)
    if (!Number.isInteger(row) || row < 1) return { message: t(locale, 'cli.decide.rowInvalid', { row: raw.row }) }
  }
  if ((raw.file === undefined) !== (row === undefined)) return { message: t(locale, 'cli.decide.fileAndRow') }
  if (raw.nik === undefined && raw.file === undefined) return { message: t(locale, 'cli.decide.targetMissing') }
  const req: DecideRequest = { action: action as DecideAction }
  for (const k of ['nik', 'field', 'desa', 'file', 'reason', 'basisNumber', 'basisDate', 'basisKind'] as const)
    if (raw[k] !== undefined) req[k] = raw[k]
  if (row !== undefined) req.row = row
  return req
}
