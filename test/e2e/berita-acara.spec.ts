import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { unzipSync } from 'fflate'

import { axeViolations, expect, keepScreenshot, newWorkspace, test } from './fixtures'

const ROOT = resolve(__dirname, '../..')
const DEMO = join(ROOT, 'resources/demo')

test('after an export the berita acara is saved as a PDF holding the package hash and every NIK, and prints', async ({
  page,
  app
}, testInfo) => {
  const village = readdirSync(join(DEMO, 'desa'))
    .filter((f) => /\.(xlsx|csv)$/.test(f))
    .sort()[0]!
  await newWorkspace(page, join(DEMO, 'master-dtsen.xlsx'), [join(DEMO, 'desa', village)])

  // The letter settings of the kabupaten and the camat's NIP.
  await page.getByTestId('tab-settings').click()
  await page.getByTestId('kabupaten').fill('Sleman')
  await page.getByTestId('letter-kop').fill('PEMERINTAH KABUPATEN SLEMAN\nKECAMATAN MLATI')
  await page.getByTestId('letter-alamat').fill('Jl. Magelang Km 9, Sleman 55285')
  await page.getByTestId('letter-number').fill('400.9/{nomor}/BA/{bulan}/{tahun}')
  await page.getByTestId('sign-name-approved').fill('Hadi Wibowo')
  await page.getByTestId('sign-nip-approved').fill('197001012000031005')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('notice-success').last()).toContainText('Pengaturan disimpan')

  // One decided change: a data difference accepted from the village.
  await page.getByTestId('tab-review').click()
  await page.getByTestId('filter-code').selectOption('FIELD_MISMATCH')
  await page.getByTestId('review-grid').locator('.ag-cell.cell-mismatch').first().click()
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
  await expect(page.getByTestId('ba-number')).toContainText('400.9/1/BA/')
  await page.getByTestId('ba-save-pdf').click()
  await expect(page.getByTestId('notice-success').last()).toContainText('Berita acara disimpan')
  expect(await axeViolations(page)).toEqual([])
  await keepScreenshot(page, testInfo, 'berita-acara-export')

  const files = readdirSync(app.dirs.exports)
  const zip = new Uint8Array(
    readFileSync(
      join(
        app.dirs.exports,
        files.find((f) => f.endsWith('.zip'))!
      )
    )
  )
  const pdf = join(
    app.dirs.exports,
    files.find((f) => f.endsWith('.pdf'))!
  )
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout
  const sha = createHash('sha256').update(zip).digest('hex')
  expect(text).toContain(sha)
  expect(text).toContain('KECAMATAN MLATI')
  expect(text).toContain('NIP. 197001012000031005')
  const entries = unzipSync(zip)
  const niks = Object.keys(entries)
    .filter((n) => n.startsWith('perubahan'))
    .flatMap((n) => {
      const [header, ...lines] = new TextDecoder().decode(entries[n]).split('\r\n')
      const at = header!.split(',').indexOf('nik')
      return lines.filter(Boolean).map((line) => line.split(',')[at]!.replaceAll('"', ''))
    })
  expect(niks.length).toBeGreaterThan(0)
  for (const nik of niks) expect(text).toContain(nik)

  // Cetak prints the same document: on paper the export screen gives way to the berita acara.
  await page.evaluate(() => {
    const w = window as unknown as { printed: number }
    w.printed = 0
    window.print = () => void w.printed++
  })
  await page.getByTestId('ba-print').click()
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
  const sheet = page.getByTestId('print-ba-sheet')
  await expect(sheet).toBeHidden()
  await page.emulateMedia({ media: 'print' })
  await expect(sheet).toBeVisible()
  await expect(page.getByTestId('export-view')).toBeHidden()
  await expect(sheet).toContainText(sha)
  for (const nik of niks) await expect(sheet).toContainText(nik)
  await expect(sheet).toContainText('NIP. 197001012000031005')
  await keepScreenshot(page, testInfo, 'berita-acara-print')
  await page.emulateMedia({ media: 'screen' })
})
