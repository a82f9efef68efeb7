import { cell, expect, inputFolder, keepScreenshot, test } from './fixtures'

/** A small kecamatan: Sumberadi sends its complete list (with a NIK typo), Tlogoadi only a change. */
function files() {
  const write = inputFolder('konflik')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
    'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
    'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak',
    'TLOGOADI;3404051301100004;3404051111700004;WAGIMAN;L;1970-11-11;Kepala Keluarga',
    'TLOGOADI;3404051301100004;3404055212720005;PAINEM;P;1972-12-12;Istri/Suami',
    'TLOGOADI;3404051301100004;3404050101950006;JOKO;L;1995-01-01;Anak'
  ])
  const header = 'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;KETERANGAN'
  const sumberadi = write('sumberadi.csv', [
    header,
    'SUMBERADI;3404051205800007;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA;',
    'SUMBERADI;3404055708850002;3404051201100001;SITI AMINAH;P;17-08-1985;ISTRI;',
    'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK;'
  ])
  const tlogoadi = write('tlogoadi.csv', [
    header,
    'TLOGOADI;3404051111700004;3404051301100004;WAGIMAN;L;11-11-1970;KEPALA KELUARGA;MENINGGAL'
  ])
  return { master, sumberadi, tlogoadi }
}

test('a NIK typo is offered as the master person; a changes-only file reports nobody missing until the operator says it is complete', async ({
  page
}, testInfo) => {
  const f = files()
  await page.getByTestId('create-workspace').click()
  await page.getByTestId('master-input').setInputFiles(f.master)
  await expect(page.getByTestId('master-status')).toContainText('induk.csv')
  await page.getByTestId('village-input').setInputFiles([f.sumberadi, f.tlogoadi])
  const table = page.getByTestId('village-table')
  await expect(table.locator('tbody tr')).toHaveCount(2)

  // The importer's guess per file: Sumberadi lists 2 of 3 people (complete), Tlogoadi 1 of 3 (changes).
  const coverage = table.locator('select')
  await expect(coverage.nth(0)).toHaveValue('auto')
  await expect(coverage.nth(0).locator('option[value=auto]')).toHaveText('Tebak: Daftar lengkap')
  await expect(coverage.nth(1).locator('option[value=auto]')).toHaveText('Tebak: Perubahan saja')

  await page.getByTestId('tab-review').click()
  const grid = page.getByTestId('review-grid')
  await page.getByTestId('filter-code').selectOption('MISSING_FROM_VILLAGE')
  // Only Suparman (listed under a mistyped NIK) is missing; Tlogoadi sent changes only.
  await expect(grid.locator('.ag-row.row-missing')).toHaveCount(1)

  await page.getByTestId('filter-code').selectOption('PROBABLE_MATCH')
  const nikCell = grid.locator('.ag-cell[col-id=nik]').filter({ hasText: '3404051205800007' }).first()
  await nikCell.click()
  const panel = page.getByTestId('row-panel')
  const probable = panel.locator('[data-testid=finding][data-code=PROBABLE_MATCH]')
  await expect(probable).toContainText('kemungkinan orang yang sama dengan SUPARMAN (NIK 3404051205800001')
  await expect(probable).toContainText('NIK beda satu angka')
  await keepScreenshot(page, testInfo, 'probable-match')

  // The row id first: once the master NIK is kept, the cell no longer shows the mistyped one.
  const rowId = (await nikCell.evaluate((c) => c.closest('[role=row]')?.getAttribute('row-id'))) ?? ''
  await probable.locator('button[data-action=keep_master]').click()
  await expect(cell(page, rowId, 'nik')).toHaveText('3404051205800001')
  await page.getByTestId('filter-code').selectOption('any')
  await expect(grid.locator('.ag-row.row-missing')).toHaveCount(0)

  // The operator says Tlogoadi's file is its complete list: Painem and Joko are now missing.
  await page.getByTestId('tab-import').click()
  await table.locator('select').nth(1).selectOption('complete')
  await expect(table.locator('select').nth(1)).toHaveValue('complete')
  await page.getByTestId('tab-review').click()
  await expect(grid.locator('.ag-row.row-missing')).toHaveCount(2)
})
