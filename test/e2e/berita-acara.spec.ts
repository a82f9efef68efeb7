import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

import type { Page } from '@playwright/test'
import { unzipSync } from 'fflate'

import { acceptOneAndExport, axeViolations, expect, keepScreenshot, newWorkspace, test } from './fixtures'

const ROOT = resolve(__dirname, '../..')
const DEMO = join(ROOT, 'resources/demo')

/** window.print counts instead of opening the print dialog. */
async function countPrints(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { printed: number }
    w.printed = 0
    window.print = () => void w.printed++
  })
  return () => page.evaluate(() => (window as unknown as { printed: number }).printed)
}

const pdfText = (path: string) => spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout

/** A workspace of the demo with letter settings and one decided change, exported as a package. */
async function exportOnePackage(page: Page): Promise<void> {
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
  await acceptOneAndExport(page)
}

test('after an export the berita acara is saved as a PDF holding the package hash and every NIK, and prints', async ({
  page,
  app
}, testInfo) => {
  await exportOnePackage(page)
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
  const text = pdfText(pdf)
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
  const printed = await countPrints(page)
  await page.getByTestId('ba-print').click()
  await expect.poll(printed).toBe(1)
  const sheet = page.getByTestId('print-ba-sheet')
  await expect(sheet).toBeHidden()
  await page.emulateMedia({ media: 'print' })
  await expect(sheet).toBeVisible()
  await expect(page.getByTestId('export-view')).toBeHidden()
  await expect(sheet).toContainText(sha)
  for (const nik of niks) await expect(sheet).toContainText(nik)
  await expect(sheet).toContainText('NIP. 197001012000031005')
  await expect(sheet.getByTestId('ba-whole-ids')).toContainText('NIK dicetak utuh')
  await keepScreenshot(page, testInfo, 'berita-acara-print')
  await page.emulateMedia({ media: 'screen' })
})

test('the berita acara of an earlier package: from the export list after a restart, with its moved file chosen again, and from the package viewer', async ({
  page,
  app
}, testInfo) => {
  await exportOnePackage(page)
  const zipName = readdirSync(app.dirs.exports).find((f) => f.endsWith('.zip'))!
  const sha = createHash('sha256')
    .update(readFileSync(join(app.dirs.exports, zipName)))
    .digest('hex')

  // A new session: the export screen no longer holds the last package, its list does.
  await page.reload()
  await page.getByTestId('tab-export').click()
  await expect(page.getByTestId('export-result')).toHaveCount(0)
  const row = page.getByTestId('package-1')
  await expect(row).toContainText(zipName)
  await page.getByRole('button', { name: 'Berita acara (PDF) paket ke-1' }).click()
  const pdfs = () => readdirSync(app.dirs.exports).filter((f) => f.endsWith('.pdf'))
  await expect.poll(pdfs).toHaveLength(1)
  const pdf = pdfs()[0]!
  expect(pdfText(join(app.dirs.exports, pdf))).toContain(sha)
  rmSync(join(app.dirs.exports, pdf))
  expect(await axeViolations(page), 'export screen with the package list').toEqual([])

  // The package file was moved: said with its number and name, and the operator chooses it.
  const moved = join(app.dirs.exports, 'arsip')
  mkdirSync(moved)
  renameSync(join(app.dirs.exports, zipName), join(moved, zipName))
  const printed = await countPrints(page)
  await page.getByTestId('package-ba-print-1').click()
  await expect(page.getByTestId('notice-error').last()).toContainText(`File paket ke-1 (${zipName}) tidak ditemukan di PC ini`)
  expect(await printed()).toBe(0)
  await page.getByTestId('package-choose-1').setInputFiles(join(moved, zipName))
  await expect(page.getByTestId('notice-info').last()).toContainText(`File paket dipakai: ${zipName}`)
  await expect(page.getByTestId('package-choose-1')).toHaveCount(0)
  await page.getByTestId('package-ba-print-1').click()
  await expect.poll(printed).toBe(1)
  await page.emulateMedia({ media: 'print' })
  const sheet = page.getByTestId('print-ba-sheet')
  await expect(sheet).toBeVisible()
  await expect(sheet).toContainText(sha)
  await expect(page.getByTestId('package-list')).toBeHidden()
  await page.emulateMedia({ media: 'screen' })

  // The package viewer: the same document for a package opened from a file.
  await page.getByTestId('open-package-input').setInputFiles(join(moved, zipName))
  const viewer = page.getByTestId('package-viewer')
  await expect(viewer.getByTestId('viewer-verdict')).toContainText('SAH: tanda tangan')
  // The notice of the first PDF may still be up: the new file is what says this one is saved.
  await viewer.getByTestId('viewer-ba-pdf').click()
  await expect.poll(pdfs).toHaveLength(1)
  const fromViewer = pdfs()[0]!
  expect(pdfText(join(app.dirs.exports, fromViewer))).toContain(sha)
  await viewer.getByTestId('viewer-ba-print').click()
  await expect.poll(printed).toBe(2)
  await page.emulateMedia({ media: 'print' })
  const viewerSheet = viewer.getByTestId('print-ba-sheet')
  await expect(viewerSheet).toBeVisible()
  await expect(viewerSheet).toContainText(sha)
  await expect(viewer.getByTestId('viewer-verdict')).toBeHidden()
  await expect(page.getByTestId('export-view')).toBeHidden()
  await keepScreenshot(page, testInfo, 'berita-acara-from-viewer-print')
  await page.emulateMedia({ media: 'screen' })
  expect(await axeViolations(page), 'package viewer with its berita acara').toEqual([])
})
