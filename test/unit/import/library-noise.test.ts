/** SheetJS's console remarks stay out of the console (and so out of the CLI's table). */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { readWorkbook } from '../../../shared/engine/import/read-workbook'
import { noisyOds } from '../helpers/noisy-ods'

const ROOT = resolve(import.meta.dirname, '../../..')
const village = () => noisyOds(new Uint8Array(readFileSync(join(ROOT, 'resources/demo/desa/musdes-sumberadi-2026-11.xlsx'))))

describe('reading a workbook SheetJS comments on', () => {
  afterEach(() => vi.restoreAllMocks())

  it('prints nothing and keeps what SheetJS said as notes', () => {
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const
    const spies = methods.map((m) => vi.spyOn(console, m).mockImplementation(() => undefined))
    const wb = readWorkbook(village(), 'sumberadi.ods')
    for (const s of spies) expect(s).not.toHaveBeenCalled()
    expect(wb.format).toBe('ods')
    expect(wb.libraryNotes).toEqual([expect.stringContaining('ODS number format may be incorrect')])
    expect(wb.sheets[0]!.rows.length).toBeGreaterThan(1)
    // The console is given back as it was.
    methods.forEach((m, i) => expect(console[m]).toBe(spies[i]))
  })

  it('gives the console back when the read fails', () => {
    const error = console.error
    expect(() => readWorkbook(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'rusak.ods')).toThrow()
    expect(console.error).toBe(error)
  })

  it('has no notes for a file SheetJS reads without remark', () => {
    const wb = readWorkbook(new Uint8Array(readFileSync(join(ROOT, 'resources/demo/desa/musdes-sumberadi-2026-11.xlsx'))), 'sumberadi.xlsx')
    expect(wb.libraryNotes).toBeUndefined()
  })
})
