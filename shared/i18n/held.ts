/**
 * One line per change the export gate held back (decision 30), the same in the export screen and
 * in `cermat export`: where it is (desa, file, row) and the rule it breaks.
 */
import type { HeldChange, Locale } from '../api/types'
import { t, tMaybe } from './index'

export function heldWhere(locale: Locale, h: HeldChange): string {
  return h.row !== null && h.file !== ''
    ? t(locale, 'export.held.where.row', { desa: h.desa, file: h.file, row: h.row })
    : t(locale, 'export.held.where.master', { desa: h.desa })
}

export function heldReason(locale: Locale, h: HeldChange): string {
  const who = { jenis: h.jenis, nama: h.nama || '—', nik: h.nik || '—' }
  switch (h.rule) {
    case 'value':
      return t(locale, 'export.held.value', {
        ...who,
        field: tMaybe(locale, `field.${h.field}`, h.field),
        value: h.value ?? '',
        why: tMaybe(locale, `edit.${h.reason ?? ''}`, h.reason ?? '')
      })
    case 'open_error':
      return t(locale, 'export.held.open_error', {
        ...who,
        codes: (h.codes ?? []).map((c) => tMaybe(locale, `code.${c}`, c)).join(', ')
      })
    case 'probable_match':
      return t(locale, 'export.held.probable_match', {
        ...who,
        matchFile: h.matchFile ?? '',
        matchRow: h.matchRow ?? '',
        matchNama: h.matchNama ?? ''
      })
  }
}

/** "Desa SUMBERADI, musdes.xlsx baris 6 · UBAH …: tanggal lahir "2006-13-24" ditolak — …" */
export function heldLine(locale: Locale, h: HeldChange): string {
  return `${heldWhere(locale, h)} · ${heldReason(locale, h)}`
}
