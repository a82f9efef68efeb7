import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'

import { acceptOneAndExport, axeViolations, expect, newWorkspace, test } from './fixtures'

const DEMO = join(resolve(__dirname, '../..'), 'resources/demo')

test('the camat approves an exported package in the viewer with a key made in the app; the viewer and the export screen list it; an edited approval is TIDAK SAH', async ({
  page,
  app
}) => {
  const village = readdirSync(join(DEMO, 'desa'))
    .filter((f) => /\.(xlsx|csv)$/.test(f))
    .sort()[0]!
  await newWorkspace(page, join(DEMO, 'master-dtsen.xlsx'), [join(DEMO, 'desa', village)])
  await acceptOneAndExport(page)

  // The package this PC saved, opened from the export screen: not approved yet.
  await page.getByTestId('export-approve').click()
  const viewer = page.getByTestId('package-viewer')
  await expect(page.getByTestId('viewer-verdict')).toContainText('SAH: tanda tangan dan isi paket utuh')
  await expect(page.getByTestId('viewer-approvals')).toContainText('Belum ada persetujuan')

  // The approver's own key, made once under the passphrase they type.
  await page.getByTestId('viewer-approve-open').click()
  await expect(page.getByTestId('viewer-new-key')).toBeVisible()
  await page.getByTestId('viewer-key-pass').fill('frasa sandi camat')
  await page.getByTestId('viewer-key-pass2').fill('frasa sandi camat')
  await page.getByTestId('viewer-create-key').click()
  await expect(page.getByTestId('viewer-approver-key')).toContainText(/Kunci penyetuju PC ini: [0-9a-f]{16}/)

  await page.getByTestId('viewer-approve-role').selectOption('camat')
  await page.getByTestId('viewer-approve-name').fill('Drs. SUGENG')
  await page.getByTestId('viewer-approve-nip').fill('196801011990031001')
  await page.getByTestId('viewer-approve-pass').fill('frasa sandi camat')
  expect(await axeViolations(page)).toEqual([])
  await page.getByTestId('viewer-approve-submit').click()
  await expect(page.getByTestId('viewer-approvals')).toContainText('Camat Drs. SUGENG, disetujui')
  await expect(page.getByTestId('viewer-approvals')).toContainText('NIP 196801011990031001')
  await expect(page.getByTestId('viewer-verdict')).toContainText('SAH')
  await page.getByTestId('viewer-close').click()
  await expect(viewer).toHaveCount(0)
  await expect(page.getByTestId('export-approved')).toContainText('Camat Drs. SUGENG')
  // After a restart the export list opens the saved file as it is now, approval included.
  await page.reload()
  await page.getByTestId('tab-export').click()
  await page.getByTestId('package-open-1').click()
  await expect(page.getByTestId('viewer-approvals')).toContainText('Camat Drs. SUGENG, disetujui')
  await page.getByTestId('viewer-close').click()

  // The approved file on disk (written in place), its approval edited: refused as forged.
  const zipName = readdirSync(app.dirs.exports).find((f) => f.endsWith('.zip'))!
  const entries = unzipSync(new Uint8Array(readFileSync(join(app.dirs.exports, zipName))))
  expect(Object.keys(entries)).toContain('persetujuan/1.json')
  const statement = strFromU8(entries['persetujuan/1.json']!)
  const edited = zipSync({ ...entries, 'persetujuan/1.json': strToU8(statement.replace('Drs. SUGENG', 'Drs. SUGENK')) })
  await page
    .getByTestId('open-package-input')
    .setInputFiles({ name: 'paket-disunting.zip', mimeType: 'application/zip', buffer: Buffer.from(edited) })
  await expect(page.getByTestId('viewer-verdict')).toContainText('TIDAK SAH')
  await expect(page.getByTestId('viewer-verdict')).toContainText('persetujuan ke-1')
  await expect(page.getByTestId('viewer-approve-open')).toHaveCount(0)
})
