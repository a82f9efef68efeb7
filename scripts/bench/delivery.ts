/**
 * `npm run bench:delivery` (and in `npm run bench`): what a month of a kecamatan costs to send.
 * Package bytes for ~2,000 changes (realistic values from the fixture generator; target ≤ 60 KB),
 * bytes per change, and the upload time through the flaky-link proxy throttled to 64 kbit/s
 * (with 100 ms latency), to a real receiver on a throwaway PostgreSQL.
 *   node out/bench/delivery.cjs [--changes 2000] [--kbit 64] [--chunk 65536]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { sendPackage } from '../../electron/cli/send'
import { migrate, openPool } from '../../receiver/db'
import { startDevPostgres } from '../../receiver/dev-postgres'
import { loadOrCreateDinasKey } from '../../receiver/dinas-key'
import { enrolKey } from '../../receiver/registry'
import { startReceiver } from '../../receiver/server'
import { monthOfChanges } from '../../test/unit/receiver/helpers/month'
import { makeOffice } from '../../test/unit/receiver/helpers/office'
import { startProxy } from '../../test/unit/receiver/helpers/proxy'
import { arg, ms } from './args'

async function main(): Promise<void> {
  const changes = Number(arg('changes', '2000'))
  const kbit = Number(arg('kbit', '64'))
  const chunk = Number(arg('chunk', String(64 * 1024)))
  const office = makeOffice('Mlati')
  const pkg = await office.next(changes, { desa: monthOfChanges(changes) })
  const kb = pkg.bytes.length / 1024
  console.log(
    `Paket ${changes} perubahan: ${pkg.bytes.length} byte (${kb.toFixed(1)} KB; target ≤ 60 KB ${kb <= 60 ? 'tercapai' : 'TIDAK tercapai'}), ${(pkg.bytes.length / changes).toFixed(1)} byte per perubahan`
  )

  const tmp = mkdtempSync(join(tmpdir(), 'cermat-bench-delivery-'))
  const pg = await startDevPostgres()
  const pool = openPool(pg.url)
  try {
    await migrate(pool)
    await enrolKey(pool, { publicKey: office.publicKey, kecamatan: 'Mlati' })
    const receiver = await startReceiver({
      pool,
      dataDir: join(tmp, 'receiver'),
      key: await loadOrCreateDinasKey(join(tmp, 'dinas-key.pem')),
      port: 0
    })
    const proxy = await startProxy(receiver, { bitsPerSecond: kbit * 1000, latencyMs: 100 })
    const path = join(tmp, 'paket.zip')
    writeFileSync(path, pkg.bytes)
    const t = performance.now()
    const r = await sendPackage({ packagePath: path, to: proxy.url, chunkSize: chunk, log: () => {} })
    const took = ms(t)
    if (r.code !== 0) throw new Error(`send failed: ${r.reason}`)
    console.log(
      `Unggah lewat tautan ${kbit} kbit/s (latensi 100 ms, potongan ${chunk} byte): ${(took / 1000).toFixed(1)} s sampai tanda terima; ${proxy.stats.upstreamBytes} byte naik, ${proxy.stats.connections} koneksi`
    )
    await proxy.close()
    await receiver.close()
  } finally {
    await pool.end()
    await pg.stop()
    rmSync(tmp, { recursive: true, force: true })
  }
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
