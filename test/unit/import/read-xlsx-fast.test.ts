/**
 * The fast xlsx reader (shared/engine/import/read-xlsx-fast.ts) against its oracle, SheetJS: for
 * every xlsx file the tests have, generated files and random workbooks written by SheetJS itself,
 * readWorkbook's result equals the SheetJS route's (readWorkbookTraced(…, 'sheetjs')), and the
 * route taken is listed per file. What the fast reader does not know must fall back, unchanged.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

import fc from 'fast-check'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

import { DEFAULT_LIMITS, type ReadLimits, readWorkbookTraced } from '../../../shared/engine/import/read-workbook'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../fixtures/generator/index.mts'

const ROOT = join(import.meta.dirname, '../../..')

type Outcome = { route: string; declined?: string; data?: unknown; error?: unknown }

function outcome(read: () => ReturnType<typeof readWorkbookTraced>): Outcome {
  try {
    const t = read()
    return { route: t.route, ...(t.declined ? { declined: t.declined } : {}), data: t.data }
  } catch (err) {
    return { route: 'error', error: err }
  }
}

/** Both routes on the same bytes; the results must be equal. Returns the route readWorkbook took. */
function compare(bytes: Uint8Array, name: string, limits: ReadLimits = DEFAULT_LIMITS): Outcome {
  const fast = outcome(() => readWorkbookTraced(bytes, name, limits))
  const oracle = outcome(() => readWorkbookTraced(bytes, name, limits, {}, 'sheetjs'))
  expect(oracle.route).not.toBe('fast')
  if (oracle.route === 'error') expect(fast.error, name).toEqual(oracle.error)
  else expect(fast.data, name).toEqual(oracle.data)
  return fast
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.xls[xm]$/i.test(e.name) ? [join(dir, e.name)] : []
  )
}

describe('every xlsx fixture reads the same by both routes', () => {
  it('corpus, made-by-tools, demo: same result, and the route per file', () => {
    const files = [...walk(join(ROOT, 'test/fixtures')), ...walk(join(ROOT, 'resources/demo'))].sort()
    const routes: Record<string, string> = {}
    for (const path of files) {
      const o = compare(new Uint8Array(readFileSync(path)), path)
      routes[relative(ROOT, path)] = o.route === 'sheetjs' && o.declined ? `sheetjs (${o.declined})` : o.route
    }
    // Which files the fast reader reads: a change here is a change of route, to be looked at.
    expect(routes).toMatchInlineSnapshot(`
      {
        "resources/demo/desa/musdes-sumberadi-2026-11.xlsx": "fast",
        "resources/demo/desa/musdes-tlogoadi-2026-11.xlsx": "fast",
        "resources/demo/master-dtsen.xlsx": "fast",
        "test/fixtures/corpus/5108062003_penduduk_opensid.xlsx": "fast",
        "test/fixtures/corpus/DTKS_SUKAWANA_verivali.xlsx": "fast",
        "test/fixtures/corpus/biodata_wni_510806.xlsx": "fast",
        "test/fixtures/corpus/data kelurahan angka.xlsx": "fast",
        "test/fixtures/corpus/data_verval_nov.xlsx": "fast",
        "test/fixtures/corpus/hasil musdes 2026.xlsx": "fast",
        "test/fixtures/corpus/master-dtsen-sukawana.xlsx": "fast",
        "test/fixtures/corpus/musdes-desa-template.xlsx": "fast",
        "test/fixtures/corpus/musdes_tegalsari_2baris.xlsx": "fast",
        "test/fixtures/corpus/penduduk_06_12_2026.xlsx": "fast",
        "test/fixtures/corpus/perubahan_nov.xlsx": "fast",
        "test/fixtures/corpus/regsosek_listing_002.xlsx": "fast",
        "test/fixtures/corpus/sukamerta_kpm_ttl.xlsx": "fast",
        "test/fixtures/corpus/usulan hapus dtks.xlsx": "fast",
        "test/fixtures/import/made-by-tools/gnumeric-xlsx-from-csv.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-column-number-row.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-date1904.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-dates-text-mixed-id.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-dates-text-us-order.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-encrypted-desa123.xlsx": "error",
        "test/fixtures/import/made-by-tools/lo-xlsx-hidden-row-col.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-nik-numeric.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-ooxml-filter.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-rekap-then-data.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-total-row-repeated-header.xlsx": "fast",
        "test/fixtures/import/made-by-tools/lo-xlsx-two-row-header.xlsx": "fast",
        "test/fixtures/import/made-by-tools/openpyxl-xlsx-formula-no-cached-value.xlsx": "fast",
      }
    `)
  })

  it('generated master and village files at a few sizes and styles', () => {
    let fast = 0
    let total = 0
    for (const [seed, desaCount, people] of [
      [1, 4, 30],
      [20261206, 6, 60],
      [7, 3, 400]
    ] as const) {
      const s = generateScenario({ seed, desaCount, peoplePerDesa: people })
      const files = [
        { name: 'master.xlsx', bytes: writeMasterXlsx(s) },
        { name: 'master-stored.xlsx', bytes: writeMasterXlsx(s, { compression: false }) },
        ...s.villageFiles.map((f) => writeVillageFile(s, f)).map((f) => ({ name: f.fileName, bytes: f.bytes }))
      ]
      for (const f of files) {
        const o = compare(f.bytes, f.name)
        if (/\.xls[xm]$/.test(f.name)) {
          total++
          if (o.route === 'fast') fast++
        }
      }
    }
    // The generator writes plain xlsx (SheetJS's own writer): all of it is read fast.
    expect(total).toBeGreaterThan(10)
    expect(fast).toBe(total)
  })
})

// ---- random workbooks written by SheetJS ----

const FORMATS = [
  undefined,
  'General',
  '0',
  '000',
  '0.00',
  '#,##0',
  '0%',
  '@',
  'dd/mm/yyyy',
  'm/d/yy',
  'yyyy-mm-dd',
  'd.m',
  '[h]:mm:ss',
  'mmm-yy',
  '0.00E+00'
]
const ODD_TEXTS = [
  '',
  ' ',
  ' lead',
  'trail ',
  '&amp;',
  'a & b',
  '<b>x</b>',
  '"q"',
  "it's",
  '_x000D_',
  'a_x0041_b',
  'a\r\nb',
  'a\nb',
  '😀 emoji',
  'é ü ß',
  '3201010101010001',
  '#N/A',
  'TRUE',
  '=1+1',
  '\t'
]

const arbText = fc.oneof(fc.constantFrom(...ODD_TEXTS), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }))
const arbNumber = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
  fc.constantFrom(3201010101010001, 0.1, 1e21, 1.5e-7, 44927, 60, 1, 0, 2958465)
)
const arbCell: fc.Arbitrary<XLSX.CellObject | null> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: arbText.map((v): XLSX.CellObject => ({ t: 's', v })) },
  {
    weight: 3,
    arbitrary: fc.tuple(arbNumber, fc.constantFrom(...FORMATS)).map(([v, z]): XLSX.CellObject => (z ? { t: 'n', v, z } : { t: 'n', v }))
  },
  { weight: 1, arbitrary: fc.boolean().map((v): XLSX.CellObject => ({ t: 'b', v })) },
  { weight: 1, arbitrary: fc.constantFrom(0x00, 0x07, 0x0f, 0x17, 0x1d, 0x24, 0x2a).map((v): XLSX.CellObject => ({ t: 'e', v })) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      arbNumber.map((v): XLSX.CellObject => ({ t: 'n', v, f: 'A1+1' })),
      arbText.map((v): XLSX.CellObject => ({ t: 's', v, f: 'UPPER(B1)' })),
      fc.constant<XLSX.CellObject>({ t: 'z', f: 'NOW()' } as XLSX.CellObject)
    )
  }
)
const arbSheet = fc.record({
  top: fc.integer({ min: 0, max: 4 }),
  left: fc.integer({ min: 0, max: 3 }),
  rows: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: fc.array(arbCell, { maxLength: 7 }) }), {
    maxLength: 9
  }),
  hiddenRows: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }),
  hiddenCols: fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
  hidden: fc.constantFrom(0, 0, 1, 2)
})
const arbBook = fc.record({
  sheets: fc.array(arbSheet, { minLength: 1, maxLength: 3 }),
  date1904: fc.boolean(),
  bookSST: fc.boolean(),
  compression: fc.boolean()
})

type Book = typeof arbBook extends fc.Arbitrary<infer T> ? T : never

function writeBook(b: Book): Uint8Array {
  const wb = XLSX.utils.book_new()
  b.sheets.forEach((s, i) => {
    const ws: XLSX.WorkSheet = {}
    let maxR = 0
    let maxC = 0
    s.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell) return
        const at = { r: s.top + r, c: s.left + c }
        ws[XLSX.utils.encode_cell(at)] = { ...cell }
        maxR = Math.max(maxR, at.r)
        maxC = Math.max(maxC, at.c)
      })
    })
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: maxR, c: maxC } })
    if (s.hiddenRows.length) ws['!rows'] = s.hiddenRows.reduce<XLSX.RowInfo[]>((a, r) => ((a[r] = { hidden: true }), a), [])
    if (s.hiddenCols.length) ws['!cols'] = s.hiddenCols.reduce<XLSX.ColInfo[]>((a, c) => ((a[c] = { hidden: true }), a), [])
    XLSX.utils.book_append_sheet(wb, ws, `Lembar ${i + 1}`)
  })
  // A workbook must keep one sheet visible.
  wb.Workbook = { Sheets: b.sheets.map((s, i) => ({ Hidden: (i === 0 ? 0 : s.hidden) as 0 | 1 | 2 })), WBProps: { date1904: b.date1904 } }
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST: b.bookSST, cellStyles: true, compression: b.compression }) as ArrayBuffer
  )
}

describe('random workbooks written by SheetJS', () => {
  it('read the same by both routes (fast unless declined)', () => {
    let fast = 0
    let runs = 0
    fc.assert(
      fc.property(arbBook, (b) => {
        const o = compare(writeBook(b), 'acak.xlsx')
        runs++
        if (o.route === 'fast') fast++
      }),
      { numRuns: 150 }
    )
    // SheetJS's own files are plain: nearly all must take the fast route, or it is not being tested.
    expect(fast).toBeGreaterThan(runs * 0.8)
  })
})

// ---- what the fast reader declines falls back to SheetJS, with today's result ----

function base(): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet([
    ['NIK', 'NAMA', 'TGL'],
    ['3201010101010001', 'SITI', { t: 'n', v: 29353, z: 'dd/mm/yyyy' }],
    ['3201010101010002', 'BUDI', 3]
  ])
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, ws, 'DATA')
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST: true, cellStyles: true }) as ArrayBuffer)
}

/** The base workbook with one part's text changed (and parts added). */
function patched(part: string, change: (xml: string) => string, add: Record<string, string> = {}): Uint8Array {
  const files = unzipSync(base())
  const xml = strFromU8(files[part]!)
  const next = change(xml)
  expect(next, `${part} unchanged`).not.toBe(xml)
  files[part] = strToU8(next)
  for (const [name, text] of Object.entries(add)) files[name] = strToU8(text)
  return zipSync(files)
}

const SHEET = 'xl/worksheets/sheet1.xml'

describe('declines fall back to SheetJS for the whole file', () => {
  it('the base workbook is read fast', () => {
    expect(compare(base(), 'dasar.xlsx').route).toBe('fast')
  })

  const cases: [string, () => Uint8Array][] = [
    [
      'a date cell (t="d")',
      () => patched(SHEET, (x) => x.replace(/<c r="C3"[^>]*>.*?<\/c>/, '<c r="C3" t="d"><v>1980-05-12T00:00:00</v></c>'))
    ],
    ['an unknown cell type', () => patched(SHEET, (x) => x.replace(/<c r="C3"[^>]*>/, '<c r="C3" t="x">'))],
    ['an array formula', () => patched(SHEET, (x) => x.replace(/(<c r="C3"[^>]*>)/, '$1<f t="array" ref="C3:C3">A1</f>'))],
    [
      'a strict-OOXML namespace',
      () =>
        patched(SHEET, (x) =>
          x.replace('http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main')
        )
    ],
    [
      'a namespace prefix on the cells',
      () => patched(SHEET, (x) => x.replace(/<(\/?)(worksheet|sheetData|row|c|v)\b/g, '<$1x:$2').replace('xmlns=', 'xmlns:x='))
    ],
    ['a malformed tag', () => patched(SHEET, (x) => x.replace('<c r="A2"', '<c r="A2" <'))],
    ['a cell outside its row', () => patched(SHEET, (x) => x.replace('<c r="A2"', '<c r="A9"'))],
    ['rows out of order', () => patched(SHEET, (x) => x.replace('<row r="3"', '<row r="1"'))],
    ['a comment part', () => patched(SHEET, (x) => x + ' ', { 'xl/comments1.xml': '<comments/>' })],
    [
      'a hyperlink',
      () => patched(SHEET, (x) => x.replace('</sheetData>', '</sheetData><hyperlinks><hyperlink ref="B2" display="x"/></hyperlinks>'))
    ],
    ['a sheet not found via the relationships', () => patched('xl/_rels/workbook.xml.rels', (x) => x.replace('Id="rId1"', 'Id="rId99"'))],
    [
      'a rich-text shape not seen before',
      () => patched('xl/sharedStrings.xml', (x) => x.replace('<si><t>NIK</t></si>', '<si><x>NIK</x></si>'))
    ],
    ['an XML comment', () => patched(SHEET, (x) => x.replace('<sheetData>', '<sheetData><!-- ditulis tangan -->'))],
    ['two sheets of one name', () => patched('xl/workbook.xml', (x) => x.replace(/(<sheet [^>]*\/>)/, '$1$1'))],
    ['an unknown entity', () => patched('xl/sharedStrings.xml', (x) => x.replace('<t>SITI</t>', '<t>SI&AMP;TI</t>'))],
    [
      'a number format id the file does not define',
      () => patched('xl/styles.xml', (x) => x.replace(/(<cellXfs[^>]*><xf [^>]*\/><xf numFmtId=")\d+"/, '$127"'))
    ]
  ]
  for (const [what, make] of cases) {
    it(what, () => {
      const o = compare(make(), 'tolak.xlsx')
      expect(o.route, what).toBe('sheetjs')
      expect(o.declined, what).toMatch(/^not-fast: /)
    })
  }

  // Shapes other writers use, read fast and the same as SheetJS reads them.
  const fastCases: [string, () => Uint8Array][] = [
    [
      'shared formulas (the master, a reference to it, one to an unknown index)',
      () =>
        patched(SHEET, (x) =>
          x
            .replace(/(<c r="C2"[^>]*>)/, '$1<f t="shared" ref="C2:C3" si="0">A2+1</f>')
            .replace(/(<c r="C3"[^>]*>)/, '$1<f t="shared" si="0"/>')
            .replace(/(<c r="B3"[^>]*>)/, '$1<f t="shared" si="7"/>')
        )
    ],
    ['cells without r', () => patched(SHEET, (x) => x.replace(/<c r="[A-Z]+3"/g, '<c'))],
    [
      'a hidden self-closing row, stubs and a formula without its value',
      () =>
        patched(SHEET, (x) =>
          x.replace(
            '</sheetData>',
            '<row r="5" hidden="1"/><row r="6"><c r="A6" s="1"/><c r="B6"><f>NOW()</f></c><c r="C6" t="n"/></row></sheetData>'
          )
        )
    ],
    [
      'rich text with phonetic runs, entities and escapes in shared strings',
      () =>
        patched('xl/sharedStrings.xml', (x) =>
          x
            .replace(
              '<si><t>SITI</t></si>',
              '<si><r><rPr><b/></rPr><t xml:space="preserve">SI &amp; </t></r><r><t>TI_x000D_&#233;</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh></si>'
            )
            .replace('<si><t>BUDI</t></si>', '<si><t>BU&#x44;I&lt;</t><phoneticPr fontId="1"/></si>')
        )
    ],
    [
      'booleans, errors and text results of formulas',
      () =>
        patched(SHEET, (x) =>
          x.replace(
            '</sheetData>',
            '<row r="7"><c r="A7" t="b"><v>1</v></c><c r="B7" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C7" t="str"><f>A1</f><v>a &amp;amp; b</v></c></row></sheetData>'
          )
        )
    ]
  ]
  for (const [what, make] of fastCases) {
    it(what, () => {
      expect(compare(make(), 'cepat.xlsx').route, what).toBe('fast')
    })
  }

  it('a sheet over the row limit is refused as SheetJS refuses it (FILE_TOO_MANY_ROWS)', () => {
    const limits = { ...DEFAULT_LIMITS, maxRows: 2 }
    const o = compare(base(), 'panjang.xlsx', limits)
    expect(o.route).toBe('error')
    expect(o.error).toMatchObject({ code: 'FILE_TOO_MANY_ROWS' })
  })

  it('SheetJS options read with SheetJS', () => {
    expect(readWorkbookTraced(base(), 'dasar.xlsx', DEFAULT_LIMITS, { cellStyles: false }).route).toBe('sheetjs')
  })
})
