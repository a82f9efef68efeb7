import type { WebSocketRoute } from '@playwright/test'

import { expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

const PDF = Buffer.from('%PDF-1.4\n% bukan lembar kerja\n')

test("notices never cover the import's Batal button; several errors are one counted list", async ({ page }, testInfo) => {
  // Holds the village import on its way to the (real) engine, so its task and Batal button stay on
  // screen for as long as the test needs; everything else passes straight through.
  let holding = false
  const held: string[] = []
  let server: WebSocketRoute | null = null
  await page.routeWebSocket(/__cermat\/ws/, (ws) => {
    const toServer = ws.connectToServer()
    server = toServer
    toServer.onMessage((m) => ws.send(m))
    ws.onMessage((m) => {
      const text = String(m)
      if (holding && text.includes('"method":"importVillage"')) held.push(text)
      else toServer.send(text)
    })
  })
  await page.reload()

  const write = inputFolder('notices')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga'
  ])
  const village = write('sumberadi.csv', [
    'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
    'SUMBERADI;3404051205800001;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA'
  ])
  await newWorkspace(page, master)

  holding = true
  await page.getByTestId('village-input').setInputFiles(village)
  const batal = page.getByTestId('task').getByRole('button', { name: 'Batal' })
  await expect(batal).toBeVisible()

  // Five refused files while the import runs: one notice listing them, with their count.
  for (let i = 1; i <= 5; i++)
    await page.getByTestId('master-input').setInputFiles({ name: `rusak-${i}.pdf`, mimeType: 'application/pdf', buffer: PDF })
  const errors = page.getByTestId('notice-errors')
  await expect(errors).toHaveAttribute('data-count', '5')
  await expect(errors).toContainText('5 kesalahan')
  await expect(errors.locator('li')).toHaveCount(5)
  await expect(page.getByTestId('notice-error')).toHaveCount(0)

  // The Batal button (scrolled into view, as a click would) and the notices do not overlap, and the
  // button is what a click there reaches.
  await batal.scrollIntoViewIfNeeded()
  const a = (await batal.boundingBox())!
  const b = (await page.getByTestId('notices').boundingBox())!
  const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
  expect(overlap, `Batal ${JSON.stringify(a)} vs notices ${JSON.stringify(b)}`).toBe(false)
  await batal.click({ trial: true })
  await keepScreenshot(page, testInfo, 'notices-beside-batal')

  // Let the import go on: it lands, and one "dismiss all" clears the error list.
  holding = false
  for (const m of held.splice(0)) server!.send(m)
  await expect(page.getByTestId('village-table').locator('tbody tr')).toHaveCount(1)
  await expect(page.getByTestId('notice-success')).toContainText('sumberadi.csv')
  await errors.getByRole('button', { name: 'Tutup semua kesalahan' }).click()
  await expect(errors).toHaveCount(0)
})
