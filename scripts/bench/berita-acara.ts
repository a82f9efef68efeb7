/**
 * `npm run bench:berita-acara`: what the berita acara of a month costs. A signed package of n
 * changes (realistic values from the fixture generator, 10 desa) is verified and read into the
 * model, then drawn as a PDF; times, PDF bytes and pages.
 *   node out/bench/berita-acara.cjs [--changes 2000,10000]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { verifyEd25519 } from '../../electron/engine-host/key-store'
import { buildBeritaAcara } from '../../shared/engine/outputs/berita-acara'
import { beritaAcaraPdf } from '../../shared/engine/outputs/berita-acara-pdf'
import { monthOfChanges } from '../../test/unit/receiver/helpers/month'
import { makeOffice, sha256 } from '../../test/unit/receiver/helpers/office'
import { arg, ms } from './args'

async function main(): Promise<void> {
  const sizes = arg('changes', '2000,10000').split(',').map(Number)
  const dir = mkdtempSync(join(tmpdir(), 'cermat-bench-ba-'))
  try {
    for (const n of sizes) {
      const office = makeOffice('Mlati')
      const pkg = await office.next(n, { desa: monthOfChanges(n) })
      const settings = {
        id: office.workspaceId,
        kecamatan: 'Mlati',
        kabupaten: 'Sleman',
        signatories: [{ role: 'approved' as const, title: 'Camat Mlati', name: 'Hadi Wibowo', nip: '197001012000031005' }],
        letter: {
          kop: ['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'],
          alamat: '',
          numberPattern: '{nomor}/BA-VERVAL/{bulan}/{tahun}',
          place: 'Mlati'
        }
      }
      let t0 = performance.now()
      const ba = buildBeritaAcara(pkg.bytes, 'paket.zip', settings, '2026-12-07', { sha256, verifyEd25519 })
      const modelMs = ms(t0)
      t0 = performance.now()
      const pdf = await beritaAcaraPdf(ba)
      const pdfMs = ms(t0)
      const file = join(dir, `ba-${n}.pdf`)
      writeFileSync(file, pdf)
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout
      const pages = /Pages:\s+(\d+)/.exec(info)?.[1] ?? '?'
      console.log(
        `berita acara: ${n} changes — verify + model ${modelMs} ms, PDF ${pdfMs} ms, ${Math.round(pdf.length / 1024)} KB, ${pages} pages`
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
