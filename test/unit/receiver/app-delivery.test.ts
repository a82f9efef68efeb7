/**
 * The app's sending, host side, end to end on real servers: a workspace's package queued by the
 * host's sendPackage goes to a real receiver (PostgreSQL) and its receipt marks the package
 * received in the engine; a receipt file from a USB stick (`cermat receiver drop`) is imported
 * the same way, once, and a forged one is refused. With the Dinas key pinned in the workspace, a
 * receipt signed by another key is refused, by the queue and by the import alike.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runReceiverCli } from '../../../electron/cli/receiver'
import { createApprovals } from '../../../electron/engine-host/approvals'
import { createDeliveries, type DeliveriesDeps } from '../../../electron/engine-host/deliveries'
import { verifyEd25519 } from '../../../electron/engine-host/key-store'
import { enrolApprover } from '../../../receiver/approvers'
import { type DinasKey, loadOrCreateDinasKey } from '../../../receiver/dinas-key'
import { enrolKey } from '../../../receiver/registry'
import { type RunningReceiver, startReceiver } from '../../../receiver/server'
import { toResult } from '../../../shared/api/result'
import type { Delivery } from '../../../shared/api/types'
import type { Engine } from '../../../shared/engine/engine'
import { viewPackage } from '../../../shared/engine/package/view'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'
import { makeSigner, sha256 } from './helpers/office'
import { usePostgres } from './helpers/postgres'

const pg = usePostgres()
const tmp = mkdtempSync(join(tmpdir(), 'cermat-app-delivery-'))
let key: DinasKey
/** A key of some other "Dinas": what an impostor at the receiver address would sign with. */
let otherKey: DinasKey
let receiver: RunningReceiver

beforeAll(async () => {
  key = await loadOrCreateDinasKey(join(tmp, 'receiver', 'dinas-key.pem'))
  otherKey = await loadOrCreateDinasKey(join(tmp, 'lain', 'dinas-key.pem'))
  receiver = await startReceiver({ pool: pg.pool(), dataDir: join(tmp, 'receiver'), key, port: 0, name: 'Dinas Sosial Sleman' })
})
afterAll(async () => {
  await receiver?.close()
  rmSync(tmp, { recursive: true, force: true })
})

/** A workspace with one decided change, exported and signed by an enrolled office key; the package saved to disk. */
async function workspaceWithPackage(name: string, approvalRequired = false) {
  const { engine } = await openEngine()
  const signer = makeSigner()
  await enrolKey(pg.pool(), { publicKey: signer.publicKey, kecamatan: 'Mlati' })
  await engine.updateSettings({ kecamatan: 'Mlati', receiverUrl: `${receiver.url}/`, ...(approvalRequired ? { approvalRequired } : {}) })
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const row = (await engine.rows()).find((r) => r.rowNo === 6)!
  await engine.resolveFinding({ findingKey: row.findings[0]!.key, action: 'accept_village' })
  const path = join(tmp, `${name}.zip`)
  const pkg = await engine.exportPackage(['SUMBERADI'], signer, async (bytes) => {
    writeFileSync(path, bytes)
    return { fileName: `${name}.zip`, location: path }
  })
  return { engine, pkg, path }
}

/** The host's deliveries over an in-process engine (the worker's recordReceipt and getWorkspace, as the client forwards them). */
function deliveriesOf(engine: Engine, saved: Map<string, string>) {
  const waiters = new Set<() => void>()
  const client = {
    call: async () => toResult(async () => engine.info()),
    recordReceipt: async (r: Parameters<Engine['recordReceipt']>[0]) => toResult(() => engine.recordReceipt(r))
  } as unknown as DeliveriesDeps['engine']
  const deps: DeliveriesDeps = {
    engine: client,
    now: () => new Date('2026-12-06T10:00:00Z'),
    notify: () => queueMicrotask(() => waiters.forEach((w) => w())),
    delivery: { retryAfter: () => 20, retryDelays: [0] }
  }
  const d = createDeliveries(deps, async (sha) => saved.get(sha) ?? null)
  const until = (what: (l: Delivery[]) => boolean) =>
    new Promise<Delivery[]>((resolve) => {
      const check = () =>
        void d.handlers.listDeliveries({}).then((l) => {
          if (what(l) && waiters.delete(check)) resolve(l)
        })
      waiters.add(check)
      check()
    })
  return { ...d, until }
}

describe('sending from the app (host)', () => {
  it('queues an exported package for the workspace’s receiver; its receipt marks the package received', async () => {
    const { engine, pkg, path } = await workspaceWithPackage('paket-app')
    await engine.updateSettings({ receiverKey: key.publicKey })
    const d = deliveriesOf(engine, new Map([[pkg.sha256, path]]))
    await d.open(join(tmp, 'ws-app'))
    const queued = await d.handlers.sendPackage({ sha256: pkg.sha256 })
    expect(queued[0]).toMatchObject({ sha256: pkg.sha256, fileName: 'paket-app.zip', to: receiver.url, bytes: pkg.bytes })
    const [done] = await d.until((l) => l[0]?.state === 'received')
    expect(done).toMatchObject({ seq: 1, lastError: null })
    expect(await engine.previewExport()).toMatchObject({ lastPackage: 1, lastReceived: 1 })
    await d.close()
    await engine.close()
  }, 120_000)

  it('under the kabupaten rule: refused until the camat approves in the app; the queue then sends the approved file, accepted by an enrolled approver key', async () => {
    const { engine, pkg, path } = await workspaceWithPackage('paket-setuju', true)
    const d = deliveriesOf(engine, new Map([[pkg.sha256, path]]))
    await d.open(join(tmp, 'ws-setuju'))
    await d.handlers.sendPackage({ sha256: pkg.sha256 })
    const [refused] = await d.until((l) => l[0]?.state === 'refused')
    expect(refused?.reason).toContain('wajib disetujui camat atau kasi')

    // The camat's key made in the app, enrolled at the Dinas, and the saved file approved in place.
    const approvals = createApprovals({
      dialogs: { saveFile: async () => null },
      userDataDir: join(tmp, 'ud-setuju'),
      osProtector: null,
      now: () => new Date('2026-12-07T08:00:00Z'),
      shown: async () => ({ fileName: 'paket-setuju.zip', bytes: new Uint8Array(readFileSync(path)), path }),
      view: async (bytes, fileName) => viewPackage(bytes, fileName, { sha256, verifyEd25519 })
    }).handlers
    const camat = await approvals.createApproverKey({ passphrase: 'frasa sandi camat' })
    await enrolApprover(pg.pool(), { publicKey: camat.publicKey!, role: 'camat', name: 'Drs. SUGENG', kecamatan: 'Mlati' })
    const approved = await approvals.approvePackage({
      sha256: 'f'.repeat(64),
      role: 'camat',
      name: 'Drs. SUGENG',
      passphrase: 'frasa sandi camat'
    })
    expect(approved?.detail?.approvals).toHaveLength(1)

    await d.handlers.resumeDelivery({ sha256: pkg.sha256 })
    const [done] = await d.until((l) => l[0]?.state === 'received')
    expect(done).toMatchObject({ seq: 1, lastError: null })
    // The receiver stored the package under its identity as signed, and the approval's file was what went.
    expect((await pg.pool().query('SELECT 1 FROM packages WHERE sha256 = $1', [pkg.sha256])).rowCount).toBe(1)
    await d.close()
    await engine.close()
  }, 120_000)

  it('refuses to queue without a receiver address, or a package this host did not save', async () => {
    const { engine, pkg, path } = await workspaceWithPackage('paket-tanpa-alamat')
    await engine.updateSettings({ receiverUrl: '' })
    const d = deliveriesOf(engine, new Map([[pkg.sha256, path]]))
    await d.open(join(tmp, 'ws-none'))
    await expect(d.handlers.sendPackage({ sha256: pkg.sha256 })).rejects.toMatchObject({ code: 'RECEIVER_NOT_SET' })
    await expect(d.handlers.sendPackage({ sha256: 'ab'.repeat(32) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await d.close()
    await engine.close()
  })

  it('imports the receipt of a package dropped into the receiver from a USB stick, once; a changed one is refused', async () => {
    const { engine, path } = await workspaceWithPackage('paket-usb')
    const receiptFile = join(tmp, 'paket-usb.tanda-terima.json')
    const code = await runReceiverCli(
      ['drop', '--database', pg.url(), '--data', join(tmp, 'receiver'), '--out', receiptFile, path],
      () => {},
      () => {}
    )
    expect(code).toBe(0)
    const d = deliveriesOf(engine, new Map())
    await d.open(join(tmp, 'ws-usb'))
    const bytes = new Uint8Array(readFileSync(receiptFile))
    const first = await d.handlers.importReceipt({ fileName: 'paket-usb.tanda-terima.json', bytes })
    expect(first).toMatchObject({ seq: 1, kecamatan: 'Mlati', recorded: true, receiptId: expect.stringMatching(/^[0-9a-f]{16}$/) })
    expect(await engine.previewExport()).toMatchObject({ lastReceived: 1 })
    expect(await d.handlers.importReceipt({ fileName: 'lagi.json', bytes })).toMatchObject({ recorded: false })

    const changed = new TextEncoder().encode(new TextDecoder().decode(bytes).replace('"seq\\": 1', '"seq\\": 2'))
    expect(changed).not.toEqual(bytes)
    await expect(d.handlers.importReceipt({ fileName: 'ubah.json', bytes: changed })).rejects.toMatchObject({ code: 'RECEIPT_INVALID' })
    await expect(d.handlers.importReceipt({ fileName: 'bukan.json', bytes: new TextEncoder().encode('bukan json') })).rejects.toMatchObject(
      {
        code: 'RECEIPT_INVALID'
      }
    )
    await d.close()
    await engine.close()
  }, 120_000)

  it('with the Dinas key pinned, refuses a receipt signed by another key, naming both keys', async () => {
    const { engine, pkg, path } = await workspaceWithPackage('paket-kunci-lain')
    const receiptFile = join(tmp, 'paket-kunci-lain.tanda-terima.json')
    await engine.updateSettings({ receiverKey: otherKey.publicKey })
    expect((await engine.info()).receiverKey).toBe(otherKey.publicKey)

    const d = deliveriesOf(engine, new Map([[pkg.sha256, path]]))
    await d.open(join(tmp, 'ws-kunci-lain'))
    await d.handlers.sendPackage({ sha256: pkg.sha256 })
    const [refused] = await d.until((l) => l[0]?.state === 'refused' || l[0]?.state === 'received')
    expect(refused?.state).toBe('refused')
    expect(refused?.reason).toContain(`ditandatangani kunci ${key.keyId}`)
    expect(refused?.reason).toContain(`bukan kunci Dinas yang dipercaya (${otherKey.keyId})`)
    expect(await engine.previewExport()).toMatchObject({ lastReceived: null })

    // The same receipt off a USB stick is refused too; with the right key pinned it is taken.
    const code = await runReceiverCli(
      ['drop', '--database', pg.url(), '--data', join(tmp, 'receiver'), '--out', receiptFile, path],
      () => {},
      () => {}
    )
    expect(code).toBe(0)
    const bytes = new Uint8Array(readFileSync(receiptFile))
    const refusedImport = d.handlers.importReceipt({ fileName: 'paket-kunci-lain.tanda-terima.json', bytes })
    await expect(refusedImport).rejects.toMatchObject({ code: 'RECEIPT_INVALID' })
    await expect(refusedImport).rejects.toMatchObject({
      details: { reason: expect.stringContaining(`kunci ${key.keyId}, bukan kunci Dinas yang dipercaya (${otherKey.keyId})`) }
    })
    expect(await engine.previewExport()).toMatchObject({ lastReceived: null })
    await engine.updateSettings({ receiverKey: key.publicKey })
    expect(await d.handlers.importReceipt({ fileName: 'paket-kunci-lain.tanda-terima.json', bytes })).toMatchObject({
      seq: 1,
      recorded: true
    })
    await d.close()
    await engine.close()
  }, 120_000)
})
