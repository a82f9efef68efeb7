import { join } from 'node:path'

import * as XLSX from 'xlsx'

import { axeViolations, expect, keepScreenshot, test } from './fixtures'

/** The demo master's people of one desa: [NIK, NO KK, NAMA, JENIS KELAMIN]. */
function masterPeople(desa: string, n: number): string[][] {
  const wb = XLSX.readFile(join(__dirname, '../../resources/demo/master-dtsen.xlsx'))
  const rows = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets[wb.SheetNames[0]!]!, { raw: false, defval: '' })
  return rows
    .filter((r) => r['NAMA DESA'] === desa)
    .slice(0, n)
    .map((r) => [r['NIK']!, r['NO KK']!, r['NAMA']!, r['JENIS KELAMIN']!])
}

const csv = (lines: string[][]) => Buffer.from(lines.map((l) => l.join(';')).join('\n'))

test('evidence that disagrees: the chooser shows it in words, the operator picks another desa, the file goes in under that desa', async ({
  page
}, testInfo) => {
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('board')).toBeVisible()
  await page.getByTestId('tab-import').click()
  // Named after Tlogoadi, but every NIK is a Tirtoadi master person.
  await page.getByTestId('village-input').setInputFiles({
    name: 'musdes-tlogoadi-desember.csv',
    mimeType: 'text/csv',
    buffer: csv([['NO', 'NIK', 'NO KK', 'NAMA', 'JENIS KELAMIN'], ...masterPeople('TIRTOADI', 5).map((p, i) => [String(i + 1), ...p])])
  })

  const chooser = page.getByTestId('desa-chooser')
  await expect(chooser).toBeVisible()
  await expect(page.getByTestId('desa-status')).toContainText('Cermat mengusulkan desa TIRTOADI')
  await expect(page.getByTestId('desa-status')).toContainText('tidak sepakat')
  const evidence = page.getByTestId('desa-evidence').locator('li')
  await expect(evidence).toHaveCount(2)
  await expect(evidence.nth(0)).toContainText('NIK yang cocok dengan penduduk induk desa TIRTOADI: 5 dari 5 (100 %)')
  await expect(evidence.nth(1)).toContainText('nama file "musdes-tlogoadi-desember.csv"')
  await expect(evidence.nth(1)).toContainText('bertentangan')
  // Not importable until answered, and the page says why.
  await expect(page.getByTestId('map-confirm')).toBeDisabled()
  await expect(page.getByTestId('map-blocked')).toContainText('bukti desa tidak sepakat')
  expect(await axeViolations(page), 'mapping screen with the desa chooser').toEqual([])
  await keepScreenshot(page, testInfo, 'desa-chooser-conflict')

  // Type to filter, pick, use.
  await page.getByTestId('desa-filter').fill('tlogo')
  await expect(page.getByTestId('desa-select').locator('option')).toHaveCount(2)
  await page.getByTestId('desa-select').selectOption('TLOGOADI')
  await page.getByTestId('desa-use').click()
  await expect(page.getByTestId('desa-status')).toContainText('Dipilih: desa TLOGOADI')
  // The evidence stays in view; the desa's own file is now the one it would join or replace.
  await expect(evidence).toHaveCount(2)
  await expect(page.getByTestId('map-existing')).toContainText('musdes-tlogoadi-2026-11.xlsx')
  await expect(page.getByTestId('map-blocked')).toBeHidden()
  await page.getByTestId('map-add').check()
  await page.getByTestId('map-confirm').click()

  await expect(page.getByTestId('import-report')).toContainText('desa TLOGOADI')
  const row = page.locator('[data-testid=village-table] tbody tr').filter({ hasText: 'musdes-tlogoadi-desember.csv' })
  await expect(row.locator('td').nth(1)).toHaveText('TLOGOADI')
})

test('a file with no evidence of its desa must be given one, by keyboard, before it can be imported', async ({ page }, testInfo) => {
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('board')).toBeVisible()
  await page.getByTestId('tab-import').click()
  // New people only (not in the master), no desa column, title, code or name anywhere.
  await page.getByTestId('village-input').setInputFiles({
    name: 'data-baru.csv',
    mimeType: 'text/csv',
    buffer: csv([
      ['NIK', 'NAMA', 'JENIS KELAMIN'],
      ['3404064101990001', 'ORANG BARU SATU', 'P'],
      ['3404060202980002', 'ORANG BARU DUA', 'L'],
      ['3404060303970003', 'ORANG BARU TIGA', 'L']
    ])
  })

  await expect(page.getByTestId('desa-chooser')).toBeVisible()
  await expect(page.getByTestId('desa-status')).toContainText('tidak dapat menentukan desa')
  await expect(page.getByTestId('desa-no-evidence')).toBeVisible()
  await expect(page.getByTestId('desa-confirm')).toHaveCount(0)
  await expect(page.getByTestId('map-confirm')).toBeDisabled()
  await expect(page.getByTestId('map-blocked')).toContainText('pilih desa file ini')
  await keepScreenshot(page, testInfo, 'desa-chooser-unknown')

  // Keyboard only: type to filter, move to the list, choose, move to the button, press it.
  await page.getByTestId('desa-filter').focus()
  await page.keyboard.type('sumber')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('desa-select')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('desa-select')).toHaveValue('SUMBERADI')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('desa-use')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('desa-status')).toContainText('Dipilih: desa SUMBERADI')

  await page.getByTestId('map-add').check()
  await expect(page.getByTestId('map-confirm')).toBeEnabled()
  await page.getByTestId('map-confirm').click()
  const row = page.locator('[data-testid=village-table] tbody tr').filter({ hasText: 'data-baru.csv' })
  await expect(row.locator('td').nth(1)).toHaveText('SUMBERADI')
})
