/**
 * Reading time of the hostile files the import tests refuse or cut (test/unit/import/
 * generated-hostile.test.ts proves the protections by behaviour; the time they take is printed
 * here, never asserted: a busy machine would fail a stopwatch).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { zipSync } from 'fflate'
import * as XLSX from 'xlsx'

import { CermatError } from '../../shared/api/result'
import { DEFAULT_LIMITS, type ReadLimits, readWorkbook } from '../../shared/engine/import/read-workbook'
import { book, lieAboutSize, patchEntry, plainRows, read } from '../../test/unit/import/build'
import { ms } from './args'

const SHEET1 = 'xl/worksheets/sheet1.xml'
const MB = 1024 * 1024
const SMALL: ReadLimits = { ...DEFAULT_LIMITS, maxUnzippedBytes: 10 * MB }
const wideDimension = (xml: string) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')

interface Case {
  name: string
  run: () => unknown
}

function cases(): Case[] {
  const bomb = zipSync({ 'xl/workbook.xml': new Uint8Array(10), 'xl/worksheets/sheet1.xml': new Uint8Array(50 * MB) }, { level: 9 })
  const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><!--${' '.repeat(50 * MB)}--></worksheet>`
  const liar = lieAboutSize(
    patchEntry(book(plainRows()), SHEET1, () => sheet),
    SHEET1,
    { central: 1024, local: 0 }
  )
  const oneCell = patchEntry(book([['NIK']]), SHEET1, wideDimension)
  const table = patchEntry(book(plainRows()), SHEET1, wideDimension)
  const bigCells = patchEntry(
    book([
      ['NIK', 'NAMA'],
      ['3404051205800001', '@NAMA@']
    ]),
    SHEET1,
    (xml) => xml.replace('@NAMA@', 'A'.repeat(MB))
  )
  return [
    { name: 'zip bomb, 50 MB declared (refused)', run: () => readWorkbook(bomb, 'bom.xlsx', SMALL) },
    { name: 'zip bomb lying about its size (refused)', run: () => readWorkbook(liar, 'bom.xlsx', SMALL) },
    { name: 'one cell, dimension A1:XFD1048576', run: () => readWorkbook(oneCell, 'satu.xlsx') },
    { name: 'four people, dimension A1:XFD1048576', run: () => read(table, 'musdes.xlsx') },
    { name: '1 MB cell (cut to 1000 characters)', run: () => read(bigCells, 'besar-sel.xlsx') }
  ]
}

/** Each case's time and outcome (the refusal code, or "read"), as table lines. */
export function hostileTimings(): string[] {
  return cases().map((c) => {
    const t = performance.now()
    let outcome = 'read'
    try {
      c.run()
    } catch (err) {
      outcome = err instanceof CermatError ? err.code : String(err)
    }
    return `| ${c.name} | ${outcome} | ${ms(t)} ms |`
  })
}

/**
 * The hostile mix of `npm run bench:parse` (18 files): the cases above, and files built to eat
 * memory or time while reading. Their headers name no field, so a file that is read is refused
 * right after (NO_HEADER_ROW): what is measured is reading, not importing rows.
 */
export function writeHostileMix(dir: string): string[] {
  mkdirSync(dir, { recursive: true })
  const files: [string, Uint8Array][] = []
  files.push(['bom-50mb.xlsx', zipSync({ 'xl/workbook.xml': new Uint8Array(10), [SHEET1]: new Uint8Array(50 * MB) }, { level: 9 })])
  const comment = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><!--${' '.repeat(50 * MB)}--></worksheet>`
  files.push([
    'bom-bohong.xlsx',
    lieAboutSize(
      patchEntry(book(plainRows()), SHEET1, () => comment),
      SHEET1,
      { central: 1024, local: 0 }
    )
  ])
  files.push(['satu-sel-xfd.xlsx', patchEntry(book([['NIK']]), SHEET1, wideDimension)])
  files.push(['musdes-xfd.xlsx', patchEntry(book(plainRows()), SHEET1, wideDimension)])
  const bigCell = patchEntry(
    book([
      ['NIK', 'NAMA'],
      ['3404051205800001', '@NAMA@']
    ]),
    SHEET1,
    (xml) => xml.replace('@NAMA@', 'A'.repeat(MB))
  )
  files.push(['sel-1mb.xlsx', bigCell])
  // Within the row and size limits, but heavy to hold as cells: what a careless export looks like.
  const row = '3404051205800001;ORANG;DUSUN KRAJAN RT 01 RW 02;L;1980-05-12;ISLAM;KAWIN;PETANI\n'
  const header = 'KODE;URAIAN;KETERANGAN;X1;X2;X3;X4;X5\n'
  for (const [n, rows] of [
    [1, 240_000],
    [2, 240_000],
    [3, 200_000]
  ] as const)
    files.push([`ekspor-besar-${n}.csv`, new TextEncoder().encode(header + row.repeat(rows))])
  const wideRow = Array.from({ length: 200 }, (_, c) => `K${c}`)
  const wideRows = [wideRow, ...Array.from({ length: 4_000 }, (_, r) => wideRow.map((_, c) => `${r}-${c}`))]
  files.push(['kolom-200.xlsx', book(wideRows)])
  const long = Array.from({ length: 60_000 }, (_, r) => [
    `34040512058${String(r).padStart(5, '0')}`,
    `ORANG ${r}`,
    'DUSUN',
    'L',
    '1980-05-12'
  ])
  files.push(['baris-60rb.xlsx', book([['KODE', 'URAIAN', 'KET', 'X1', 'X2'], ...long])])
  files.push(['baris-60rb-salinan.xlsx', book([['KODE', 'URAIAN', 'KET', 'X1', 'X2', 'X3'], ...long.map((r) => [...r, 'x'])])])
  const strings = Array.from({ length: 20_000 }, (_, r) => [`34040512058${String(r).padStart(5, '0')}`, 'B'.repeat(900)])
  files.push(['teks-panjang.xlsx', book([['KODE', 'KETERANGAN'], ...strings])])
  const html =
    '<html><body><table>' + '<tr><td>3404051205800001</td><td>ORANG</td><td>DUSUN</td></tr>'.repeat(150_000) + '</table></body></html>'
  files.push(['tabel-web.xls', new TextEncoder().encode(html)])
  const sheets = XLSX.utils.book_new()
  for (let n = 0; n < 200; n++)
    XLSX.utils.book_append_sheet(sheets, XLSX.utils.aoa_to_sheet(wideRows.slice(0, 200).map((r) => r.slice(0, 20))), `L${n}`)
  files.push(['lembar-200.xlsx', new Uint8Array(XLSX.write(sheets, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)])
  const utf16 = '\ufeff' + header.replace(/;/g, '\t') + row.replace(/;/g, '\t').repeat(120_000)
  files.push(['utf16-tab.csv', new Uint8Array(Buffer.from(utf16, 'utf16le'))])
  files.push(['bukan-excel.xlsx', new TextEncoder().encode('%PDF-1.4 bukan lembar kerja')])
  files.push(['kosong.csv', new Uint8Array(0)])
  files.push(['terpotong.xlsx', book(plainRows()).slice(0, 400)])
  return files.map(([name, bytes]) => {
    const path = join(dir, name)
    writeFileSync(path, bytes)
    return path
  })
}
