import { axeViolations, expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

/**
 * One desa: three names spelled the old way (OE, DJ, TJ), one real name difference, a death
 * reported in KETERANGAN, and a master person missing from the (complete) list.
 */
function files() {
  const write = inputFolder('removal')
  return {
    master: write('induk.csv', [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
      'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
      'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
      'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak',
      'SUMBERADI;3404051201100004;3404050404700004;JOKO WIDODO;L;1970-04-04;Kepala Keluarga',
      'SUMBERADI;3404051201100004;3404054505720005;CAHYANI;P;1972-05-05;Istri/Suami',
      'SUMBERADI;3404051201100009;3404050101500009;MBAH KARSO;L;1950-01-01;Kepala Keluarga'
    ]),
    village: write('sumberadi.csv', [
      'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;KETERANGAN',
      'SUMBERADI;3404051205800001;3404051201100001;SOEPARMAN;L;12-05-1980;KEPALA KELUARGA;',
      'SUMBERADI;3404055708850002;3404051201100001;SITI AMINAH SARI;P;17-08-1985;ISTRI;',
      'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK;MENINGGAL',
      'SUMBERADI;3404050404700004;3404051201100004;DJOKO WIDODO;L;04-04-1970;KEPALA KELUARGA;',
      'SUMBERADI;3404054505720005;3404051201100004;TJAHYANI;P;05-05-1972;ISTRI;'
    ])
  }
}

test('bulk accept of spelling differences in one undoable step; removals need a berita acara; keyboard only', async ({
  page
}, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.village])

  await page.getByTestId('tab-review').focus()
  await page.keyboard.press('Enter')
  const counts = page.getByTestId('counts')
  const grid = page.getByTestId('review-grid')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(6)
  // 3 spelling + 1 name + 1 death + 1 missing.
  await expect(counts).toHaveAttribute('data-open', '6')

  // By severity: the reported death is the only info; warnings are the five others.
  await page.getByTestId('filter-severity').selectOption('info')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveText(['BUDI SANTOSO'])
  await page.getByTestId('filter-severity').selectOption('warning')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(5)
  await page.getByTestId('filter-severity').selectOption('all')

  // Only the names that differ in spelling alone: three rows.
  await page.getByTestId('filter-code').selectOption('spelling')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(3)
  await page.getByTestId('filter-code').blur()
  await page.keyboard.press('j')
  await page.keyboard.press('Control+a')
  const bar = page.getByTestId('bulk-bar')
  await expect(bar).toHaveAttribute('data-selected', '3')
  await expect(page.getByTestId('bulk-accept')).toHaveText(/Terima data desa: 3 temuan/)
  // Space takes the active row out of the selection and back in.
  await page.keyboard.press('Space')
  await expect(bar).toHaveAttribute('data-selected', '2')
  await page.keyboard.press('Space')
  await expect(bar).toHaveAttribute('data-selected', '3')
  await keepScreenshot(page, testInfo, 'bulk-selection')
  await page.keyboard.press('Shift+A')
  await expect(counts).toHaveAttribute('data-open', '3')
  await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Batalkan "Terima data desa" untuk 3 temuan sekaligus (Ctrl+Z)')

  // One Ctrl+Z brings all three back; Ctrl+Y settles them again.
  await page.locator('body').press('Control+z')
  await expect(counts).toHaveAttribute('data-open', '6')
  await page.locator('body').press('Control+y')
  await expect(counts).toHaveAttribute('data-open', '3')

  // A reported death: A asks for the berita acara before anything is removed.
  await page.getByTestId('filter-code').selectOption('STATUS_CHANGE')
  await page.getByTestId('filter-code').blur()
  // J picks the first row of the filtered grid once its rows are in; A acts on the row the panel shows.
  await expect(page.locator('[data-testid=review-grid] .ag-row', { hasText: 'BUDI SANTOSO' }).first()).toBeVisible()
  await page.keyboard.press('j')
  await expect(page.getByTestId('row-panel').locator('h2')).toHaveText('BUDI SANTOSO')
  await page.keyboard.press('a')
  const dialog = page.getByRole('dialog', { name: 'Nonaktifkan dari data' })
  await expect(dialog).toBeVisible()
  await expect(page.getByTestId('removal-reason')).toBeFocused()
  await expect(page.getByTestId('removal-reason')).toHaveValue('MENINGGAL')
  await expect(dialog).toContainText('BUDI SANTOSO')
  // Saving without a number: the dialog says what is missing and removes nothing.
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('removal-number')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('removal-problem')).toHaveText('Isi nomor berita acara atau SPTJM.')
  await expect(counts).toHaveAttribute('data-open', '3')
  await page.keyboard.type('045/BA/XI/2026')
  await page.keyboard.press('Tab')
  await page.keyboard.type('31-11-2026')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('removal-problem')).toContainText('Tanggal harus tanggal yang sah')
  await page.keyboard.press('Control+a')
  await page.keyboard.type('02-11-2026')
  expect(await axeViolations(page), 'removal dialog').toEqual([])
  await keepScreenshot(page, testInfo, 'removal-dialog')
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(counts).toHaveAttribute('data-open', '2')
  await expect(page.getByTestId('row-panel').getByTestId('history')).toContainText('045/BA/XI/2026')

  // A master person missing from the list: D removes them, with a reason chosen from the list.
  await page.getByTestId('filter-code').selectOption('MISSING_FROM_VILLAGE')
  await page.getByTestId('filter-code').blur()
  await page.keyboard.press('j')
  await expect(page.getByTestId('row-panel').locator('h2')).toHaveText('MBAH KARSO')
  await page.keyboard.press('d')
  await expect(page.getByTestId('removal-reason')).toBeFocused()
  await expect(page.getByTestId('removal-reason')).toHaveValue('')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.type('046/BA/XI/2026')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('removal-problem')).toHaveText('Pilih alasan penghapusan.')
  // Shift+Tab back to the reason; typing picks from the list.
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Shift+Tab')
  await expect(page.getByTestId('removal-reason')).toBeFocused()
  await page.keyboard.type('tidak')
  await expect(page.getByTestId('removal-reason')).toHaveValue('TIDAK_DITEMUKAN')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.type('02-11-2026')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('removal-dialog')).toHaveCount(0)
  await expect(counts).toHaveAttribute('data-open', '1')

  // Undo takes the removal back; the finding is open again.
  await page.locator('body').press('Control+z')
  await expect(counts).toHaveAttribute('data-open', '2')
  await page.locator('body').press('Control+y')
  await expect(counts).toHaveAttribute('data-open', '1')
})
