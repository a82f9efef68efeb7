/**
 * Reading the generator's village files back from their bytes (SheetJS for xlsx, a small CSV
 * reader), independently of the import code under test elsewhere.
 */
import { expect } from 'vitest'
import * as XLSX from 'xlsx'

import type { VillageFileSpec } from '../../fixtures/generator/index.mts'

export interface RawCell {
  t: 's' | 'n' | 'other'
  v: string | number
}

type Grid = (row1: number, col0: number) => RawCell | undefined

function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    if (quoted) {
      if (ch === '"' && text.charAt(i + 1) === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ';') {
      row.push(field)
      field = ''
    } else if (ch === '\r') continue
    else if (ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

export interface ReadFile {
  grid: Grid
  /** Number of the last row that has any cell. */
  lastRow: number
  workbook: XLSX.WorkBook | null
}

export function readVillageBytes(spec: VillageFileSpec, bytes: Uint8Array): ReadFile {
  if (spec.style.format === 'csv') {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.charCodeAt(0)).toBe(spec.style.csvBom ? 0xfeff : text.charCodeAt(0))
    const rows = parseCsv(text.replace(/^\uFEFF/, ''))
    for (const r of rows) expect(r.length).toBe(spec.style.columns.length)
    return {
      grid: (r, c) => {
        const v = rows[r - 1]?.[c]
        return v === undefined || v === '' ? undefined : { t: 's', v }
      },
      lastRow: rows.length,
      workbook: null
    }
  }
  const wb = XLSX.read(bytes, { type: 'array', dense: true, cellNF: true })
  const ws = wb.Sheets[spec.style.sheetName]
  if (!ws) throw new Error(`sheet ${spec.style.sheetName} missing in ${spec.fileName}`)
  const data = (ws['!data'] ?? []) as XLSX.CellObject[][]
  return {
    grid: (r, c) => {
      const cell = data[r - 1]?.[c]
      if (!cell || cell.v === undefined || cell.v === null) return undefined
      if (cell.t === 's') return { t: 's', v: String(cell.v) }
      if (cell.t === 'n') return { t: 'n', v: Number(cell.v) }
      return { t: 'other', v: String(cell.v) }
    },
    lastRow: data.length,
    workbook: wb
  }
}
