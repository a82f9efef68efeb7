/**
 * When are a village value and a master value the same? Each field compares through its own key
 * (names without titles or case, dates as dates, codes through their maps, RT without padding),
 * so case, spacing and formatting alone never make a conflict.
 */
import { parseRtRw, parseSex } from './codes'
import type { ComparedField } from './fields'
import { nameKey, textKey } from './names'
import { cleanId } from './nik'

export function comparisonKey(field: ComparedField, value: string): string {
  switch (field) {
    case 'nama':
      return nameKey(value)
    case 'tanggal_lahir':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : textKey(value)
    case 'jenis_kelamin':
      return parseSex(value) ?? textKey(value)
    case 'no_kk':
      return cleanId(value)
    case 'shdk':
      return textKey(value).replace(/ /g, '_')
    case 'rt':
    case 'rw':
      return parseRtRw(value) ?? textKey(value)
    case 'tempat_lahir':
    case 'alamat':
      return textKey(value)
  }
}

/** True when both sides have a value and the values differ after normalisation. */
export function differs(field: ComparedField, village: string, master: string): boolean {
  if (village.trim() === '' || master.trim() === '') return false
  return comparisonKey(field, village) !== comparisonKey(field, master)
}
