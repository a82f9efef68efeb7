import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { EngineClient } from '../../../electron/engine-host/client'
import { createHostHandlers, KEYRING_FILE } from '../../../electron/engine-host/host'
import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import type { Signer } from '../../../shared/engine/ports'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')
const tmp = mkdtempSync(join(tmpdir(), 'cermat-view-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let zip: Uint8Array
let publicKey: string
let keyId: string

beforeAll(async () => {
  const { privateKey, publicKey: pub } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(pub)
  publicKey = Buffer.from(raw).toString('base64')
  keyId = keyIdOf(raw)
  const signer: Signer = { identity: async () => ({ publicKey, keyId }), sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
  const { engine } = await openEngine()
  await engine.updateSettings({ kecamatan: 'Mlati' })
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const row = (await engine.rows()).find((r) => r.rowNo === 6)!
  await engine.resolveFinding({ findingKey: row.findings[0]!.key, action: 'accept_village' })
  await engine.exportPackage(['SUMBERADI'], signer, async (bytes, name) => {
    zip = bytes
    return { fileName: name, location: `/tmp/${name}` }
  })
})

/** The host as main builds it; the viewer never calls the engine, so none is needed here. */
function host(userDataDir: string, opened: string | null = null) {
  let pending = opened
  return createHostHandlers({
    engine: {} as EngineClient,
    dialogs: { chooseFolder: async () => null, saveFile: async () => null },
    userDataDir,
    demoDir: tmp,
    appVersion: '0.0.0-test',
    platform: 'linux',
    locale: 'id',
    osProtector: null,
    now: () => new Date('2026-12-06T10:00:00Z'),
    takeOpenedPackage: () => {
      const p = pending
      pending = null
      return p
    }
  })
}

function userData(name: string, keyring?: string): string {
  const dir = mkdtempSync(join(tmp, `${name}-`))
  if (keyring !== undefined) writeFileSync(join(dir, KEYRING_FILE), keyring)
  return dir
}

describe('viewPackage (host)', () => {
  it('says SAH and lists the package: key id computed from the key, counts, desa, every change with its NIK', async () => {
    const view = await host(userData('plain')).viewPackage({ fileName: 'paket-mlati-1.cermat', bytes: zip })
    expect(view).toMatchObject({ valid: true, reason: null, keyId, sha256: sha256(zip), keyringUsed: false, trusted: false })
    expect(view.detail).toMatchObject({ kecamatan: 'Mlati', seq: 1, previousSha256: null })
    expect(view.detail!.counts.total).toBe(view.detail!.changes.length)
    expect(view.detail!.changes.length).toBeGreaterThan(0)
    expect(view.detail!.desa.map((d) => d.desa)).toEqual(['SUMBERADI'])
    for (const c of view.detail!.changes) expect(c.nik).toMatch(/^\d{16}$/)
  })

  it('says TIDAK SAH naming the CSV whose one byte changed, and shows nothing of it', async () => {
    const entries = unzipSync(zip)
    const csv = Object.keys(entries).find((n) => n.endsWith('.csv'))!
    const bytes = entries[csv]!.slice()
    bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x31 ? 0x32 : 0x31
    const tampered = zipSync({ ...entries, [csv]: bytes })
    const view = await host(userData('tampered')).viewPackage({ fileName: 'paket.cermat', bytes: tampered })
    expect(view.valid).toBe(false)
    expect(view.code).toBe('DAMAGED')
    expect(view.reason).toContain(csv)
    expect(view.detail).toBeNull()
  })

  it('with a keyring on this PC: a key not in it is UNKNOWN_KEY with its key id and how to enrol; an enrolled one is trusted', async () => {
    const other = Buffer.from(rawPublicKey(generateKeyPairSync('ed25519').publicKey)).toString('base64')
    const unknown = await host(userData('unknown', `${other} Depok\n`)).viewPackage({ fileName: 'p.cermat', bytes: zip })
    expect(unknown).toMatchObject({ valid: false, code: 'UNKNOWN_KEY', keyId, keyringUsed: true, detail: null })
    expect(unknown.reason).toContain('cermat receiver enrol')
    const known = await host(userData('known', `${publicKey} Mlati\n`)).viewPackage({ fileName: 'p.cermat', bytes: zip })
    expect(known).toMatchObject({ valid: true, trusted: true, trustedKecamatan: 'Mlati', keyringUsed: true })
  })

  it('refuses a damaged keyring instead of verifying without it', async () => {
    await expect(host(userData('bad', 'not-a-key Mlati\n')).viewPackage({ fileName: 'p.cermat', bytes: zip })).rejects.toThrow(/keyring/)
  })
})

describe('takeOpenedPackage (host)', () => {
  it('verifies the package opened from the file manager once, then has none', async () => {
    const path = join(tmp, 'paket-mlati-1.cermat')
    writeFileSync(path, zip)
    const h = host(userData('opened'), path)
    expect(await h.takeOpenedPackage({})).toMatchObject({ fileName: 'paket-mlati-1.cermat', valid: true, keyId })
    expect(await h.takeOpenedPackage({})).toBeNull()
  })
})
