import type { WebSocketRoute } from '@playwright/test'

import { expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

/** A village file big enough that the engine is still at work when the cancel reaches it. */
function bigVillage(n: number): string[] {
  const lines = ['DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK']
  for (let i = 0; i < n; i++) {
    const seq = String(100000 + i)
    lines.push(`SUMBERADI;34040512058${seq};34040512011${seq};WARGA ${i};L;12-05-1980;KEPALA KELUARGA`)
  }
  return lines
}

test('a cancelled import is said as cancelled (not as a failure) and loads nothing', async ({ page }, testInfo) => {
  // Holds the import until its Batal is clicked, and the cancel until the engine has started the
  // import (its first progress event): the cancel then meets a running task, whatever the machine's speed.
  let holding = false
  const heldImport: string[] = []
  const heldCancel: string[] = []
  let started = false
  let server: WebSocketRoute | null = null
  await page.routeWebSocket(/__cermat\/ws/, (ws) => {
    const toServer = ws.connectToServer()
    server = toServer
    toServer.onMessage((m) => {
      const text = String(m)
      if (text.includes('"kind":"progress"') && text.includes('"phase":"read"')) started = true
      ws.send(m)
    })
    ws.onMessage((m) => {
      const text = String(m)
      if (holding && text.includes('"method":"importVillage"')) heldImport.push(text)
      else if (holding && text.includes('"method":"cancelTask"')) heldCancel.push(text)
      else toServer.send(text)
    })
  })
  await page.reload()

  const write = inputFolder('cancel')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga'
  ])
  const village = write('sumberadi.csv', bigVillage(5000))
  await newWorkspace(page, master)

  holding = true
  await page.getByTestId('village-input').setInputFiles(village)
  await page.getByTestId('task').getByRole('button', { name: 'Batal' }).click()
  await expect.poll(() => heldCancel.length).toBe(1)
  for (const m of heldImport.splice(0)) server!.send(m)
  await expect.poll(() => started).toBe(true)
  holding = false
  for (const m of heldCancel.splice(0)) server!.send(m)

  // Said as what the operator asked for: an info notice naming the file, no error, nothing loaded.
  await expect(page.getByTestId('notice-info')).toContainText('Impor dibatalkan: sumberadi.csv tidak dimuat.')
  await expect(page.getByTestId('notice-error')).toHaveCount(0)
  await expect(page.getByTestId('notice-errors')).toHaveCount(0)
  await expect(page.getByTestId('task')).toHaveCount(0)
  await expect(page.getByTestId('village-table').locator('tbody tr')).toHaveCount(0)
  await keepScreenshot(page, testInfo, 'import-cancelled')
})
