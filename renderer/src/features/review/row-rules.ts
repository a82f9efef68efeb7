/**
 * Pure rules over a row view: which cells are highlighted how, what the tooltip says, whether a
 * row passes the filters. Functions, not grid string expressions (the CSP forbids eval).
 */
import type { FindingView, Locale, RowView } from '@shared/api/types'
import type { PersonField } from '@shared/domain/fields'
import type { ResolutionAction } from '@shared/domain/findings'
import { maskField } from '@shared/domain/mask'
import { displayValue, findingMessage, t } from '@shared/i18n'

import type { Filters } from '../../store'

export type CellKind = 'error' | 'mismatch' | 'warning' | 'new' | 'info' | 'resolved'

/** The strongest highlight among a cell's findings: an open error beats a mismatch beats a resolved one. */
export function cellKind(row: RowView, field: PersonField): CellKind | null {
  const findings = row.findings.filter((f) => f.field === field)
  if (findings.length === 0) return null
  const open = findings.filter((f) => f.status === 'open')
  if (open.length === 0) return 'resolved'
  if (open.some((f) => f.severity === 'error')) return 'error'
  if (open.some((f) => f.code === 'FIELD_MISMATCH')) return 'mismatch'
  if (open.some((f) => f.code === 'NEW_RECORD')) return 'new'
  if (open.some((f) => f.severity === 'warning')) return 'warning'
  return 'info'
}

export function rowClass(row: RowView): string[] {
  const out: string[] = []
  if (row.kind === 'master_only') out.push('row-missing')
  if (row.status === 'excluded') out.push('row-excluded')
  if (row.status === 'verified') out.push('row-verified')
  if (row.findings.some((f) => f.code === 'NEW_RECORD' && f.status === 'open')) out.push('row-new')
  return out
}

/** The findings of a cell in sentences, and the master value beside a mismatch (masked like the cell). */
export function cellTooltip(locale: Locale, row: RowView, field: PersonField, maskIds = false): string | undefined {
  const findings = row.findings.filter((f) => f.field === field)
  if (findings.length === 0) return undefined
  const lines = findings.map((f) => findingMessage(locale, f, { maskIds }))
  const master = row.master?.[field]
  if (master && row.kind === 'village' && findings.some((f) => f.code === 'FIELD_MISMATCH')) {
    lines.push(t(locale, 'ui.tooltip.master', { value: maskField(field, displayValue(locale, field, master), maskIds) }))
  }
  return lines.join('\n')
}

/** Only the name's spelling differs (MUHAMAD / MUHAMMAD): the engine marks such mismatches. */
export const isSpellingOnly = (f: FindingView) => f.code === 'FIELD_MISMATCH' && f.field === 'nama' && f.params.spelling === '1'

/** Whether a finding is of the kind the code and severity filters name. */
export function matchesKind(f: FindingView, filters: Pick<Filters, 'code' | 'severity'>): boolean {
  if (filters.severity !== 'all' && f.severity !== filters.severity) return false
  const { code } = filters
  if (code === 'all' || code === 'any') return true
  return code === 'spelling' ? isSpellingOnly(f) : f.code === code
}

/**
 * What a bulk action on a selection acts on: the open findings of the selected rows that allow the
 * action, only of the kind the code and severity filters show when they name one.
 */
export function bulkTargets(rows: RowView[], filters: Pick<Filters, 'code' | 'severity'>, action: ResolutionAction): FindingView[] {
  return rows.flatMap((r) => openFindings(r).filter((f) => f.allowed.includes(action) && matchesKind(f, filters)))
}

export function openFindings(row: RowView): FindingView[] {
  return row.findings.filter((f) => f.status === 'open')
}

/** Search looks at the real NIK/KK, never at what a masked cell shows. */
export function passesFilters(row: RowView, f: Filters): boolean {
  if (f.desa !== 'all' && row.desa !== f.desa) return false
  if (f.desaState && !f.desaState.desa.includes(row.desa)) return false
  if (f.code === 'any' && row.findings.length === 0) return false
  if ((f.code !== 'all' && f.code !== 'any') || f.severity !== 'all') {
    if (!row.findings.some((x) => matchesKind(x, f))) return false
  }
  if (f.status === 'open' && openFindings(row).length === 0) return false
  if (f.status === 'resolved' && (row.findings.length === 0 || openFindings(row).length > 0)) return false
  const q = f.search.trim().toUpperCase()
  if (q) {
    const digits = q.replace(/\D/g, '')
    const byNik = digits.length >= 4 && (row.values.nik.includes(digits) || row.values.no_kk.includes(digits))
    if (!byNik && !row.values.nama.toUpperCase().includes(q)) return false
  }
  return true
}
