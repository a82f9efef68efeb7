/**
 * Reading time of the hostile files the import tests refuse or cut (test/unit/import/
 * generated-hostile.test.ts proves the protections by behaviour; the time they take is printed
 * here, never asserted: a busy machine would fail a stopwatch).
 */
import { zipSync } from 'fflate'

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
