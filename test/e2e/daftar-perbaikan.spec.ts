import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import * as XLSX from 'xlsx'

import { axeViolations, expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

/** Two desa in the master; Sumberadi's file has a name that differs, a NIK too short, and leaves one person out. */
function files() {
  const write = inputFolder('daftar')
  return {
    master: write('induk.csv', [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
      'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
      'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
      'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak',
      'SUMBERADI;3404051201100009;3404050101500009;MBAH KARSO;L;1950-01-01;Kepala Keluarga',
      'TLOGOADI;3404051301100004;3404051111700004;WAGIMAN;L;1970-11-11;Kepala Keluarga'
    ]),
    sumberadi: write('musdes-sumberadi.csv', [
      'NO;NAMA LENGKAP;NIK;NO KK;JK;TGL LAHIR;SHDK;DESA',
      '1;SUPARMAN;3404051205800001;3404051201100001;L;12-05-1980;KEPALA KELUARGA;SUMBERADI',
      '2;SITI ROMLAH;3404055708850002;3404051201100001;P;17-08-1985;ISTRI;SUMBERADI',
      '3;BUDI SANTOSO;340405030310000;3404051201100001;L;03-03-2010;ANAK;SUMBERADI'
    ])
  }
}

test('daftar perbaikan: the desa chosen in the review saved as .xlsx and shown as a printable page', async ({ page, app }, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi])
  await page.getByTestId('tab-review').click()
  await page.getByTestId('filter-desa').selectOption('SUMBERADI')

  // Download: saved where the (test) save dialog says, under the suggested name.
  await page.getByTestId('daftar-save').click()
  await expect(page.getByTestId('notice-success').filter({ hasText: 'Daftar perbaikan disimpan' })).toContainText(
    /Daftar perbaikan disimpan: daftar-perbaikan-sumberadi-.*\(1 desa; 2 baris perlu diperbaiki, 2 orang tidak ada di daftar desa\)/
  )
  const [saved] = readdirSync(app.dirs.exports).filter((n) => n.endsWith('.xlsx'))
  expect(saved).toMatch(/^daftar-perbaikan-sumberadi-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const wb = XLSX.read(readFileSync(join(app.dirs.exports, saved!)), { type: 'buffer' })
  expect(wb.SheetNames).toEqual(['SUMBERADI'])
  const sheet = wb.Sheets.SUMBERADI!
  const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' })
  const head = rows.findIndex((r) => r[0] === 'Baris di file')
  // The village's own columns, in its order.
  expect(rows[head]).toEqual([
    'Baris di file',
    'NO',
    'NAMA LENGKAP',
    'NIK',
    'NO KK',
    'JK',
    'TGL LAHIR',
    'SHDK',
    'DESA',
    'Masalah',
    'Perbaikan (diisi desa)'
  ])
  expect(rows[head + 1]!.slice(0, 4)).toEqual(['3', '2', 'SITI ROMLAH', '3404055708850002'])
  expect(rows[head + 1]![9]).toBe('Nama berbeda: desa "SITI ROMLAH", data induk "SITI AMINAH".')
  expect((sheet[XLSX.utils.encode_cell({ r: head + 1, c: 3 })] as XLSX.CellObject).t).toBe('s')
  expect(rows[head + 2]!.slice(0, 4)).toEqual(['4', '3', 'BUDI SANTOSO', '340405030310000'])
  expect(rows.some((r) => r[0] === 'Tidak ada di daftar desa')).toBe(true)
  expect(rows.some((r) => r[0] === '3404050101500009' && r[2] === 'MBAH KARSO')).toBe(true)

  // Print: the same list as a page over the app, and alone on paper. With NIK masking on, the grid
  // hides the middle digits but the paper keeps them whole (the village needs them) and says so.
  await page.getByTestId('tab-settings').click()
  await page.getByTestId('mask-ids').check()
  await page.getByTestId('tab-review').click()
  await page.getByTestId('filter-desa').selectOption('SUMBERADI')
  await expect(
    page
      .getByTestId('review-grid')
      .locator('.ag-cell[col-id=nik]')
      .filter({ hasText: `340405${'•'.repeat(6)}0002` })
  ).toHaveCount(1)
  await page.getByTestId('daftar-print-open').click()
  const view = page.getByTestId('daftar-print')
  await expect(view).toBeVisible()
  await expect(page.getByTestId('daftar-print-now')).toBeFocused()
  const section = page.getByTestId('daftar-desa-SUMBERADI')
  await expect(section.getByRole('heading', { level: 2 })).toHaveText('DAFTAR PERBAIKAN DATA DESA')
  await expect(section.locator('dl')).toContainText('SUMBERADI')
  await expect(section.locator('dl')).toContainText('musdes-sumberadi.csv')
  const table = section.getByTestId('daftar-rows')
  await expect(table.locator('tbody tr')).toHaveCount(2)
  await expect(table.locator('tbody tr[data-row="3"]')).toContainText('Nama berbeda: desa "SITI ROMLAH", data induk "SITI AMINAH".')
  await expect(table.locator('tbody tr[data-row="4"]')).toContainText('tidak sah')
  // Budi's row has no usable NIK, so the master's Budi counts as not listed too, beside Mbah Karso.
  await expect(section.getByTestId('daftar-missing').locator('tbody tr')).toHaveCount(2)
  await expect(section.getByTestId('daftar-missing')).toContainText('MBAH KARSO')
  await expect(section.getByTestId('daftar-missing')).toContainText('3404050101500009')
  await expect(table.locator('tbody tr[data-row="3"]')).toContainText('3404055708850002')
  await expect(section.getByTestId('daftar-whole-ids')).toHaveText(
    'NIK dan No. KK dicetak utuh, juga bila disamarkan di layar (Pengaturan): desa memerlukannya untuk menemukan dan memperbaiki barisnya.'
  )
  expect(await axeViolations(page), 'daftar print view').toEqual([])
  await keepScreenshot(page, testInfo, 'daftar-perbaikan-screen')

  await page.emulateMedia({ media: 'print' })
  await expect(page.getByTestId('daftar-print-now')).toBeHidden()
  await expect(page.getByTestId('review-grid')).toBeHidden()
  await expect(table.locator('tbody tr')).toHaveCount(2)
  await expect(table).toBeVisible()
  await keepScreenshot(page, testInfo, 'daftar-perbaikan-print')
  await page.emulateMedia({ media: 'screen' })

  // Escape closes it and the review is back.
  await page.keyboard.press('Escape')
  await expect(view).toBeHidden()
  await expect(page.getByTestId('review-grid')).toBeVisible()
})
