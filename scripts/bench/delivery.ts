/**
 * `npm run bench:delivery` (and in `npm run bench`): what a month of a kecamatan costs to send.
 * Package bytes for ~2,000 changes (realistic values from the fixture generator, with the audit
 * entries behind them; target ≤ 60 KB) in format 1 and format 2, bytes per change, what each
 * entry of format 2 costs inside the zip, and the upload time of both through the flaky-link
 * proxy throttled to 64 kbit/s (with 100 ms latency), to a real receiver on a throwaway PostgreSQL.
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

/** Each entry's inflated and stored (deflated) size, from the zip's central directory. */
function zipEntries(zip: Uint8Array): { name: string; inflated: number; deflated: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const out = []
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue
    const nameLength = view.getUint16(i + 28, true)
    out.push({
      name: new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength)),
      deflated: view.getUint32(i + 20, true),
      inflated: view.getUint32(i + 24, true)
    })
    i += 45 + nameLength
  }
  return out
}

async function main(): Promise<void> {
  const changes = Number(arg('changes', '2000'))
  const kbit = Number(arg('kbit', '64'))
  const chunk = Number(arg('chunk', String(64 * 1024)))
  const desa = monthOfChanges(changes)
  const packages = []
  for (const format of [1, 2] as const) {
    const office = makeOffice('Mlati')
    const pkg = await office.next(changes, { desa, format })
    const kb = pkg.bytes.length / 1024
    console.log(
      `Format ${format}, paket ${changes} perubahan: ${pkg.bytes.length} byte (${kb.toFixed(1)} KB; target ≤ 60 KB ${kb <= 60 ? 'tercapai' : 'TIDAK tercapai'}), ${(pkg.bytes.length / changes).toFixed(1)} byte per perubahan`
    )
    for (const e of zipEntries(pkg.bytes)) console.log(`  ${e.name}: ${e.inflated} byte, ${e.deflated} byte terkompresi`)
    packages.push({ format, office, pkg })
  }

  const tmp = mkdtempSync(join(tmpdir(), 'cermat-bench-delivery-'))
  const pg = await startDevPostgres()
  const pool = openPool(pg.url)
  try {
    await migrate(pool)
    for (const { office } of packages) await enrolKey(pool, { publicKey: office.publicKey, kecamatan: 'Mlati' })
    const receiver = await startReceiver({
      pool,
      dataDir: join(tmp, 'receiver'),
      key: await loadOrCreateDinasKey(join(tmp, 'dinas-key.pem')),
      port: 0
    })
    for (const { format, pkg } of packages) {
      const proxy = await startProxy(receiver, { bitsPerSecond: kbit * 1000, latencyMs: 100 })
      const path = join(tmp, `paket-${format}.zip`)
      writeFileSync(path, pkg.bytes)
      const t = performance.now()
      const r = await sendPackage({ packagePath: path, to: proxy.url, chunkSize: chunk, log: () => {} })
      const took = ms(t)
      if (r.code !== 0) throw new Error(`send failed: ${r.reason}`)
      console.log(
        `Format ${format}: unggah lewat tautan ${kbit} kbit/s (latensi 100 ms, potongan ${chunk} byte): ${(took / 1000).toFixed(1)} s sampai tanda terima; ${proxy.stats.upstreamBytes} byte naik, ${proxy.stats.connections} koneksi`
      )
      await proxy.close()
    }
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
