/** `cermat berita-acara` as users run it: the built bin, on a workspace exported from the CLI. */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'

import { Engine } from '../../../shared/engine/engine'
import { passphraseDisk } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'
import { packageCsv } from '../helpers/package-csv'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const villages = readdirSync(join(DEMO, 'desa'))
  .sort()
  .map((f) => join(DEMO, 'desa', f))
const tmp = mkdtempSync(join(tmpdir(), 'cermat-ba-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cermat(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CERMAT_HOME: join(tmp, 'home'), CERMAT_PASSPHRASE: 'frasa sandi uji', ...env }
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('cermat berita-acara', () => {
  it('writes the PDF of an exported package with its hash and every NIK, and refuses a changed package', async () => {
    const ws = join(tmp, 'ws')
    expect(cermat(['import', '--workspace', ws, '--master', join(DEMO, 'master-dtsen.xlsx'), ...villages]).code).toBe(0)
    const engine = await Engine.open({ ...(await testPorts()), storage: await passphraseDisk(ws) })
    // Rows without an open error: the export gate would hold their changes back.
    const mismatches = (await engine.rows())
      .filter((r) => r.findings.every((f) => f.severity !== 'error'))
      .flatMap((r) => r.findings.filter((f) => f.code === 'FIELD_MISMATCH'))
    for (const f of mismatches.slice(0, 3)) await engine.resolveFinding({ findingKey: f.key, action: 'accept_village' })
    await engine.updateSettings({
      kabupaten: 'Sleman',
      signatories: [{ role: 'approved', title: 'Camat Mlati', name: 'Hadi Wibowo', nip: '197001012000031005' }]
    })
    await engine.close()
    const pkg = join(tmp, 'paket.zip')
    expect(cermat(['export', '--workspace', ws, '--out', pkg]).code).toBe(0)

    const pdf = join(tmp, 'ba.pdf')
    const run = cermat(['berita-acara', '--workspace', ws, '--package', pkg, '--out', pdf, '--date', '2026-12-07'])
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const zip = new Uint8Array(readFileSync(pkg))
    const hash = createHash('sha256').update(zip).digest('hex')
    expect(run.out).toContain(hash)
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout
    expect(text).toContain(hash)
    expect(text).toContain('1/BA-VERVAL/XII/2026')
    expect(text).toContain('PEMERINTAH KABUPATEN SLEMAN')
    expect(text).toContain('NIP. 197001012000031005')
    const files = unzipSync(zip)
    const niks = packageCsv(zip)
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(',')[1]!.replaceAll('"', ''))
    expect(niks).toHaveLength(3)
    for (const nik of niks) expect(text).toContain(nik)

    const csvName = Object.keys(files).find((n) => n.endsWith('.csv'))!
    const tampered = join(tmp, 'diubah.zip')
    writeFileSync(
      tampered,
      zipSync({ ...files, [csvName]: strToU8(new TextDecoder().decode(files[csvName]).replace(',UBAH,', ',HAPUS,')) })
    )
    const refused = cermat(['berita-acara', '--workspace', ws, '--package', tampered, '--out', join(tmp, 'x.pdf')])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('Paket tidak sah')
    expect(cermat(['berita-acara', '--workspace', ws, '--out', pdf]).code).toBe(2)
    expect(cermat(['berita-acara', '--workspace', ws, '--package', pkg, '--out', pdf, '--date', '2026-02-30']).code).toBe(2)
  })
})
