/**
 * Files made by other programs (LibreOffice, Gnumeric, openpyxl; provenance in
 * test/fixtures/import/made-by-tools/MANIFEST.json and make/): each is read as the manifest says.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { CermatError } from '../../../shared/api/result'
import { extractTable } from '../../../shared/engine/import/extract-table'
import { readWorkbook } from '../../../shared/engine/import/read-workbook'

interface Entry {
  file: string
  sheet?: string
  headerRow?: number
  dataRows?: number
  error?: string
  expect?: Record<string, string>
  hiddenRows?: number[]
}

/**
 * Where Cermat's answer differs from the manifest's (which records what the cell holds), and why:
 */
const OURS: Record<string, Partial<Entry> & { expect?: Record<string, string> }> = {
  // Rounded to 15 digits by LibreOffice's .xlsx writer, every NIK in this column ends in 0: a NIK
  // that really ends in 0 cannot be told apart from a rounded one, so it is reported too.
  'lo-xlsx-nik-numeric.xlsx': { expect: { 'row:14:nik_precision': 'lost' } },
  // Formulas are never computed: a formula saved without its value reads as empty (and is reported).
  'openpyxl-xlsx-formula-no-cached-value.xlsx': { expect: { 'row:6:no_kk': '', 'row:12:no_kk': '' } },
  // A CSV has no sheets: its one sheet is named after the file.
  'lo-csv-semicolon-cp1252.csv': { sheet: 'lo-csv-semicolon-cp1252' },
  'lo-csv-tab-utf8-bom.csv': { sheet: 'lo-csv-tab-utf8-bom' }
}

const dir = join(import.meta.dirname, '../../fixtures/import/made-by-tools')
const manifest = (JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Entry[]).map((e) => ({
  ...e,
  ...OURS[e.file],
  expect: { ...e.expect, ...OURS[e.file]?.expect }
}))

function importTable(file: string) {
  return extractTable(readWorkbook(new Uint8Array(readFileSync(join(dir, file))), file), file, { kind: 'village' })
}

describe('files made by other programs', () => {
  it('the manifest lists at least 20 files', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(20)
  })

  for (const entry of manifest) {
    it(`${entry.file}`, () => {
      if (entry.error) {
        let caught: unknown
        try {
          importTable(entry.file)
        } catch (e) {
          caught = e
        }
        expect(caught).toBeInstanceOf(CermatError)
        expect((caught as CermatError).code).toBe(entry.error)
        expect((caught as CermatError).message).toContain(entry.file)
        return
      }
      const table = importTable(entry.file)
      if (entry.file.startsWith('openpyxl')) expect(table.warnings.map((w) => w.code)).toContain('FORMULA_NO_VALUE')
      if (entry.sheet) expect(table.sheet).toBe(entry.sheet)
      if (entry.headerRow) expect(table.headerRow).toBe(entry.headerRow)
      if (entry.dataRows !== undefined) expect(table.rows.length).toBe(entry.dataRows)
      const byRow = new Map(table.rows.map((r) => [r.rowNo, r]))
      for (const [key, want] of Object.entries(entry.expect ?? {})) {
        const [, row, field] = key.split(':') as [string, string, string]
        const r = byRow.get(Number(row))
        expect(r, `row ${row} of ${entry.file}`).toBeDefined()
        if (field === 'nik_precision' || field === 'no_kk_precision') {
          const coerced = r!.coercions.some(
            (c) => c.field === (field === 'nik_precision' ? 'nik' : 'no_kk') && c.kind === 'id_precision_lost'
          )
          expect(coerced, `${key} of ${entry.file}`).toBe(want === 'lost')
          continue
        }
        const values = r!.values as unknown as Record<string, string>
        if (!(field in values)) continue
        expect(values[field], `${key} of ${entry.file}`).toBe(want)
      }
    })
  }
})
