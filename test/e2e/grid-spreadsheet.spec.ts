import { readFileSync } from 'node:fs'

import type { Locator } from '@playwright/test'
import * as XLSX from 'xlsx'

import { axeViolations, cell, expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

/** One family; the village has Siti's birth date one year off (a mismatch the village data can settle). */
function files() {
  const write = inputFolder('grid')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
    'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
    'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak'
  ])
  const village = write('sumberadi.csv', [
    'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;KETERANGAN',
    'SUMBERADI;3404051205800001;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA;',
    'SUMBERADI;3404055708850002;3404051201100001;SITI AMINAH;P;17-08-1986;ISTRI;',
    'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK;'
  ])
  return { master, village }
}

const rowIdOf = (locator: Locator) => locator.evaluate((c) => c.closest('[role=row]')?.getAttribute('row-id') ?? '')

test('the grid as a spreadsheet: copy a NIK and a row, the row menu, a column filter, the view as .xlsx', async ({ page }, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.village])
  await page.getByTestId('tab-review').click()
  const grid = page.getByTestId('review-grid')
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())

  // Ctrl+C on a NIK cell: all 16 digits as text.
  const sitiNik = grid.locator('.ag-cell[col-id=nik]').filter({ hasText: '3404055708850002' })
  await sitiNik.click()
  await page.keyboard.press('Control+c')
  await expect.poll(clipboard).toBe('3404055708850002')

  // Ctrl+Shift+C: the whole row, tab-separated, in the column order shown.
  await page.keyboard.press('Control+Shift+c')
  await expect.poll(clipboard).toContain('\t3404055708850002\tSITI AMINAH\tSUMBERADI\t3\t3404051201100001\tP\t')

  // Column filter: the name filter narrows the rows to Siti.
  const rowsShown = grid.locator('.ag-row [col-id=nik]')
  const names = grid.locator('.ag-row [col-id=nama]')
  await expect(names.filter({ hasText: 'BUDI SANTOSO' }).first()).toBeVisible()
  const before = await rowsShown.count()
  const namaFilter = grid.getByLabel('Nama Saring', { exact: true })
  await namaFilter.fill('siti')
  await expect(names.filter({ hasNotText: 'SITI AMINAH' })).toHaveCount(0)
  const shown = await rowsShown.count()
  expect(shown).toBeGreaterThan(0)
  expect(shown).toBeLessThan(before)
  await keepScreenshot(page, testInfo, 'grid-column-filter')

  // The view as .xlsx: exactly the rows shown, NIK as a text cell.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('view-export').click()])
  const wb = XLSX.read(readFileSync(await download.path()), { type: 'buffer' })
  const sheet = wb.Sheets[wb.SheetNames[0]!]!
  const table = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' })
  expect(table).toHaveLength(shown + 1)
  expect(table.slice(1).every((r) => r.includes('SITI AMINAH'))).toBe(true)
  const nikCol = table[0]!.indexOf('NIK')
  expect(nikCol).toBeGreaterThanOrEqual(0)
  expect(table[1]![nikCol]).toBe('3404055708850002')
  expect((sheet[XLSX.utils.encode_cell({ r: 1, c: nikCol })] as XLSX.CellObject).t).toBe('s')
  expect(table[0]!.indexOf('NIK')).toBeLessThan(table[0]!.indexOf('Nama'))

  // The row menu by right-click: Terima data desa settles Siti's birth-date mismatch.
  const rowId = await rowIdOf(sitiNik)
  await cell(page, rowId, 'nama').click({ button: 'right' })
  const menu = page.getByRole('menu')
  await expect(menu).toBeVisible()
  await expect(page.getByTestId('menu-accept')).toHaveAttribute('aria-disabled', 'false')
  await expect(page.getByTestId('menu-copy-cell')).toBeFocused()
  expect(await axeViolations(page)).toEqual([])
  await keepScreenshot(page, testInfo, 'grid-row-menu')
  // Keyboard: Escape closes it, Shift+F10 opens it again, arrows move to the action.
  await page.keyboard.press('Escape')
  await expect(menu).toHaveCount(0)
  await page.keyboard.press('Shift+F10')
  await expect(menu).toBeVisible()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('menu-accept')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(menu).toHaveCount(0)
  const mismatch = page.getByTestId('row-panel').locator('[data-testid=finding][data-code=FIELD_MISMATCH]')
  await expect(mismatch).toHaveAttribute('data-status', 'resolved')

  // What is left open (NIK ≠ tanggal lahir) can only be accepted: Pakai data induk is no longer offered.
  await cell(page, rowId, 'nama').click({ button: 'right' })
  await expect(page.getByTestId('menu-keep')).toHaveAttribute('aria-disabled', 'true')
  await expect(page.getByTestId('menu-accept')).toHaveAttribute('aria-disabled', 'false')
  await page.keyboard.press('Escape')

  // The column filter also closes the side panel on a row it hides.
  await namaFilter.fill('budi')
  await expect(names.filter({ hasNotText: 'BUDI SANTOSO' })).toHaveCount(0)
  await expect(page.getByTestId('row-panel')).toContainText(/Pilih|Select/)
})
