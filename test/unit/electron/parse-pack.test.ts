/**
 * The packed form a parse process sends its pool (parse-pack.ts): what comes out is the workbook
 * that went in, cell for cell, for every format the demo and the generator write, and for the
 * cells that carry more than a text (numbers with their display and format, formulas, errors,
 * booleans, holes).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { deserialize, serialize } from 'node:v8'

import { describe, expect, it } from 'vitest'

import { openParcel, packWorkbook, parcelPort, unpackWorkbook, type WorkbookParcel } from '../../../electron/engine-host/parse-pack'
import { CermatError } from '../../../shared/api/result'
import { DEFAULT_LIMITS, readWorkbook, type WorkbookData } from '../../../shared/engine/import/read-workbook'

const DEMO = resolve(import.meta.dirname, '../../../resources/demo')

/** Through v8 serialization, as the child process channel and utilityProcess carry it. */
const roundTrip = (wb: WorkbookData) => unpackWorkbook(deserialize(serialize(packWorkbook(wb))) as ReturnType<typeof packWorkbook>)

describe('packed workbook', () => {
  it('unpacks every demo file to the workbook read', () => {
    const files = [join(DEMO, 'master-dtsen.xlsx'), ...readdirSync(join(DEMO, 'desa')).map((f) => join(DEMO, 'desa', f))]
    expect(files.length).toBeGreaterThan(3)
    for (const path of files) {
      const wb = readWorkbook(new Uint8Array(readFileSync(path)), path, DEFAULT_LIMITS)
      expect(roundTrip(wb)).toEqual(wb)
    }
  })

  it('keeps numbers with their display and format, formulas, errors, booleans, empty cells and sheet details', () => {
    const wb: WorkbookData = {
      format: 'xlsx',
      date1904: true,
      detail: 'xlsx',
      libraryNotes: ['catatan'],
      sheets: [
        {
          name: 'DATA',
          hidden: false,
          firstRow: 2,
          firstCol: 1,
          hiddenRows: [4],
          hiddenCols: [3],
          rows: [
            [{ t: 's', v: 'NIK' }, null, { t: 's', v: 'NAMA' }],
            [],
            [
              { t: 'n', v: 3404051205990001, w: '3.40405E+15', z: 'General' },
              { t: 'n', v: 29000.5, w: '23/05/1979', z: 'dd/mm/yyyy', f: true },
              { t: 's', v: 'NAMA', f: true },
              { t: 'e', v: '#N/A', w: '#N/A' },
              { t: 'b', v: true, w: 'TRUE' },
              { t: 'b', v: false },
              { t: 's', v: '' },
              { t: 'n', v: Number.NaN },
              null
            ]
          ]
        },
        { name: 'KOSONG', hidden: true, firstRow: 0, firstCol: 0, rows: [] }
      ]
    }
    expect(roundTrip(wb)).toEqual(wb)
  })

  it('makes one object of the plain text cells with the same text, and crosses as a few arrays', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [
      { t: 's' as const, v: `NAMA ${i}` },
      { t: 's' as const, v: 'LAKI-LAKI' }
    ])
    const wb: WorkbookData = {
      format: 'csv',
      date1904: false,
      detail: '',
      sheets: [{ name: 'A', hidden: false, firstRow: 0, firstCol: 0, rows }]
    }
    const packed = packWorkbook(wb)
    expect(packed.sheets[0]!.strings).toHaveLength(1001)
    const out = unpackWorkbook(packed)
    expect(out.sheets[0]!.rows[5]![1]).toBe(out.sheets[0]!.rows[900]![1])
    expect(out).toEqual(wb)
  })

  it('a parcel crosses to the worker packed: opened there to the same workbook, a broken one refusing its file by name', async () => {
    const wb: WorkbookData = {
      format: 'xlsx',
      date1904: false,
      detail: 'xlsx',
      sheets: [
        {
          name: 'DATA',
          hidden: false,
          firstRow: 0,
          firstCol: 0,
          rows: [[{ t: 's', v: 'NIK' }], [{ t: 'n', v: 3404051205990001, w: '3404051205990001' }]]
        }
      ]
    }
    // What postMessage does to it between main and the worker.
    const crossed = deserialize(serialize({ packed: packWorkbook(wb) })) as WorkbookParcel
    expect(openParcel(crossed, 'desa.xlsx')).toEqual(wb)
    expect(openParcel({ workbook: wb }, 'desa.xlsx')).toBe(wb)
    const broken = packWorkbook(wb)
    broken.sheets[0]!.kinds = new Uint8Array([1, 1 | 16])
    let err: unknown
    try {
      openParcel({ packed: broken }, 'desa.xlsx')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(CermatError)
    expect((err as CermatError).code).toBe('FILE_UNREADABLE')
    expect((err as CermatError).message).toContain('desa.xlsx')
    // A plain parser's workbooks travel whole.
    const plain = parcelPort({ parse: async () => wb })
    expect(await plain.parseParcel(new Uint8Array(1), 'desa.xlsx', DEFAULT_LIMITS)).toEqual({ workbook: wb })
  })
})
