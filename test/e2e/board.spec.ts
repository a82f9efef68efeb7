import { axeViolations, expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

/** Three desa in the master; two send a file: one with two spelling differences, one clean. */
function files() {
  const write = inputFolder('board')
  return {
    master: write('induk.csv', [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
      'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
      'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
      'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak',
      'TLOGOADI;3404051301100004;3404051111700004;WAGIMAN;L;1970-11-11;Kepala Keluarga',
      'SENDANGADI;3404051401100005;3404051212600005;PAIJO;L;1960-12-12;Kepala Keluarga'
    ]),
    sumberadi: write('sumberadi.csv', [
      'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
      'SUMBERADI;3404051205800001;3404051201100001;SOEPARMAN;L;12-05-1980;KEPALA KELUARGA',
      'SUMBERADI;3404055708850002;3404051201100001;SITI AMINA;P;17-08-1985;ISTRI',
      'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK'
    ]),
    tlogoadi: write('tlogoadi.csv', [
      'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
      'TLOGOADI;3404051111700004;3404051301100004;WAGIMAN;L;11-11-1970;KEPALA KELUARGA'
    ])
  }
}

test('the kecamatan board shows every desa and its state; Enter on a desa opens its review; counts change after a decision', async ({
  page
}, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi, f.tlogoadi])

  // Keyboard only from here.
  await page.getByTestId('tab-board').focus()
  await page.keyboard.press('Enter')
  const board = page.getByTestId('board')
  await expect(board.getByRole('heading', { level: 2 })).toHaveText('Papan kecamatan')
  const row = (desa: string) => page.getByTestId(`board-desa-${desa}`)
  await expect(row('SUMBERADI')).toHaveAttribute('data-status', 'imported')
  await expect(row('SUMBERADI')).toHaveAttribute('data-open', '2')
  await expect(row('SUMBERADI')).toContainText('Sudah diimpor')
  await expect(row('SUMBERADI')).toContainText('3 / 3')
  await expect(row('TLOGOADI')).toHaveAttribute('data-status', 'verified')
  await expect(row('TLOGOADI')).toContainText('Tidak ada temuan terbuka')
  await expect(row('SENDANGADI')).toHaveAttribute('data-status', 'not_received')
  await expect(row('SENDANGADI')).toContainText('Belum masuk')
  await expect(page.getByTestId('tile-not_received')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('tile-imported')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('tile-verified')).toHaveAttribute('data-count', '1')
  const chart = page.getByTestId('chart-FIELD_MISMATCH')
  await expect(chart).toHaveAttribute('data-open', '2')
  await expect(chart).toHaveAttribute('data-resolved', '0')
  // The desa's chart says in words what its bars show.
  await expect(row('SUMBERADI').getByRole('group')).toHaveAttribute('aria-label', 'Data berbeda: 2')
  // The colours are explained beside the chart.
  const legend = page.getByTestId('board-legend')
  await expect(legend).toContainText('Galat')
  await expect(legend).toContainText('Sudah selesai')
  await expect(legend).toContainText('Belum masuk')
  await expect(page.getByTestId('board-progress')).toHaveAttribute('aria-valuenow', '0')
  await keepScreenshot(page, testInfo, 'board')
  expect(await axeViolations(page), 'board').toEqual([])

  // Tab reaches the desa's button; Enter opens its review with only its rows.
  await page.getByTestId('board-open-SUMBERADI').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('filter-desa')).toHaveValue('SUMBERADI')
  const grid = page.getByTestId('review-grid')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(3)
  await expect(grid.locator('.ag-cell.cell-mismatch')).toHaveCount(2)
  await keepScreenshot(page, testInfo, 'grid-highlights')

  // J to the first difference, A accepts the village spelling: the panel shows it settled.
  await page.keyboard.press('j')
  const panel = page.getByTestId('row-panel')
  await expect(panel.locator('[data-testid=compare] tr.differs')).not.toHaveCount(0)
  await keepScreenshot(page, testInfo, 'side-panel')
  await page.keyboard.press('a')
  await expect(page.getByTestId('counts')).toHaveAttribute('data-open', '1')

  // Back on the board: Sumberadi is in review, its counts and the kecamatan chart moved.
  await page.getByTestId('tab-board').focus()
  await page.keyboard.press('Enter')
  await expect(row('SUMBERADI')).toHaveAttribute('data-status', 'in_review')
  await expect(row('SUMBERADI')).toHaveAttribute('data-open', '1')
  await expect(chart).toHaveAttribute('data-open', '1')
  await expect(chart).toHaveAttribute('data-resolved', '1')
  await expect(page.getByTestId('board-progress')).toHaveAttribute('aria-valuenow', '50')
  await expect(page.getByTestId('tile-in_review')).toHaveAttribute('data-count', '1')

  // A desa without a file: Enter on its row leads to the import screen.
  await expect(page.getByTestId('board-open-SENDANGADI')).toHaveCount(0)
  await page.getByTestId('board-import-SENDANGADI').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('tab-import')).toHaveAttribute('aria-selected', 'true')
})

test('per-kabupaten settings: the sub-village name follows the kabupaten, the recap prints with its signatories', async ({
  page
}, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi])

  await page.getByTestId('tab-settings').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('sub-village-label')).toHaveValue('dusun')
  await page.getByTestId('kabupaten').focus()
  await page.keyboard.type('Badung')
  // Bali: the part of a village is a banjar.
  await expect(page.getByTestId('sub-village-label')).toHaveValue('banjar')
  await page.getByTestId('sign-title-approved').focus()
  await page.keyboard.press('Control+A')
  await page.keyboard.type('Camat Mengwi')
  await page.getByTestId('sign-name-approved').focus()
  await page.keyboard.type('I Made Suarta')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('notice-success').last()).toContainText('Pengaturan disimpan')

  await page.getByTestId('tab-review').focus()
  await page.keyboard.press('Enter')
  await page.keyboard.press('j')
  await expect(page.getByTestId('row-panel').locator('[data-testid=compare] tr[data-field=dusun] th')).toHaveText('Banjar')

  await page.getByTestId('tab-board').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('print-recap-sheet')).toBeHidden()
  await page.emulateMedia({ media: 'print' })
  const sheet = page.getByTestId('print-recap-sheet')
  await expect(sheet).toBeVisible()
  await expect(page.getByTestId('board-table')).toBeHidden()
  await expect(sheet).toContainText('Kabupaten/Kota Badung')
  await expect(page.getByTestId('signature-approved')).toContainText('Camat Mengwi')
  await expect(page.getByTestId('signature-approved')).toContainText('I Made Suarta')
  await expect(page.getByTestId('signature-prepared')).toContainText('Operator SIKS-NG Kecamatan')
  await keepScreenshot(page, testInfo, 'print-recap')
  await page.emulateMedia({ media: 'screen' })
})

test("board bars are facets: a desa's bar opens its review of that kind, a kecamatan bar that kind in every desa", async ({ page }) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi, f.tlogoadi])
  await page.getByTestId('tab-board').click()

  // Keyboard: Tab reaches the desa's bar (a button named for what it opens); Enter opens it.
  const facet = page.getByTestId('board-facet-SUMBERADI-FIELD_MISMATCH')
  await expect(facet).toHaveAccessibleName('Tinjau Data berbeda di desa SUMBERADI (2 terbuka)')
  await facet.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('filter-desa')).toHaveValue('SUMBERADI')
  await expect(page.getByTestId('filter-code')).toHaveValue('FIELD_MISMATCH')
  await expect(page.getByTestId('review-grid').locator('.ag-cell[col-id=nama]')).toHaveCount(2)

  // A click on the kecamatan chart's bar: that kind, every desa.
  await page.getByTestId('tab-board').click()
  await page.getByTestId('chart-open-FIELD_MISMATCH').click()
  await expect(page.getByTestId('filter-desa')).toHaveValue('all')
  await expect(page.getByTestId('filter-code')).toHaveValue('FIELD_MISMATCH')
  await expect(page.getByTestId('review-grid').locator('.ag-cell[col-id=nama]')).toHaveCount(2)
})
