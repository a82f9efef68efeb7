/**
 * The approval chain from the command line: an approver key, `cermat approve`, what `cermat verify`
 * says, `cermat send` refusing a package the kabupaten's rule says must be approved, and the rule
 * set through `cermat settings`, said in the manifest of the next export.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'

import { sendPackage } from '../../../electron/cli/send'
import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import { packageIdentity } from '../../../shared/engine/package/approval'
import { buildPackage } from '../../../shared/engine/package/build'
import { CHANGE_COLUMNS, type ChangeRow } from '../../../shared/engine/package/changes'
import type { Signer } from '../../../shared/engine/ports'
import { cermat, useCliFolder } from '../helpers/cli'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')
const tmp = useCliFolder('approve', 'frasa sandi camat')

function operatorSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

async function ruledPackage(path: string): Promise<Uint8Array> {
  const row = { ...(Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, ''])) as ChangeRow), jenis: 'UBAH', nik: '3404055708850002' }
  const built = await buildPackage(
    {
      createdAt: '2026-12-06T10:00:00.000Z',
      appVersion: 'test',
      workspace: { id: 'ws1', name: 'Mlati' },
      kecamatan: 'Mlati',
      operator: 'Budi',
      seq: 1,
      previousPackageSha256: null,
      master: null,
      auditHead: { count: 1, hash: 'ab'.repeat(32) },
      desa: [{ desa: 'SUMBERADI', rows: [row], openFindings: 0, sources: [] }],
      approvalRequired: true
    },
    operatorSigner(),
    sha256
  )
  writeFileSync(path, built.bytes)
  return built.bytes
}

describe('cermat approve', () => {
  it('makes an approver key, refuses to send until the camat approves, and verify names who approved', async () => {
    const pkg = join(tmp, 'paket.zip')
    const original = await ruledPackage(pkg)
    const camatDir = join(tmp, 'kunci-camat')
    const camatPub = join(tmp, 'camat.pub')
    const made = await cermat(['key', '--new', '--key-dir', camatDir, '--out', camatPub])
    expect(made.code, made.err).toBe(0)
    expect(made.out).toContain('Kunci tanda tangan baru dibuat')
    // --new never hands back an existing key as if it were new.
    expect((await cermat(['key', '--new', '--key-dir', camatDir])).code).toBe(1)

    const before = await cermat(['verify', pkg])
    expect(before.code).toBe(0)
    expect(before.out).toContain('PERLU PERSETUJUAN')
    const refused = await sendPackage({ packagePath: pkg, to: 'http://127.0.0.1:9', log: () => undefined })
    expect(refused).toMatchObject({ code: 1, reason: expect.stringContaining('wajib disetujui camat atau kasi sebelum dikirim') })

    const approved = await cermat([
      'approve',
      pkg,
      '--key',
      camatDir,
      '--role',
      'camat',
      '--name',
      'Drs. SUGENG',
      '--nip',
      '196805121990031004'
    ])
    expect(approved.code, approved.err).toBe(0)
    expect(approved.out).toContain('persetujuan ke-1: camat Drs. SUGENG (NIP 196805121990031004)')
    const bytes = new Uint8Array(readFileSync(pkg))
    // The manifest is the operator's, byte for byte; the package's identity (chain, receipt) is unchanged.
    expect(strFromU8(unzipSync(bytes)['manifest.json']!)).toBe(strFromU8(unzipSync(original)['manifest.json']!))
    expect(packageIdentity(bytes, sha256)).toBe(sha256(original))

    const after = await cermat(['verify', pkg, '--approvers', camatPub])
    expect(after.code).toBe(0)
    expect(after.out).toMatch(/Disetujui camat Drs\. SUGENG \(NIP 196805121990031004\) pada \S+, kunci [0-9a-f]{16} \(terdaftar\)/)
    expect(after.out).not.toContain('PERLU PERSETUJUAN')
    // The same key again (given as its file), a bad role: refused, the package unchanged.
    const twice = await cermat(['approve', pkg, '--key', join(camatDir, 'signing-key.json'), '--role', 'kasi', '--name', 'X'])
    expect(twice.code).toBe(1)
    expect(twice.err).toContain('sudah disetujui')
    expect((await cermat(['approve', pkg, '--key', camatDir, '--role', 'lurah', '--name', 'X'])).code).toBe(2)
    expect(sha256(new Uint8Array(readFileSync(pkg)))).toBe(sha256(bytes))
  })

  it('the rule set by cermat settings is said in the manifest of the next export', async () => {
    const ws = join(tmp, 'ws')
    const master = join(tmp, 'master.xlsx')
    writeFileSync(master, masterFile())
    expect((await cermat(['import', '--parse-processes', '0', '--workspace', ws, '--master', master])).code).toBe(0)
    const set = await cermat(['settings', '--workspace', ws, '--kecamatan', 'Mlati', '--approval-required', 'ya'])
    expect(set.code, set.err).toBe(0)
    expect(set.out).toContain('Wajib persetujuan camat/kasi sebelum dikirim: ya')
    expect((await cermat(['settings', '--workspace', ws, '--approval-required', 'mungkin'])).code).toBe(2)

    const { engine } = await openEngine()
    await engine.updateSettings({ kecamatan: 'Mlati', approvalRequired: true })
    expect((await engine.info()).approvalRequired).toBe(true)
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const row = (await engine.rows()).find((r) => r.rowNo === 6)!
    await engine.resolveFinding({ findingKey: row.findings[0]!.key, action: 'accept_village' })
    let zip: Uint8Array = new Uint8Array()
    await engine.exportPackage(['SUMBERADI'], operatorSigner(), async (bytes, name) => {
      zip = bytes
      return { fileName: name, location: `/tmp/${name}` }
    })
    expect(JSON.parse(strFromU8(unzipSync(zip)['manifest.json']!))).toMatchObject({ approvalRequired: true })
    await engine.close()
  })
})
