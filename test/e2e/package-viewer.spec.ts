import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { unzipSync, zipSync } from 'fflate'

import { FINDING_CODES } from '../../shared/domain/findings'
import { axeViolations, expect, keepScreenshot, newWorkspace, test } from './fixtures'

const DEMO = join(resolve(__dirname, '../..'), 'resources/demo')

async function workspaceWithDemo(page: Parameters<typeof newWorkspace>[0]): Promise<void> {
  const village = readdirSync(join(DEMO, 'desa'))
    .filter((f) => /\.(xlsx|csv)$/.test(f))
    .sort()[0]!
  await newWorkspace(page, join(DEMO, 'master-dtsen.xlsx'), [join(DEMO, 'desa', village)])
  await page.getByTestId('tab-review').click()
  await page.getByTestId('filter-code').selectOption('FIELD_MISMATCH')
  await page.getByTestId('review-grid').locator('.ag-cell.cell-mismatch').first().click()
}

test('the package viewer says SAH for an exported package and lists its changes; TIDAK SAH naming the CSV with one byte changed', async ({
  page,
  app
}, testInfo) => {
  await workspaceWithDemo(page)
  await page
    .getByTestId('row-panel')
    .locator('[data-testid=finding][data-code=FIELD_MISMATCH][data-status=open] button[data-action=accept_village]')
    .first()
    .click()
  await expect(
    page.getByTestId('row-panel').locator('[data-testid=finding][data-code=FIELD_MISMATCH][data-status=resolved]').first()
  ).toBeVisible()
  await page.getByTestId('tab-export').click()
  await page.getByTestId('export-button').click()
  await expect(page.getByTestId('export-result')).toBeVisible()

  const zipName = readdirSync(app.dirs.exports).find((f) => f.endsWith('.zip'))!
  const zip = new Uint8Array(readFileSync(join(app.dirs.exports, zipName)))
  const entries = unzipSync(zip)
  const csv = Object.keys(entries).find((n) => n.startsWith('perubahan'))!
  const [header, first] = new TextDecoder().decode(entries[csv]).split('\r\n')
  const nik = first!.split(',')[header!.split(',').indexOf('nik')]!.replaceAll('"', '')

  await page
    .getByTestId('open-package-input')
    .setInputFiles({ name: 'paket-mlati-1.cermat', mimeType: 'application/zip', buffer: Buffer.from(zip) })
  const viewer = page.getByTestId('package-viewer')
  await expect(page.getByTestId('viewer-verdict')).toContainText('SAH: tanda tangan dan isi paket utuh')
  await expect(page.getByTestId('viewer-key-id')).toHaveText(/^[0-9a-f]{16}$/)
  await expect(page.getByTestId('viewer-seq')).toHaveText('1')
  await expect(page.getByTestId('viewer-changes').locator('td.id-cell', { hasText: nik })).toBeVisible()
  // NIK never wrapped: one line high.
  const cell = page.getByTestId('viewer-changes').locator('td.id-cell').first()
  expect(await cell.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap')
  expect(await axeViolations(page)).toEqual([])
  await keepScreenshot(page, testInfo, 'package-viewer-valid')
  await page.getByTestId('viewer-close').click()
  await expect(viewer).toHaveCount(0)

  const bytes = entries[csv]!.slice()
  const at = bytes.length - 3
  bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31
  const tampered = zipSync({ ...entries, [csv]: bytes })
  await page
    .getByTestId('open-package-input')
    .setInputFiles({ name: 'paket-rusak.cermat', mimeType: 'application/zip', buffer: Buffer.from(tampered) })
  await expect(page.getByTestId('viewer-verdict')).toContainText('TIDAK SAH')
  await expect(page.getByTestId('viewer-verdict')).toContainText(csv)
  await expect(page.getByTestId('viewer-changes')).toHaveCount(0)
  expect(await axeViolations(page)).toEqual([])
  await keepScreenshot(page, testInfo, 'package-viewer-tampered')
})

test('the help lists every finding code with severity, meaning and action, and "?" beside a finding opens it at that code', async ({
  page
}, testInfo) => {
  await workspaceWithDemo(page)
  await page
    .getByTestId('row-panel')
    .locator('[data-testid=finding][data-code=FIELD_MISMATCH] [data-testid=finding-help-q]')
    .first()
    .click()
  const help = page.getByTestId('finding-help')
  await expect(help).toBeVisible()
  await expect(help.getByTestId('help-FIELD_MISMATCH')).toHaveClass(/help-current/)
  for (const code of FINDING_CODES) {
    const row = help.getByTestId(`help-${code}`)
    await expect(row).toContainText(code)
    await expect(row.locator('td')).toHaveCount(3)
  }
  expect(await axeViolations(page)).toEqual([])
  await keepScreenshot(page, testInfo, 'finding-help')
  await page.keyboard.press('Escape')
  await expect(help).toHaveCount(0)
  await page.getByTestId('open-finding-help').click()
  await expect(help.getByTestId('help-DATE_INVALID')).toContainText('Tanggal tidak sah')
})
