import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import * as XLSX from 'xlsx'

import { expect, keepScreenshot, test } from './fixtures'

/**
 * The demo's Sumberadi file as another office would send it: a misspelt name header, a header the
 * importer does not know ("CATATAN MUSDES" for the meeting's remarks), one changed row.
 */
function resentSumberadi(): Buffer {
  const wb = XLSX.readFile(join(__dirname, '../../resources/demo/desa/musdes-sumberadi-2026-11.xlsx'))
  const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false, defval: '' })
  const header = rows[4]!
  header[header.indexOf('NAMA LENGKAP')] = 'NAMA LENGKPA'
  header[header.indexOf('KETERANGAN')] = 'CATATAN RAPAT'
  rows[5]![3] = 'YUDI HARIYANTO'
  const out = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(out, XLSX.utils.aoa_to_sheet(rows), 'HASIL MUSDES')
  return Buffer.from(XLSX.write(out, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array)
}

test('mapping screen: a guessed header, the operator maps a column, replaces the old file, saves a template; the import report', async ({
  page
}, testInfo) => {
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('board')).toBeVisible()
  await page.getByTestId('tab-import').click()
  await page.getByTestId('village-input').setInputFiles({
    name: 'sumberadi-kirim-ulang.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: resentSumberadi()
  })

  // The importer guessed the name column: the mapping screen opens and says so.
  const mapping = page.getByTestId('mapping-view')
  await expect(mapping).toBeVisible()
  await expect(mapping).toContainText('SUMBERADI')
  await expect(page.getByTestId('map-target-D')).toHaveValue('nama')
  // Two guesses: the misspelt name header, and the remarks column from its values (MENINGGAL, PINDAH …).
  await expect(mapping.locator('th').filter({ hasText: 'tebakan' })).toHaveCount(2)
  await expect(page.getByTestId('import-warnings').locator('[data-code=HEADER_GUESSED]').first()).toContainText('NAMA LENGKPA')
  // The preview shows values as they will be stored: the first person's name, dates as read.
  await expect(page.getByTestId('mapping-table').locator('tbody tr').first()).toContainText('YUDI HARIYANTO')
  await expect(page.getByTestId('import-coercions').locator('[data-kind=date_text]')).toBeVisible()

  // A guess is never used silently: the Import button waits until each is confirmed or changed, and says so.
  await expect(page.getByTestId('map-confirm')).toBeDisabled()
  await expect(page.getByTestId('map-blocked')).toContainText('kolom D, M masih tebakan')
  // The remarks column's header names nothing; its values suggest the musdes result, which the operator confirms.
  await expect(page.getByTestId('map-target-M')).toHaveValue('keterangan')
  await page.getByTestId('map-target-M').selectOption('')
  await page.getByTestId('map-target-M').selectOption('keterangan')
  await expect(page.getByTestId('map-target-M')).toHaveValue('keterangan')
  await expect(mapping.locator('th').filter({ hasText: 'pilihan Anda' }).first()).toBeVisible()
  // Choosing M answered M only: the misspelt name header is still a guess until confirmed as it is.
  await expect(page.getByTestId('map-blocked')).toContainText('kolom D masih tebakan')
  await expect(mapping.locator('th').filter({ hasText: /tebakan \d+%/ })).toHaveCount(1)
  await page.getByTestId('map-confirm-guess-D').click()
  await expect(page.getByTestId('map-blocked')).toBeHidden()
  await expect(mapping.locator('th').filter({ hasText: /tebakan \d+%/ })).toHaveCount(0)

  // The desa already has a file: replace it, and save this layout for next month.
  await expect(page.getByTestId('map-existing')).toContainText('musdes-sumberadi-2026-11.xlsx')
  await page.getByTestId('map-replace').check()
  await page.getByTestId('map-save-template').check()
  await page.getByTestId('map-template-name').fill('Format Sumberadi')
  await keepScreenshot(page, testInfo, 'mapping-screen')
  await page.getByTestId('map-confirm').click()

  // The import report: what was read, what was noticed, what was changed on the way in.
  const report = page.getByTestId('import-report')
  await expect(report).toBeVisible()
  await expect(report).toContainText('sumberadi-kirim-ulang.xlsx')
  await expect(report.locator('[data-code=REPLACED]')).toContainText('musdes-sumberadi-2026-11.xlsx')
  await expect(report.getByTestId('import-coercions')).toBeVisible()
  const villages = page.locator('[data-testid=village-table] tbody tr')
  await expect(villages).toHaveCount(3)
  await expect(page.getByTestId('village-table')).toContainText('sumberadi-kirim-ulang.xlsx')
  await expect(page.getByTestId('village-table')).not.toContainText('musdes-sumberadi-2026-11.xlsx')

  // Next time the same layout comes in, the saved template maps it without guessing.
  const again = resentSumberadi()
  const wb = XLSX.read(again)
  const ws = wb.Sheets[wb.SheetNames[0]!]!
  ws['D7'] = { t: 's', v: 'WIJAYANTI ASTUTIK' }
  await page.getByTestId('village-input').setInputFiles({
    name: 'sumberadi-desember.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array)
  })
  await expect(mapping).toBeVisible()
  await expect(mapping).toContainText('Format Sumberadi')
  await expect(page.getByTestId('map-target-M')).toHaveValue('keterangan')
  await expect(mapping.locator('th').filter({ hasText: 'tebakan' })).toHaveCount(0)
  await page.getByTestId('map-cancel').click()
  await expect(mapping).toBeHidden()
  await expect(villages).toHaveCount(3)
  await expect(page.getByTestId('village-table')).toContainText('sumberadi-kirim-ulang.xlsx')

  // Beside each row, what the file said where Cermat stored something else.
  await page.getByTestId('tab-review').click()
  await page.getByTestId('filter-desa').selectOption('SUMBERADI')
  await page.locator('[data-testid=review-grid] .ag-row [role=gridcell][col-id=nama]').first().click()
  await expect(page.getByTestId('row-coercions').locator('[data-kind=date_text]')).toContainText('/')
})

test('a file the importer reads confidently is imported without the mapping screen, unless asked', async ({ page }) => {
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('board')).toBeVisible()
  await page.getByTestId('tab-import').click()
  const csv = readFileSync(join(__dirname, '../../resources/demo/desa/musdes-tirtoadi-2026-11.csv'))
  // Same bytes as the demo's file: recognised, nothing changes.
  await page.getByTestId('village-input').setInputFiles({ name: 'tirtoadi-lagi.csv', mimeType: 'text/csv', buffer: csv })
  await expect(page.getByTestId('notice-info')).toContainText('tirtoadi-lagi.csv')
  await expect(page.getByTestId('mapping-view')).toBeHidden()
  // Asked to always show the mapping: it opens even for a clean file.
  await page.getByTestId('always-map').check()
  await page
    .getByTestId('village-input')
    .setInputFiles({ name: 'tirtoadi-baru.csv', mimeType: 'text/csv', buffer: Buffer.concat([csv, Buffer.from('\n')]) })
  await expect(page.getByTestId('mapping-view')).toBeVisible()
  await expect(page.getByTestId('map-target-B')).toHaveValue('no_kk')
  await expect(page.getByTestId('map-target-C')).toHaveValue('nik')
  await page.getByTestId('map-add').check()
  await page.getByTestId('map-confirm').click()
  await expect(page.locator('[data-testid=village-table] tbody tr')).toHaveCount(4)
})
