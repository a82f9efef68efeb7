import { expect, inputFolder, newWorkspace, test } from './fixtures'

function files() {
  const write = inputFolder('undo')
  return {
    master: write('induk.csv', [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
      'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
      'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami'
    ]),
    village: write('sumberadi.csv', [
      'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
      'SUMBERADI;3404051205800001;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA',
      'SUMBERADI;3404055708850002;3404051201100001;SITI AMINA;P;17-08-1985;ISTRI'
    ])
  }
}

test('undo and redo with Ctrl+Z / Ctrl+Y, across a reload and a reopened workspace; the counts follow; the panel shows family and history; the column layout is remembered', async ({
  page
}) => {
  const f = files()
  await newWorkspace(page, f.master, [f.village])
  await page.getByTestId('tab-review').click()

  const counts = page.getByTestId('counts')
  await expect(counts).toHaveAttribute('data-open', '1')
  await expect(page.getByTestId('undo')).toBeDisabled()

  // Accept the name the village wrote; the header names what Ctrl+Z would undo.
  await page.getByTestId('review-grid').locator('.ag-cell.cell-mismatch').first().click()
  await page.getByTestId('row-panel').locator('[data-testid=finding][data-code=FIELD_MISMATCH] button[data-action=accept_village]').click()
  await expect(counts).toHaveAttribute('data-open', '0')
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /Batalkan "Terima data desa": SITI AMINA \(sumberadi\.csv baris 3\)/)

  // The side panel shows the family on the same KK and the row's history.
  const panel = page.getByTestId('row-panel')
  await expect(panel.getByTestId('family')).toContainText('SUPARMAN')
  await expect(panel.getByTestId('family')).toContainText('Keluarga di KK 3404051201100001 (2 orang)')
  await expect(panel.getByTestId('history')).toContainText('Terima data desa')

  await page.locator('body').press('Control+z')
  await expect(counts).toHaveAttribute('data-open', '1')
  await expect(panel.getByTestId('history')).toContainText('Dibatalkan')
  await page.locator('body').press('Control+y')
  await expect(counts).toHaveAttribute('data-open', '0')

  // The operator's column layout: sort by name with the keyboard (Enter on the header), widen NIK.
  const header = (col: string) => page.getByTestId('review-grid').locator(`[role=columnheader][col-id=${col}]`)
  await header('nama').focus()
  await page.keyboard.press('Enter')
  await expect(header('nama')).toHaveAttribute('aria-sort', 'ascending')
  const nikWidth = (await header('nik').boundingBox())!.width
  const handle = (await header('nik').locator('.ag-header-cell-resize').boundingBox())!
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2)
  await page.mouse.down()
  await page.mouse.move(handle.x + 80, handle.y + handle.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect.poll(async () => (await header('nik').boundingBox())!.width).toBeGreaterThan(nikWidth + 60)

  // The undo history is in the workspace: a reload of the window keeps it…
  await page.reload()
  await page.getByTestId('tab-review').click()
  await expect(counts).toHaveAttribute('data-open', '0')
  // …and the column layout is this PC's: still sorted by name, NIK still wide.
  await expect(header('nama')).toHaveAttribute('aria-sort', 'ascending')
  expect((await header('nik').boundingBox())!.width).toBeGreaterThan(nikWidth + 60)
  await page.locator('body').press('Control+z')
  await expect(counts).toHaveAttribute('data-open', '1')

  // …and so does closing the workspace and opening it again.
  await page.getByRole('button', { name: 'Tutup ruang kerja' }).click()
  await page.locator('.recent button').first().click()
  await page.getByTestId('tab-review').click()
  await expect(counts).toHaveAttribute('data-open', '1')
  await expect(page.getByTestId('redo')).toBeEnabled()
  await page.locator('body').press('Control+Shift+z')
  await expect(counts).toHaveAttribute('data-open', '0')
})
