import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { cell, expect, keepScreenshot, test } from './fixtures'

const ROOT = resolve(__dirname, '../..')
const DEMO = join(ROOT, 'resources/demo')

test('village file → highlighted conflicts → edit, resolve → signed package that verifies', async ({ page, app }, testInfo) => {
  const villages = readdirSync(join(DEMO, 'desa'))
    .filter((f) => /\.(xlsx|csv)$/.test(f))
    .sort()
    .slice(0, 2)
    .map((f) => join(DEMO, 'desa', f))
  expect(villages).toHaveLength(2)

  // A new workspace (the test host's folder dialog answers with a fresh folder).
  await page.getByTestId('create-workspace').click()
  await expect(page.getByTestId('import-view')).toBeVisible()

  await page.getByTestId('master-input').setInputFiles(join(DEMO, 'master-dtsen.xlsx'))
  await expect(page.getByTestId('master-status')).toContainText('master-dtsen.xlsx')
  await page.getByTestId('village-input').setInputFiles(villages)
  await expect(page.locator('[data-testid=village-table] tbody tr')).toHaveCount(2)

  await page.getByTestId('tab-review').click()
  const grid = page.getByTestId('review-grid')
  const openBefore = Number(await page.getByTestId('counts').getAttribute('data-open'))
  expect(openBefore).toBeGreaterThan(0)

  // Each kind of conflict is highlighted in its own colour; filters bring the rows to the top.
  await page.getByTestId('filter-code').selectOption('NIK_INVALID_FORMAT')
  await expect(grid.locator('.ag-cell[col-id=nik].cell-error').first()).toBeVisible()
  await page.getByTestId('filter-code').selectOption('NEW_RECORD')
  await expect(grid.locator('.ag-cell[col-id=nik].cell-new').first()).toBeVisible()
  await page.getByTestId('filter-code').selectOption('MISSING_FROM_VILLAGE')
  await expect(grid.locator('.ag-row.row-missing').first()).toBeVisible()
  await page.getByTestId('filter-code').selectOption('any')
  await expect(grid.locator('.ag-cell.cell-error').first()).toBeVisible()
  await expect(grid.locator('.ag-cell.cell-mismatch').first()).toBeVisible()
  await grid.locator('.ag-cell.cell-mismatch').first().click()
  await expect(page.getByTestId('row-panel').locator('[data-testid=compare] tr.differs')).not.toHaveCount(0)
  await keepScreenshot(page, testInfo, 'review-screen')

  // Only data differences: the rows to work on.
  await page.getByTestId('filter-code').selectOption('FIELD_MISMATCH')

  const mismatches = await grid
    .locator('.ag-cell.cell-mismatch')
    .evaluateAll((cells) =>
      cells.map((c) => ({ row: c.closest('[role=row]')?.getAttribute('row-id') ?? '', col: c.getAttribute('col-id') ?? '' }))
    )
  const distinct = [...new Map(mismatches.map((m) => [m.row, m])).values()]
  expect(distinct.length).toBeGreaterThanOrEqual(2)
  const [edit, accept] = distinct as [{ row: string; col: string }, { row: string; col: string }]

  // Edit: type the master's value into the village cell; the conflict disappears.
  await cell(page, edit.row, edit.col).click()
  const panel = page.getByTestId('row-panel')
  const masterValue = (await panel.locator(`[data-testid=compare] tr[data-field=${edit.col}] td`).nth(1).textContent())?.trim() ?? ''
  expect(masterValue).not.toBe('')
  await cell(page, edit.row, edit.col).dblclick()
  const editor = page.getByTestId('cell-editor')
  await editor.fill(masterValue)
  await editor.press('Enter')
  await expect(cell(page, edit.row, edit.col)).toHaveText(masterValue)
  await expect(cell(page, edit.row, edit.col)).not.toHaveClass(/cell-mismatch/)
  await expect(page.getByTestId('counts')).toHaveAttribute('data-open', String(openBefore - 1))
  const audit = await panel.textContent()
  expect(audit).not.toContain(`"${masterValue}", data induk "${masterValue}"`)

  // Resolve: accept the village's value; the finding is resolved and the count goes down again.
  await cell(page, accept.row, accept.col).click()
  await panel
    .locator('[data-testid=finding][data-code=FIELD_MISMATCH][data-status=open] button[data-action=accept_village]')
    .first()
    .click()
  await expect(panel.locator('[data-testid=finding][data-code=FIELD_MISMATCH][data-status=resolved]').first()).toBeVisible()
  await expect(page.getByTestId('counts')).toHaveAttribute('data-open', String(openBefore - 2))
  // The mismatch highlight is gone (another, still open finding of the same cell may colour it).
  await expect(cell(page, accept.row, accept.col)).not.toHaveClass(/cell-mismatch/)

  // Export a signed package and check it with `cermat verify`.
  await page.getByTestId('tab-export').click()
  await expect(page.getByTestId('export-button')).toBeEnabled()
  await page.getByTestId('export-button').click()
  await expect(page.getByTestId('export-result')).toBeVisible()
  const packages = readdirSync(app.dirs.exports).filter((f) => f.endsWith('.zip'))
  expect(packages).toHaveLength(1)
  const pkg = join(app.dirs.exports, packages[0]!)
  expect(existsSync(pkg)).toBe(true)
  const verify = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), 'verify', pkg], { encoding: 'utf8' })
  expect(verify.stdout).toContain('SAH')
  expect(verify.status).toBe(0)

  // Nothing new since package 1: the screen says so, and re-sending everything is the operator's choice.
  await expect(page.getByTestId('export-since')).toContainText('sejak paket 1')
  await expect(page.getByTestId('export-none')).toContainText('Tidak ada perubahan baru sejak paket 1')
  await expect(page.getByTestId('export-button')).toBeDisabled()
  await page.getByTestId('export-all').check()
  await expect(page.getByTestId('export-button')).toBeEnabled()
  await page.getByTestId('export-all').uncheck()
  await expect(page.getByTestId('export-button')).toBeDisabled()

  // The board says which desa went out in that package.
  await page.getByTestId('tab-board').click()
  await expect(page.getByTestId('tile-exported')).not.toHaveAttribute('data-count', '0')
  await expect(page.locator('[data-testid^=board-desa-][data-status=exported]').first()).toContainText('Sudah dikirim')
})
