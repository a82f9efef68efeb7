/**
 * Sending from the app in Chromium, through the test host, to a real receiver on a real
 * PostgreSQL: an exported package waits for the network while the receiver is down, goes when it
 * comes up, shows the Dinas's receipt time on the Kirim screen and the board; a receipt file off a
 * USB stick is imported (here the same receipt again: recorded once).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { unzipSync } from 'fflate'

import { migrate, openPool, type Pool } from '../../receiver/db'
import { type DevPostgres, freePort, startDevPostgres } from '../../receiver/dev-postgres'
import { type DinasKey, loadOrCreateDinasKey } from '../../receiver/dinas-key'
import { enrolKey } from '../../receiver/registry'
import { type RunningReceiver, startReceiver } from '../../receiver/server'
import { acceptOneAndExport, axeViolations, expect, keepScreenshot, newWorkspace, test } from './fixtures'

const DEMO = join(resolve(__dirname, '../..'), 'resources/demo')
let pg: DevPostgres
let pool: Pool
let key: DinasKey
let receiver: RunningReceiver | null = null
const tmp = mkdtempSync(join(tmpdir(), 'cermat-e2e-kirim-'))

test.beforeAll(async () => {
  pg = await startDevPostgres()
  pool = openPool(pg.url)
  await migrate(pool)
  key = await loadOrCreateDinasKey(join(tmp, 'dinas-key.pem'))
})

test.afterAll(async () => {
  await receiver?.close()
  await pool?.end()
  await pg?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

test('a package waits for the network, goes when the receiver is up, and the receipt shows on the Kirim screen and the board', async ({
  page,
  app
}, testInfo) => {
  const village = readdirSync(join(DEMO, 'desa'))
    .filter((f) => /\.(xlsx|csv)$/.test(f))
    .sort()[0]!
  await newWorkspace(page, join(DEMO, 'master-dtsen.xlsx'), [join(DEMO, 'desa', village)])
  const port = await freePort()

  // The receiver's address, set on the Kirim screen (nothing listens there yet).
  await page.getByTestId('tab-kirim').click()
  await expect(page.getByTestId('kirim-empty')).toBeVisible()
  await page.getByTestId('receiver-url').fill(`http://127.0.0.1:${port}`)
  // Receipts are not pinned until the Dinas key is set: said on the screen; the key file pins it.
  await expect(page.getByTestId('receiver-not-pinned')).toContainText('belum dicocokkan dengan kunci Dinas')
  const keyFile = join(tmp, 'kunci-dinas.txt')
  writeFileSync(keyFile, `Kunci tanda terima Dinas: ${key.keyId} (${key.publicKey})\n`)
  await page.getByTestId('receiver-key-file').setInputFiles(keyFile)
  await expect(page.getByTestId('receiver-key')).toHaveValue(key.publicKey)
  await page.getByTestId('receiver-save').click()
  await expect(page.getByTestId('notice-success').last()).toContainText('Pengaturan disimpan')
  await expect(page.getByTestId('receiver-not-pinned')).toHaveCount(0)

  // One decided change, exported, then sent.
  await acceptOneAndExport(page)
  const zipName = readdirSync(app.dirs.exports).find((f) => f.endsWith('.zip'))!
  await page.getByTestId('send-to-dinas').click()

  const row = page.getByTestId(`kirim-${zipName}`)
  await expect(row).toHaveAttribute('data-state', 'offline')
  await expect(row.getByTestId('kirim-state')).toHaveText('Menunggu jaringan')
  await expect(row.getByTestId('kirim-error')).toContainText('unggahan terputus')
  expect(await axeViolations(page)).toEqual([])

  // The Dinas enrols this office's key (read from the package, as the operator would read it out) and starts its receiver.
  const manifest = JSON.parse(
    new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(join(app.dirs.exports, zipName))))['manifest.json'])
  ) as { kecamatan: string; signer: { publicKey: string } }
  await enrolKey(pool, { publicKey: manifest.signer.publicKey, kecamatan: manifest.kecamatan || null })
  receiver = await startReceiver({ pool, dataDir: join(tmp, 'receiver'), key, port, name: 'Dinas Sosial Sleman' })

  await expect(row).toHaveAttribute('data-state', 'received')
  await expect(row.getByTestId('kirim-state')).toHaveText('Diterima Dinas')
  await expect(row.getByTestId('kirim-received')).toContainText('paket ke-1')
  await keepScreenshot(page, testInfo, 'kirim-diterima')
  const stored = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM packages')
  expect(stored.rows[0]!.n).toBe(1)

  // The board: the desa's package is received, with the receipt's time.
  await page.getByTestId('tab-board').click()
  await expect(page.locator('[data-testid=board-delivery][data-delivery=received]').first()).toContainText('Diterima Dinas')

  // A receipt file (as from a USB stick): valid, already recorded.
  await page.getByTestId('tab-kirim').click()
  const receiptFile = readdirSync(join(app.dirs.workspace, 'kirim')).find((f) => f.endsWith('.tanda-terima.json'))!
  await page.getByTestId('receipt-file').setInputFiles(join(app.dirs.workspace, 'kirim', receiptFile))
  await expect(page.getByTestId('receipt-imported')).toContainText('paket ke-1 sah; sudah dicatat sebelumnya')
  expect(await axeViolations(page)).toEqual([])
})
