/**
 * Delivery end to end on real servers: a throwaway PostgreSQL, the receiver over HTTP with tus,
 * `cermat send` (in process, and the built CLI in a child for the kill test), a flaky-link proxy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendPackage, receiptPath } from '../../../electron/cli/send'
import { checkReceipt } from '../../../shared/delivery/receipt'
import { verifyEd25519 } from '../../../electron/engine-host/key-store'
import { loadOrCreateDinasKey, type DinasKey } from '../../../receiver/dinas-key'
import { enrolKey } from '../../../receiver/registry'
import { startReceiver, type RunningReceiver } from '../../../receiver/server'
import { makeOffice, sha256 } from './helpers/office'
import { usePostgres } from './helpers/postgres'
import { startProxy } from './helpers/proxy'
import { readFileSync } from 'node:fs'

const pg = usePostgres()
const tmp = mkdtempSync(join(tmpdir(), 'cermat-delivery-'))
let key: DinasKey
let receiver: RunningReceiver
const logs: string[] = []

beforeAll(async () => {
  key = await loadOrCreateDinasKey(join(tmp, 'receiver', 'dinas-key.pem'))
  receiver = await startReceiver({ pool: pg.pool(), dataDir: join(tmp, 'receiver'), key, port: 0, log: (s) => logs.push(s) })
})
afterAll(async () => {
  await receiver?.close()
  rmSync(tmp, { recursive: true, force: true })
})

let files = 0
function save(bytes: Uint8Array): string {
  const path = join(tmp, `paket-${++files}.zip`)
  writeFileSync(path, bytes)
  return path
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const r = await pg.pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)
  return r.rows[0]!.n
}

describe('receiver', () => {
  it('accepts a package from an enrolled key, stores every change and signs a receipt', async () => {
    const office = makeOffice('Mlati')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Mlati' })
    const p = await office.next(40)
    const path = save(p.bytes)
    const out: string[] = []
    const r = await sendPackage({ packagePath: path, to: receiver.url, log: (s) => out.push(s) })
    expect(r).toEqual({ code: 0, receiptFile: receiptPath(path) })
    const stored = JSON.parse(readFileSync(receiptPath(path), 'utf8')) as unknown
    const check = checkReceipt(stored, { sha256, verifyEd25519 }, { packageSha256: p.sha, receiverPublicKey: key.publicKey })
    expect(check).toMatchObject({ valid: true, receipt: { kecamatan: 'Mlati', seq: 1, changes: 40, signerKeyId: office.keyId } })
    expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(40)
  })
})
