/**
 * The receiver's page in Chromium, on a real PostgreSQL: packages per kecamatan and month, a
 * cross-kecamatan conflict (a NIK removed in one kecamatan and added in another), and the Excel
 * export per desa with NIKs as text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import * as XLSX from 'xlsx'

import { acceptPackage } from '../../receiver/accept'
import { migrate, openPool, type Pool } from '../../receiver/db'
import { type DevPostgres, startDevPostgres } from '../../receiver/dev-postgres'
import { type DinasKey, loadOrCreateDinasKey } from '../../receiver/dinas-key'
import { enrolKey } from '../../receiver/registry'
import { type RunningReceiver, startReceiver } from '../../receiver/server'
import { makeOffice, syntheticChanges } from '../unit/receiver/helpers/office'

const NIK = '3404064512900003'
let pg: DevPostgres
let pool: Pool
let receiver: RunningReceiver
let key: DinasKey
const tmp = mkdtempSync(join(tmpdir(), 'cermat-e2e-receiver-'))

test.beforeAll(async () => {
  pg = await startDevPostgres()
  pool = openPool(pg.url)
  await migrate(pool)
  key = await loadOrCreateDinasKey(join(tmp, 'dinas-key.pem'))
  receiver = await startReceiver({ pool, dataDir: join(tmp, 'receiver'), key, port: 0 })
  const mlati = makeOffice('Mlati')
  const gamping = makeOffice('Gamping')
  for (const o of [mlati, gamping]) await enrolKey(pool, { publicKey: o.publicKey, kecamatan: o.kecamatan })
  const removed = syntheticChanges(12, 1)
  Object.assign(removed[0]!.rows[0]!, { jenis: 'HAPUS', nik: NIK })
  const added = syntheticChanges(9, 2)
  Object.assign(added[0]!.rows[0]!, { jenis: 'BARU', nik: NIK })
  for (const [office, desa] of [
    [mlati, removed],
    [gamping, added]
  ] as const) {
    // Upload is tested in test/unit/receiver; here the packages go straight to acceptance.
    const p = await office.next(0, { desa })
    const r = await acceptPackage(pool, p.bytes, { key, receiverName: 'Dinas Sosial' })
    if (r.status !== 'accepted') throw new Error(r.reason)
  }
})

test.afterAll(async () => {
  await receiver?.close()
  await pool?.end()
  await pg?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

test('the Dinas page shows packages per kecamatan, the cross-kecamatan conflict, and exports a desa to Excel', async ({ page }) => {
  await page.goto(receiver.url)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('paket yang diterima')
  const months = page.getByRole('table', { name: 'Paket per kecamatan dan bulan' })
  await expect(months.getByRole('row')).toHaveCount(3)
  await expect(months.getByRole('row', { name: /Mlati .* 1 12/ })).toBeVisible()
  await expect(months.getByRole('row', { name: /Gamping .* 1 9/ })).toBeVisible()

  const conflicts = page.getByRole('table', { name: 'NIK yang diubah oleh lebih dari satu kecamatan' })
  const conflict = conflicts.getByRole('row', { name: new RegExp(NIK) })
  await expect(conflict).toContainText(/Gamping \([A-Z]+\): BARU/)
  await expect(conflict).toContainText(/Mlati \([A-Z]+\): HAPUS/)

  const desaTable = page.getByRole('table', { name: 'Perubahan per desa (Excel untuk SIKS-NG)' })
  const firstMlati = desaTable.getByRole('row', { name: /^Mlati / }).first()
  const desa = (await firstMlati.getByRole('cell').nth(1).textContent()) ?? ''
  const count = Number(await firstMlati.getByRole('cell').nth(2).textContent())
  const download = page.waitForEvent('download')
  await firstMlati.getByRole('link', { name: `Excel ${desa}` }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe(`perubahan-mlati-${desa.toLowerCase()}.xlsx`)
  const book = XLSX.read(readFileSync(await file.path()), { type: 'buffer' })
  const sheet = book.Sheets[book.SheetNames[0]!]!
  const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false })
  expect(rows[0]?.slice(0, 4)).toEqual(['Kecamatan', 'Desa', 'Jenis', 'NIK'])
  expect(rows).toHaveLength(count + 1)
  // NIK cells are text: all 16 digits kept.
  expect(sheet.D2?.t).toBe('s')
  expect(String(sheet.D2?.v)).toMatch(/^\d{16}$/)

  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
})
