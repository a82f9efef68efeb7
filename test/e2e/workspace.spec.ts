import { cell, expect, test } from './fixtures'

test('demo workspace on first start: filters, tooltip, language, a bad dropped file', async ({ page }) => {
  await expect(page.getByTestId('welcome')).toBeVisible()
  await page.getByTestId('open-demo').click()
  // The demo opens on the kecamatan board, every desa loaded; one click to the review.
  await expect(page.getByTestId('board')).toBeVisible()
  await expect(page.getByTestId('board-desa-TLOGOADI')).toHaveAttribute('data-status', 'imported')
  await page.getByTestId('tab-review').click()
  await expect(page.getByTestId('review-grid')).toBeVisible()
  await expect(page.getByTestId('workspace-name')).toContainText('Mlati')
  const open = Number(await page.getByTestId('counts').getAttribute('data-open'))
  expect(open).toBeGreaterThan(50)

  // Filter by desa: only that desa's rows remain.
  await page.getByTestId('filter-desa').selectOption('TLOGOADI')
  const desaCells = page.locator('[data-testid=review-grid] .ag-row [role=gridcell][col-id=desa]')
  await expect(desaCells.first()).toHaveText('TLOGOADI')
  expect(new Set(await desaCells.allTextContents())).toEqual(new Set(['TLOGOADI']))

  // Search by NIK digits.
  await page.getByTestId('filter-desa').selectOption('all')
  const firstNik = (await page.locator('[data-testid=review-grid] .ag-row [role=gridcell][col-id=nik]').first().textContent())!.trim()
  await page.getByTestId('search').fill(firstNik.slice(0, 12))
  await expect(page.locator('[data-testid=review-grid] .ag-row [role=gridcell][col-id=nik]').first()).toHaveText(firstNik)
  await page.getByTestId('search').fill('')

  // Hovering a conflicting cell shows the finding and the master value.
  await page.getByTestId('filter-code').selectOption('FIELD_MISMATCH')
  const mismatch = page.locator('[data-testid=review-grid] .ag-cell.cell-mismatch').first()
  await mismatch.hover()
  await expect(page.locator('.ag-tooltip')).toContainText('Data induk:')

  // English as second language, everywhere (the finding messages too).
  await page.getByTestId('locale').selectOption('en')
  await expect(page.getByTestId('tab-review')).toContainText('Review findings')
  const rowId = await mismatch.evaluate((c) => c.closest('[role=row]')?.getAttribute('row-id') ?? '')
  await cell(page, rowId, 'nik').click()
  await expect(page.getByTestId('row-panel').locator('[data-testid=finding]').first()).toContainText('differs')

  // A file that is not a spreadsheet, dropped on the import view: a clear message, nothing changes.
  await page.getByTestId('tab-import').click()
  await expect(page.locator('[data-testid=village-table] tbody tr')).toHaveCount(3)
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer()
    dt.items.add(new File([new TextEncoder().encode('%PDF-1.4 bukan lembar kerja')], 'rusak.xlsx'))
    return dt
  })
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer })
  await expect(page.getByTestId('notice-error')).toContainText('rusak.xlsx')
  await expect(page.getByTestId('notice-error')).toContainText('PDF')
  await expect(page.locator('[data-testid=village-table] tbody tr')).toHaveCount(3)
  await page.getByTestId('tab-review').click()
  await expect(page.getByTestId('counts')).toHaveAttribute('data-open', String(open))
})
