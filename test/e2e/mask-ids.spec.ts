import { cell, expect, inputFolder, newWorkspace, test } from './fixtures'

const M = '•'
/** Any full NIK or KK in the page's text. */
const FULL_ID = /\d{16}/

/** One family in the master; the village lists Suparman under a mistyped NIK (a probable match). */
function files() {
  const write = inputFolder('samar')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
    'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
    'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak'
  ])
  const village = write('sumberadi.csv', [
    'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;KETERANGAN',
    'SUMBERADI;3404051205800007;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA;',
    'SUMBERADI;3404055708850002;3404051201100001;SITI AMINAH;P;17-08-1985;ISTRI;',
    'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK;'
  ])
  return { master, village }
}

test('masking NIK/KK hides the middle digits in the grid and the row panel; search and editing keep the real values', async ({ page }) => {
  const f = files()
  await newWorkspace(page, f.master, [f.village])

  // Off by default: the full NIK is shown.
  await page.getByTestId('tab-review').click()
  const grid = page.getByTestId('review-grid')
  await expect(grid.locator('.ag-cell[col-id=nik]').filter({ hasText: '3404051205800007' })).toHaveCount(1)

  await page.getByTestId('tab-settings').click()
  const toggle = page.getByTestId('mask-ids')
  await expect(toggle).not.toBeChecked()
  await toggle.check()
  expect(await page.evaluate(() => localStorage.getItem('cermat.maskIds'))).toBe('1')

  await page.getByTestId('tab-review').click()
  await expect(grid.locator('.ag-cell[col-id=nik]').filter({ hasText: `340405${M.repeat(6)}0007` })).toHaveCount(1)
  await expect(page.locator('body')).not.toHaveText(FULL_ID)

  // The row panel: the probable-match sentence and the compare table are masked too.
  await page.getByTestId('filter-code').selectOption('PROBABLE_MATCH')
  const nikCell = grid
    .locator('.ag-cell[col-id=nik]')
    .filter({ hasText: `340405${M.repeat(6)}0007` })
    .first()
  await nikCell.click()
  const panel = page.getByTestId('row-panel')
  const probable = panel.locator('[data-testid=finding][data-code=PROBABLE_MATCH]')
  await expect(probable).toContainText(`kemungkinan orang yang sama dengan SUPARMAN (NIK 340405${M.repeat(6)}0001`)
  await expect(page.locator('body')).not.toHaveText(FULL_ID)

  // Editing opens with the real value.
  const rowId = (await nikCell.evaluate((c) => c.closest('[role=row]')?.getAttribute('row-id'))) ?? ''
  await cell(page, rowId, 'nik').dblclick()
  const editor = page.getByTestId('cell-editor')
  await expect(editor).toHaveValue('3404051205800007')
  await editor.press('Escape')
  await expect(cell(page, rowId, 'nik')).toHaveText(`340405${M.repeat(6)}0007`)

  // Searching by a full NIK still finds the row (search reads the real values).
  await page.getByTestId('filter-code').selectOption('all')
  await page.getByTestId('search').fill('3404055708850002')
  const nikCells = grid.locator('.ag-cell[col-id=nik]')
  await expect(nikCells).toHaveText([`340405${M.repeat(6)}0002`])
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveText(['SITI AMINAH'])
  // Her row panel compares village and master side by side, both masked.
  await nikCells.click()
  const compareNik = panel.locator('[data-testid=compare] tr[data-field=nik] td')
  await expect(compareNik).toHaveText([`340405${M.repeat(6)}0002`, `340405${M.repeat(6)}0002`])
  await expect(panel.locator('[data-testid=compare] tr[data-field=no_kk] td')).toHaveText([
    `340405${M.repeat(6)}0001`,
    `340405${M.repeat(6)}0001`
  ])
  await expect(page.locator('body')).not.toHaveText(FULL_ID)

  // Off again: the full values come back.
  await page.getByTestId('tab-settings').click()
  await page.getByTestId('mask-ids').uncheck()
  expect(await page.evaluate(() => localStorage.getItem('cermat.maskIds'))).toBe('0')
  await page.getByTestId('tab-review').click()
  await expect(nikCells).toHaveText(['3404055708850002'])
  await expect(compareNik).toHaveText(['3404055708850002', '3404055708850002'])
  await page.getByTestId('search').fill('')
  await page.getByTestId('filter-code').selectOption('PROBABLE_MATCH')
  await grid.locator('.ag-cell[col-id=nik]').filter({ hasText: '3404051205800007' }).first().click()
  await expect(probable).toContainText('kemungkinan orang yang sama dengan SUPARMAN (NIK 3404051205800001')
})

test('the mapping preview masks NIK/KK too, and the preference survives closing the workspace', async ({ page }) => {
  const f = files()
  await page.getByTestId('create-workspace').click()
  await page.getByTestId('master-input').setInputFiles(f.master)
  await expect(page.getByTestId('master-status')).toContainText('induk.csv')
  await page.getByTestId('tab-settings').click()
  await page.getByTestId('mask-ids').check()

  await page.getByTestId('tab-import').click()
  await page.getByTestId('always-map').check()
  await page.getByTestId('village-input').setInputFiles([f.village])
  const table = page.getByTestId('mapping-table')
  await expect(table).toContainText(`340405${M.repeat(6)}0007`)
  await expect(table).toContainText(`340405${M.repeat(6)}0001`)
  await expect(page.locator('body')).not.toHaveText(FULL_ID)
  await page.getByTestId('map-confirm').click()
  await expect(page.getByTestId('village-table').locator('tbody tr')).toHaveCount(1)
  await expect(page.locator('body')).not.toHaveText(FULL_ID)

  // Closing the workspace keeps this PC's preference (it is not workspace data).
  await page.getByRole('button', { name: 'Tutup ruang kerja' }).click()
  await page.getByTestId('create-workspace').click()
  await page.getByTestId('tab-settings').click()
  await expect(page.getByTestId('mask-ids')).toBeChecked()
})
