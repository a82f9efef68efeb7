import { axeViolations as violations, expect, inputFolder, newWorkspace, test } from './fixtures'

function files() {
  const write = inputFolder('a11y')
  return {
    master: write('induk.csv', [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
      'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
      'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami'
    ]),
    village: write('sumberadi.csv', [
      'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
      'SUMBERADI;3404051205800007;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA',
      'SUMBERADI;3404055708850002;3404051201100001;SITI AMINA;P;17-08-1985;ISTRI'
    ])
  }
}

test('no serious accessibility violations on the welcome, import and review screens, the row panel, a tooltip and the help sheet', async ({
  page
}) => {
  expect(await violations(page), 'welcome').toEqual([])
  const f = files()
  await newWorkspace(page, f.master, [f.village])
  expect(await violations(page), 'import').toEqual([])

  await page.getByTestId('tab-review').click()
  await page.getByTestId('review-grid').locator('.ag-cell.cell-mismatch').first().click()
  await expect(page.getByTestId('row-panel').locator('[data-testid=finding]').first()).toBeVisible()
  expect(await violations(page), 'review with row panel').toEqual([])
  // A cell's tooltip (the finding and the master value) must be readable too. The mouse comes onto
  // the cell from elsewhere: it is still over the clicked cell, whose tooltip ag-grid hides after its
  // tooltipHideDelay (10 s, less than an axe pass on a busy machine) and shows again only on a new
  // mouseenter.
  await page.mouse.move(5, 5)
  await page.getByTestId('review-grid').locator('.ag-cell.cell-mismatch').first().hover()
  await expect(page.locator('.ag-tooltip')).toBeVisible()
  expect(await violations(page), 'tooltip').toEqual([])

  await page.locator('body').press('?')
  await expect(page.getByRole('dialog', { name: 'Pintasan keyboard' })).toBeVisible()
  expect(await violations(page), 'help sheet').toEqual([])
})
