import { axeViolations, expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

/** Three desa in the master; Sumberadi sends two spelling differences, Tlogoadi a clean file. */
function files() {
  const write = inputFolder('tiles')
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

test('board tiles are facets: a finding tile or a desa-state tile opens the review filtered to it; "Belum masuk" narrows the table', async ({
  page
}) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi, f.tlogoadi])
  await page.getByTestId('tab-board').click()
  const grid = page.getByTestId('review-grid')

  // Keyboard: the open-findings tile is a button named for what it opens; Enter opens it.
  const open = page.getByTestId('tile-finding-open')
  await expect(open).toHaveAttribute('data-count', '2')
  await expect(open).toHaveAccessibleName('2 Temuan terbuka: tinjau di semua desa')
  await open.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('filter-desa')).toHaveValue('all')
  await expect(page.getByTestId('filter-status')).toHaveValue('open')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(2)

  // Settle one: the resolved tile counts it and opens only the settled row.
  await page.keyboard.press('j')
  await page.keyboard.press('a')
  await expect(page.getByTestId('counts')).toHaveAttribute('data-open', '1')
  await page.getByTestId('tab-board').click()
  await expect(page.getByTestId('tile-finding-resolved')).toHaveAttribute('data-count', '1')
  await page.getByTestId('tile-finding-resolved').click()
  await expect(page.getByTestId('filter-status')).toHaveValue('resolved')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(1)

  // A severity tile: open findings of that severity in every desa.
  await page.getByTestId('tab-board').click()
  await expect(page.getByTestId('tile-finding-warning')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('tile-finding-error')).toHaveAttribute('data-count', '0')
  await page.getByTestId('tile-finding-warning').click()
  await expect(page.getByTestId('filter-severity')).toHaveValue('warning')
  await expect(page.getByTestId('filter-status')).toHaveValue('open')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(1)

  // A desa-state tile toggles: pressed, the table shows only the desa in that state; again, all.
  await page.getByTestId('tab-board').click()
  const notReceived = page.getByTestId('tile-not_received')
  await expect(notReceived).toHaveAccessibleName('1 Belum masuk: tampilkan hanya desa dalam keadaan ini di tabel')
  await notReceived.focus()
  await page.keyboard.press('Enter')
  await expect(notReceived).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('board-table').locator('tbody tr')).toHaveCount(1)
  await expect(page.getByTestId('board-desa-SENDANGADI')).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(notReceived).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('board-table').locator('tbody tr')).toHaveCount(3)

  // A state with rows: Sumberadi is in review (one finding decided), Tlogoadi verified (nothing open).
  // Keyboard: the tile says what it opens, Enter opens the review of every desa in that state.
  await expect(page.getByTestId('board-legend-states')).toContainText('Sedang ditinjau sebagian temuan sudah diputuskan')
  const inReview = page.getByTestId('tile-in_review')
  await expect(inReview).toHaveAttribute('data-count', '1')
  await expect(inReview).toHaveAccessibleName('1 Sedang ditinjau: tinjau desa dalam keadaan ini')
  await inReview.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('filter-desa')).toHaveValue('state:in_review')
  await expect(page.getByTestId('filter-desa').locator('option:checked')).toHaveText('Semua desa Sedang ditinjau (1 desa)')
  await expect(page.getByTestId('filter-status')).toHaveValue('all')
  const desaCells = grid.locator('.ag-row .ag-cell[col-id=desa]')
  await expect(grid.locator('.ag-row .ag-cell[col-id=nama]')).toHaveCount(3)
  await expect(desaCells.filter({ hasNotText: 'SUMBERADI' })).toHaveCount(0)

  await page.getByTestId('tab-board').click()
  await page.getByTestId('tile-verified').click()
  await expect(page.getByTestId('filter-desa')).toHaveValue('state:verified')
  await expect(grid.locator('.ag-row .ag-cell[col-id=nama]')).toHaveCount(1)
  await expect(grid.locator('.ag-row .ag-cell[col-id=nama]')).toHaveText('WAGIMAN')
  // Back to one desa from the same filter: the state is dropped.
  await page.getByTestId('filter-desa').selectOption('SUMBERADI')
  await expect(grid.locator('.ag-row .ag-cell[col-id=nama]')).toHaveCount(3)
  expect(await axeViolations(page), 'review filtered to a desa state').toEqual([])
})

test('first run asks for kecamatan, kabupaten and operator before the board; saved, the board shows them', async ({ page }, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi])
  await page.getByTestId('tab-board').click()

  const form = page.getByTestId('first-run')
  await expect(form).toBeVisible()
  // Never the folder name as a guess: the kecamatan starts empty.
  await expect(page.getByTestId('first-run-kecamatan')).toHaveValue('')
  expect(await axeViolations(page), 'first-run form').toEqual([])
  await keepScreenshot(page, testInfo, 'first-run')

  await page.getByTestId('first-run-kecamatan').fill('Mengwi')
  await page.getByTestId('first-run-kabupaten').fill('Badung')
  // Bali: the part of a village is a banjar, as in Settings.
  await expect(page.getByTestId('first-run-sub-village')).toHaveValue('banjar')
  await page.getByTestId('first-run-operator').fill('Ni Luh Putu')
  await page.getByTestId('first-run-operator').press('Enter')

  await expect(page.getByTestId('notice-success').last()).toContainText('Pengaturan disimpan')
  await expect(form).toHaveCount(0)
  await expect(page.getByTestId('board').getByRole('heading', { level: 2 })).toHaveText('Papan Kecamatan Mengwi')

  // The same values in Settings: saved in the workspace, not only on screen.
  await page.getByTestId('tab-settings').click()
  await expect(page.getByTestId('kabupaten')).toHaveValue('Badung')
  await expect(page.getByTestId('operator')).toHaveValue('Ni Luh Putu')
  await expect(page.getByTestId('sub-village-label')).toHaveValue('banjar')
})

test('first run put off with "Nanti saja": the board reminds, after a restart too, and links to Settings', async ({ page }) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi])
  await page.getByTestId('tab-board').click()

  await page.getByTestId('first-run-later').click()
  await expect(page.getByTestId('first-run')).toHaveCount(0)
  const reminder = page.getByTestId('first-run-reminder')
  await expect(reminder).toContainText('belum diisi')
  // Still put off after another tab: the operator said so, the board does not ask again this session.
  await page.getByTestId('tab-review').click()
  await page.getByTestId('tab-board').click()
  await expect(reminder).toBeVisible()
  // Kept across a restart of the page: the operator is not asked again at every start.
  await page.reload()
  await page.getByTestId('tab-board').click()
  await expect(reminder).toBeVisible()
  await expect(page.getByTestId('first-run')).toHaveCount(0)
  await reminder.getByRole('button', { name: 'Isi di Pengaturan' }).click()
  await expect(page.getByTestId('settings-view')).toBeVisible()
})

test('dark theme follows the OS: board and review screenshots, no serious accessibility violations in either theme', async ({
  page
}, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.sumberadi, f.tlogoadi])
  await page.getByTestId('tab-board').click()
  await expect(page.getByTestId('board-table')).toBeVisible()
  expect(await axeViolations(page), 'board, light').toEqual([])

  await page.emulateMedia({ colorScheme: 'dark' })
  // The page's own background changes with the OS setting (not only a class we set).
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(17, 25, 22)')
  await keepScreenshot(page, testInfo, 'board-dark')
  expect(await axeViolations(page), 'board, dark').toEqual([])

  await page.getByTestId('tile-finding-open').click()
  await expect(page.getByTestId('review-grid').locator('.ag-cell[col-id=nama]')).toHaveCount(2)
  await keepScreenshot(page, testInfo, 'review-dark')
  expect(await axeViolations(page), 'review, dark').toEqual([])
  await page.emulateMedia({ colorScheme: 'light' })
})
