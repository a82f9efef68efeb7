/** Column definitions of the review grid. Values are edited through the engine, never in place. */
import type { Locale, RowView } from '@shared/api/types'
import { padRtRw } from '@shared/domain/codes'
import { EDITABLE_FIELDS, type EditableField, type PersonField } from '@shared/domain/fields'
import { ID_FIELDS, maskId } from '@shared/domain/mask'
import type { SubVillageLabel } from '@shared/domain/region'
import { displayValue, type MessageKey, t } from '@shared/i18n'
import type { ColDef, ValueFormatterParams, ValueSetterParams } from 'ag-grid-community'

import { CellEditor } from './CellEditor'
import { cellKind, cellTooltip } from './row-rules'

export interface GridActions {
  edit(rowId: string, field: EditableField, value: string): void
}

const FIELD_COLUMNS: { field: PersonField; width: number; pinned?: 'left' }[] = [
  { field: 'nik', width: 170, pinned: 'left' },
  { field: 'nama', width: 200, pinned: 'left' },
  { field: 'no_kk', width: 170 },
  { field: 'jenis_kelamin', width: 95 },
  { field: 'tempat_lahir', width: 130 },
  { field: 'tanggal_lahir', width: 120 },
  { field: 'shdk', width: 140 },
  { field: 'alamat', width: 180 },
  { field: 'rt', width: 70 },
  { field: 'rw', width: 70 },
  { field: 'dusun', width: 120 },
  { field: 'keterangan', width: 150 }
]

/** Header filters (ag-grid Community) with a filter box under each header; they narrow the toolbar's filters further. */
const TEXT_FILTER = { filter: 'agTextColumnFilter', floatingFilter: true } as const
/** Dates are shown day first (dd-mm-yyyy): the date filter compares them as dates, not as text. */
const DATE_FILTER = {
  filter: 'agDateColumnFilter',
  floatingFilter: true,
  filterParams: { comparator: (day: Date, cell: unknown) => compareShownDate(day, String(cell ?? '')) }
} as const

/** A shown date (dd-mm-yyyy or dd/mm/yyyy) against the filter's day; no date sorts before every day. */
export function compareShownDate(day: Date, shown: string): number {
  const m = /^(\d{1,2})\D(\d{1,2})\D(\d{4})$/.exec(shown.trim())
  if (!m) return -1
  const cell = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]))
  const wanted = Date.UTC(day.getFullYear(), day.getMonth(), day.getDate())
  return cell === wanted ? 0 : cell < wanted ? -1 : 1
}

const editable = (f: PersonField): f is EditableField => (EDITABLE_FIELDS as readonly string[]).includes(f)

/** What a person reads (and edits) in a cell: dates day-first, codes as labels, RT/RW padded. */
export function cellText(locale: Locale, field: PersonField, value: string): string {
  if (value === '') return ''
  if (field === 'rt' || field === 'rw') return padRtRw(value)
  if (field === 'jenis_kelamin') return value
  const shown = displayValue(locale, field, value)
  return shown === '—' ? '' : shown
}

/**
 * `maskIds` hides the middle of NIK and No. KK through the formatter only: the value (what the
 * editor opens with, what sorting uses) stays the real one.
 */
/** A field's label; DUSUN goes by the kabupaten's own name for a village part (banjar, lingkungan, …). */
export function fieldLabelKey(field: PersonField, subVillage: SubVillageLabel): MessageKey {
  return (field === 'dusun' ? `ui.subVillage.${subVillage}` : `field.${field}`) as MessageKey
}

export function buildColumnDefs(
  locale: Locale,
  actions: GridActions,
  maskIds = false,
  subVillage: SubVillageLabel = 'dusun'
): ColDef<RowView>[] {
  const tr = (key: MessageKey) => t(locale, key)
  const status: ColDef<RowView> = {
    colId: 'status',
    headerName: tr('ui.col.status'),
    width: 110,
    pinned: 'left',
    valueGetter: (p) => {
      const row = p.data
      if (!row) return ''
      if (row.status === 'excluded') return tr('ui.status.excluded')
      if (row.status === 'verified') return tr('ui.status.verified')
      const open = row.findings.filter((f) => f.status === 'open').length
      if (open > 0) return `${open} ${tr('ui.col.findings').toLowerCase()}`
      return row.findings.length > 0 ? tr('ui.status.resolved') : '✓'
    },
    cellClassRules: {
      'status-open': (p) => Boolean(p.data?.findings.some((f) => f.status === 'open')),
      'status-done': (p) => Boolean(p.data && p.data.findings.length > 0 && p.data.findings.every((f) => f.status === 'resolved'))
    }
  }
  const meta: ColDef<RowView>[] = [
    { colId: 'desa', headerName: tr('field.desa'), width: 120, valueGetter: (p) => p.data?.desa ?? '', ...TEXT_FILTER },
    { colId: 'file', headerName: tr('ui.col.file'), width: 150, hide: true, valueGetter: (p) => p.data?.fileName ?? '', ...TEXT_FILTER },
    {
      colId: 'rowNo',
      headerName: tr('ui.col.row'),
      width: 90,
      type: 'rightAligned',
      valueGetter: (p) => p.data?.rowNo ?? null,
      filter: 'agNumberColumnFilter',
      floatingFilter: true
    }
  ]
  const fields = FIELD_COLUMNS.map(({ field, width, pinned }): ColDef<RowView> => ({
    colId: field,
    headerName: tr(fieldLabelKey(field, subVillage)),
    width,
    ...(pinned ? { pinned } : {}),
    ...(field === 'tanggal_lahir' ? DATE_FILTER : TEXT_FILTER),
    valueGetter: (p) => (p.data ? cellText(locale, field, p.data.values[field]) : ''),
    ...(maskIds && ID_FIELDS.includes(field)
      ? { valueFormatter: (p: ValueFormatterParams<RowView, string>) => maskId(String(p.value ?? '')) }
      : {}),
    editable: (p) => editable(field) && p.data?.kind === 'village' && p.data.status !== 'excluded',
    ...(editable(field)
      ? { cellEditor: CellEditor, cellEditorParams: { field }, cellEditorPopup: true, cellEditorPopupPosition: 'over' as const }
      : {}),
    valueSetter: (p: ValueSetterParams<RowView>) => {
      // The engine decides the stored value; the grid shows it when the answer arrives.
      if (p.data && editable(field) && String(p.newValue ?? '') !== String(p.oldValue ?? ''))
        actions.edit(p.data.id, field, String(p.newValue ?? ''))
      return false
    },
    tooltipValueGetter: (p) => (p.data ? cellTooltip(locale, p.data, field, maskIds) : undefined),
    cellClassRules: {
      'cell-error': (p) => (p.data ? cellKind(p.data, field) === 'error' : false),
      'cell-mismatch': (p) => (p.data ? cellKind(p.data, field) === 'mismatch' : false),
      'cell-warning': (p) => (p.data ? cellKind(p.data, field) === 'warning' : false),
      'cell-new': (p) => (p.data ? cellKind(p.data, field) === 'new' : false),
      'cell-info': (p) => (p.data ? cellKind(p.data, field) === 'info' : false),
      'cell-resolved': (p) => (p.data ? cellKind(p.data, field) === 'resolved' : false)
    }
  }))
  const findings: ColDef<RowView> = {
    colId: 'findings',
    headerName: tr('ui.col.findings'),
    width: 260,
    valueGetter: (p) =>
      p.data?.findings
        .map(
          (f) =>
            `${t(locale, `code.${f.code}` as MessageKey)}${f.field && f.code === 'FIELD_MISMATCH' ? ` (${t(locale, `field.${f.field}` as MessageKey)})` : ''}${f.status === 'resolved' ? ' ✓' : ''}`
        )
        .join(', ') ?? '',
    valueFormatter: (p: ValueFormatterParams<RowView, string>) => p.value ?? ''
  }
  return [status, ...meta, ...fields, findings]
}
