/**
 * The daftar perbaikan as an .xlsx for the village: one sheet per desa, a header block (kecamatan,
 * desa, date, file), its rows in its own columns with "Masalah" and an empty "Perbaikan (diisi
 * desa)", then the people missing from its list. Every cell is text in a text-formatted cell, so a
 * NIK keeps its 16 digits here and when the village types one in.
 */
import * as XLSX from 'xlsx'

import type { DaftarDesa, DaftarPerbaikan, Locale } from '../../api/types'
import { isoToDisplay } from '../../domain/dates'
import { displayValue, type MessageKey, t } from '../../i18n'

const MISSING_FIELDS = ['nik', 'no_kk', 'nama', 'jenis_kelamin', 'tanggal_lahir', 'shdk', 'alamat', 'rt', 'rw'] as const

/** The lines of one desa's sheet, top to bottom (also what a test reads back). */
export function desaSheetRows(model: DaftarPerbaikan, d: DaftarDesa, locale: Locale): string[][] {
  const say = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params)
  const rows: string[][] = [[say('daftar.title')]]
  if (model.kabupaten) rows.push([say('daftar.kabupaten'), model.kabupaten])
  rows.push([say('daftar.kecamatan'), model.kecamatan])
  rows.push([say('daftar.desa'), d.desa || say('daftar.desaUnknown')])
  rows.push([say('daftar.date'), isoToDisplay(model.date)])
  for (const f of d.files) rows.push([say('daftar.file'), say('daftar.fileOf', { file: f.fileName, sheet: f.sheet })])
  const fixRows = d.files.reduce((n, f) => n + f.rows.length, 0)
  if (fixRows === 0 && d.missing.length === 0) {
    rows.push([], [say('daftar.none')])
    return rows
  }
  rows.push([say('daftar.summary', { rows: fixRows, missing: d.missing.length })])
  for (const f of d.files) {
    rows.push([], [say('daftar.instructions')])
    if (d.files.length > 1) rows.push([say('daftar.file'), say('daftar.fileOf', { file: f.fileName, sheet: f.sheet })])
    rows.push([say('daftar.col.row'), ...f.columns, say('daftar.col.problem'), say('daftar.col.fix')])
    for (const r of f.rows) rows.push([String(r.rowNo), ...r.cells, r.problems.join('\n'), ''])
  }
  if (d.missing.length > 0) {
    rows.push([], [say('daftar.missing.title')], [say('daftar.missing.instructions')])
    rows.push([...MISSING_FIELDS.map((f) => say(`field.${f}`)), say('daftar.col.problem'), say('daftar.col.fix')])
    for (const m of d.missing) rows.push([...MISSING_FIELDS.map((f) => missingValue(locale, f, m[f])), m.problem, ''])
  }
  return rows
}

function missingValue(locale: Locale, field: string, value: string): string {
  return value === '' ? '' : displayValue(locale, field, value)
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Desa'
  let out = base
  for (let i = 2; taken.has(out.toUpperCase()); i++) out = `${base.slice(0, 31 - String(i).length - 3)} (${i})`
  taken.add(out.toUpperCase())
  return out
}

function sheetOf(rows: string[][]): XLSX.WorkSheet {
  const width = Math.max(1, ...rows.map((r) => r.length))
  const ws: XLSX.WorkSheet = {}
  rows.forEach((r, ri) =>
    r.forEach((text, ci) => {
      // Text format ('@'): what the village types in later stays text too (a NIK is never a number).
      ws[XLSX.utils.encode_cell({ r: ri, c: ci })] = { t: 's', v: text, z: '@' }
    })
  )
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: width - 1 } })
  // Widths from the table's cells (the header block's long sentences would widen column A).
  const widths = Array.from({ length: width }, () => 8)
  for (const r of rows) {
    if (r.length < 3) continue
    r.forEach((text, ci) => {
      const longest = Math.max(...text.split('\n').map((l) => l.length))
      widths[ci] = Math.min(60, Math.max(widths[ci]!, longest + 2))
    })
  }
  ws['!cols'] = widths.map((wch) => ({ wch }))
  return ws
}

export function daftarWorkbook(model: DaftarPerbaikan, locale: Locale): Uint8Array {
  const wb = XLSX.utils.book_new()
  const taken = new Set<string>()
  for (const d of model.desa) {
    XLSX.utils.book_append_sheet(wb, sheetOf(desaSheetRows(model, d, locale)), sheetName(d.desa || t(locale, 'daftar.desaUnknown'), taken))
  }
  if (model.desa.length === 0) {
    const rows = [[t(locale, 'daftar.title')], [t(locale, 'daftar.kecamatan'), model.kecamatan], [t(locale, 'daftar.none')]]
    XLSX.utils.book_append_sheet(wb, sheetOf(rows), sheetName(t(locale, 'daftar.title'), taken))
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer)
}
