import type { Locale } from '@shared/api/types'
import type { GetLocaleTextParams } from 'ag-grid-community'

/**
 * The grid's own words (column filters and their screen-reader labels) in Bahasa Indonesia; ag-grid
 * ships English only and falls back to it for any key not here.
 */
const ID: Record<string, string> = {
  ariaFilterInput: 'Saring',
  ariaFilteringOperator: 'Cara menyaring',
  ariaFilterValue: 'Nilai saringan',
  ariaFilterFromValue: 'Saring dari nilai',
  ariaFilterToValue: 'Saring sampai nilai',
  filterOoo: 'Saring…',
  textFilter: 'Saringan teks',
  numberFilter: 'Saringan angka',
  dateFilter: 'Saringan tanggal',
  empty: 'Pilih satu',
  contains: 'Memuat',
  notContains: 'Tidak memuat',
  equals: 'Sama dengan',
  notEqual: 'Tidak sama dengan',
  startsWith: 'Diawali',
  endsWith: 'Diakhiri',
  blank: 'Kosong',
  notBlank: 'Tidak kosong',
  before: 'Sebelum',
  after: 'Sesudah',
  inRange: 'Di antara',
  inRangeStart: 'Dari',
  inRangeEnd: 'Sampai',
  lessThan: 'Kurang dari',
  greaterThan: 'Lebih dari',
  lessThanOrEqual: 'Kurang dari atau sama dengan',
  greaterThanOrEqual: 'Lebih dari atau sama dengan',
  andCondition: 'DAN',
  orCondition: 'ATAU',
  applyFilter: 'Terapkan',
  resetFilter: 'Atur ulang',
  clearFilter: 'Kosongkan',
  cancelFilter: 'Batal'
}

/** The grid's text for a key in the app's language (read when the grid draws it). */
export function gridText(locale: Locale, p: Pick<GetLocaleTextParams, 'key' | 'defaultValue'>): string {
  return (locale === 'id' ? ID[p.key] : undefined) ?? p.defaultValue
}
