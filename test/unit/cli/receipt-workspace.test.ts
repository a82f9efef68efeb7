/** `cermat receipt --workspace`: a checked Dinas receipt marks the changes of its package received. */
import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { runReceiptCli } from '../../../electron/cli/receipt'
import { withWorkspace } from '../../../electron/cli/workspace-commands'
import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import { NodeStorage } from '../../../electron/engine-host/node-storage'
import { type Receipt, RECEIPT_FORMAT } from '../../../shared/delivery/receipt'
import { Engine } from '../../../shared/engine/engine'
import type { Signer } from '../../../shared/engine/ports'
import { testPorts } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

const tmp = mkdtempSync(join(tmpdir(), 'cermat-receipt-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  return { privateKey, publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
}

const office = keyPair()
const signer: Signer = {
  identity: async () => ({ publicKey: office.publicKey, keyId: office.keyId }),
  sign: async (d) => new Uint8Array(sign(null, d, office.privateKey))
}

/** A receipt as the Dinas's receiver signs it. */
function receiptFile(name: string, packageSha256: string, seq: number): string {
  const dinas = keyPair()
  const receipt: Receipt = {
    format: RECEIPT_FORMAT,
    status: 'DITERIMA',
    packageSha256,
    kecamatan: 'Mlati',
    workspaceId: 'ws',
    seq,
    signerKeyId: office.keyId,
    changes: 1,
    receivedAt: '2026-11-24T03:00:00.000Z',
    receiver: { name: 'Dinas Sosial Sleman', publicKey: dinas.publicKey, keyId: dinas.keyId }
  }
  const text = JSON.stringify(receipt, null, 2)
  const path = join(tmp, name)
  writeFileSync(path, JSON.stringify({ receipt: text, signature: sign(null, Buffer.from(text), dinas.privateKey).toString('base64') }))
  return path
}

describe('cermat receipt --workspace', () => {
  it('records the receipt of a package made there, once; refuses one for another package', async () => {
    const ws = join(tmp, 'ws')
    const open = async () => Engine.open({ ...(await testPorts()), storage: new NodeStorage(ws) }, { name: 'ws' })
    const engine = await open()
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const mismatch = (await engine.rows()).find((r) => r.rowNo === 6)!.findings[0]!
    await engine.resolveFinding({ findingKey: mismatch.key, action: 'accept_village' })
    const pkg = await engine.exportPackage(['SUMBERADI'], signer, async (_b, name) => ({ fileName: name, location: name }))
    await engine.close()

    const lines: string[] = []
    const errs: string[] = []
    const run = (path: string) =>
      runReceiptCli(
        [path, '--workspace', ws],
        (s) => lines.push(s),
        (s) => errs.push(s)
      )
    expect(await run(receiptFile('tt-1.json', pkg.sha256, 1))).toBe(0)
    expect(lines.join('\n')).toContain('Dicatat di ruang kerja: perubahan paket ke-1 berstatus diterima Dinas.')
    expect(await run(receiptFile('tt-1b.json', pkg.sha256, 1))).toBe(0)
    expect(lines.at(-1)).toContain('Sudah dicatat di ruang kerja sebelumnya.')
    expect(await run(receiptFile('tt-x.json', 'ab'.repeat(32), 1))).toBe(1)
    expect(errs.join('\n')).toContain('tidak dibuat di ruang kerja ini')

    // The CLI encrypted the workspace at rest: read it back the way the CLI opens it.
    await withWorkspace(ws, 'test', async (reopened) => {
      const preview = await reopened.previewExport()
      expect(preview).toMatchObject({ lastPackage: 1, lastReceived: 1, desa: [expect.objectContaining({ sent: 1, received: 1 })] })
      expect((await reopened.audit(undefined, 5)).map((a) => a.action)).toContain('receipt')
    })
  })
})
