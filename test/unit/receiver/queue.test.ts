/**
 * The app's sending queue against a real receiver and PostgreSQL: packages wait while the
 * receiver is down and go, in order, when it comes back; a pause mid-upload survives closing the
 * app and resumes the same upload; the receipt is checked, stored and recorded.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DeliveryQueue, type QueueDeps } from '../../../electron/delivery/queue'
import { freePort } from '../../../receiver/dev-postgres'
import { type DinasKey, loadOrCreateDinasKey } from '../../../receiver/dinas-key'
import { enrolKey } from '../../../receiver/registry'
import { type RunningReceiver, startReceiver } from '../../../receiver/server'
import type { Delivery } from '../../../shared/api/types'
import type { Receipt } from '../../../shared/delivery/receipt'
import { makeOffice } from './helpers/office'
import { usePostgres } from './helpers/postgres'
import { startProxy } from './helpers/proxy'

const pg = usePostgres()
const tmp = mkdtempSync(join(tmpdir(), 'cermat-queue-'))
let key: DinasKey
const running: RunningReceiver[] = []

beforeAll(async () => {
  key = await loadOrCreateDinasKey(join(tmp, 'receiver', 'dinas-key.pem'))
})
afterAll(async () => {
  for (const r of running) await r.close()
  rmSync(tmp, { recursive: true, force: true })
})

const receiverOn = async (port: number) => {
  const r = await startReceiver({ pool: pg.pool(), dataDir: join(tmp, 'receiver'), key, port })
  running.push(r)
  return r
}
const uploadsOnDisk = () => readdirSync(join(tmp, 'receiver', 'uploads')).filter((f) => !f.endsWith('.json')).length

/** A queue whose changes can be awaited: `until` resolves when the list satisfies the predicate. */
function openQueue(dir: string, recorded: Receipt[], over: Partial<QueueDeps> = {}) {
  const waiters = new Set<() => void>()
  let queue: DeliveryQueue | null = null
  const opened = DeliveryQueue.open({
    dir,
    recordReceipt: async (r) => {
      recorded.push(r)
    },
    onChange: () => queueMicrotask(() => waiters.forEach((w) => w())),
    now: () => new Date('2026-12-06T10:00:00Z'),
    retryDelays: [0],
    // The queue's own back-off, short here: the test waits for states, never for a time.
    retryAfter: () => 20,
    ...over
  }).then((q) => (queue = q))
  const until = (what: (list: Delivery[]) => boolean): Promise<Delivery[]> =>
    new Promise((resolve) => {
      const check = () => {
        if (queue && what(queue.list())) {
          waiters.delete(check)
          resolve(queue.list())
        }
      }
      waiters.add(check)
      void opened.then(check)
    })
  return { opened, until }
}

let n = 0
function save(bytes: Uint8Array): { path: string; fileName: string } {
  const fileName = `paket-${++n}.zip`
  writeFileSync(join(tmp, fileName), bytes)
  return { path: join(tmp, fileName), fileName }
}

describe('sending queue', () => {
  it('waits while the receiver is unreachable, then sends in order when it comes back and records the receipts', async () => {
    const office = makeOffice('Mlati')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Mlati' })
    const one = await office.next(10)
    const two = await office.next(7)
    const port = await freePort()
    const to = `http://127.0.0.1:${port}`
    const dir = join(tmp, 'ws-offline')
    const recorded: Receipt[] = []
    const { opened, until } = openQueue(dir, recorded)
    const queue = await opened
    await queue.add({ sha256: one.sha, ...save(one.bytes), bytes: one.bytes.length, to })
    await queue.add({ sha256: two.sha, ...save(two.bytes), bytes: two.bytes.length, to })

    const offline = await until((l) => l[0]!.state === 'offline' && l[0]!.attempts >= 2)
    expect(offline[0]!.lastError).toMatch(/unggahan terputus/)
    // The second waits behind the first: sent first it would be refused as a gap.
    expect(offline[1]).toMatchObject({ state: 'queued', attempts: 0 })
    expect(recorded).toEqual([])

    await receiverOn(port)
    const done = await until((l) => l.every((d) => d.state === 'received'))
    expect(done.map((d) => d.seq)).toEqual([1, 2])
    expect(done[0]).toMatchObject({ receivedAt: expect.stringMatching(/^\d{4}-/), receiptId: expect.stringMatching(/^[0-9a-f]{16}$/) })
    expect(recorded.map((r) => [r.seq, r.packageSha256])).toEqual([
      [1, one.sha],
      [2, two.sha]
    ])
    await queue.close()
    const stored = JSON.parse(readFileSync(join(dir, 'kirim', 'antrian.json'), 'utf8')) as { state: string }[]
    expect(stored.map((s) => s.state)).toEqual(['received', 'received'])
    expect(existsSync(join(dir, 'kirim', 'paket-1.tanda-terima.json'))).toBe(true)
    const r = await pg
      .pool()
      .query<{ n: number }>('SELECT count(*)::int AS n FROM changes WHERE package_sha256 = ANY($1)', [[one.sha, two.sha]])
    expect(r.rows[0]!.n).toBe(17)
  }, 120_000)

  it('pauses mid-upload, keeps the upload across closing the app, and resumes the same upload', async () => {
    const office = makeOffice('Gamping')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Gamping' })
    const p = await office.next(1500)
    const receiver = await receiverOn(0)
    const proxy = await startProxy(receiver, { holdAfterBytes: Math.floor(p.bytes.length / 2) })
    const dir = join(tmp, 'ws-pause')
    try {
      const recorded: Receipt[] = []
      const first = openQueue(dir, recorded, { chunkSize: 4096 })
      const queue = await first.opened
      const uploads = uploadsOnDisk()
      await queue.add({ sha256: p.sha, ...save(p.bytes), bytes: p.bytes.length, to: proxy.url })
      await proxy.held
      const sending = queue.list()[0]!
      expect(sending.state).toBe('sending')
      expect(sending.progress?.sent).toBeGreaterThan(0)
      expect(sending.progress?.total).toBe(p.bytes.length)
      await queue.pause(p.sha)
      await queue.close()
      const stored = JSON.parse(readFileSync(join(dir, 'kirim', 'antrian.json'), 'utf8')) as {
        state: string
        upload: { uploadUrl: string; offset: number }
      }[]
      expect(stored[0]).toMatchObject({ state: 'paused', upload: { uploadUrl: expect.stringMatching(/\/files\//) } })
      expect(stored[0]!.upload.offset).toBeGreaterThan(0)

      proxy.release()
      const again = openQueue(dir, recorded, { chunkSize: 4096 })
      const reopened = await again.opened
      expect(reopened.list()[0]!.state).toBe('paused')
      await reopened.resume(p.sha)
      const done = await again.until((l) => l[0]!.state === 'received')
      expect(done[0]!.attempts).toBe(2)
      expect(recorded.map((r) => r.seq)).toEqual([1])
      // The same upload continued: no second upload on the receiver, and about one package through the link.
      expect(uploadsOnDisk()).toBe(uploads + 1)
      expect(proxy.stats.upstreamBytes).toBeLessThan(p.bytes.length * 1.5)
      await reopened.close()
    } finally {
      await proxy.close()
    }
  }, 120_000)

  it('shows the receiver’s reason for a refused package and sends it again on request', async () => {
    const stranger = makeOffice('Depok')
    const p = await stranger.next(3)
    const receiver = await receiverOn(0)
    const recorded: Receipt[] = []
    const { opened, until } = openQueue(join(tmp, 'ws-refused'), recorded)
    const queue = await opened
    await queue.add({ sha256: p.sha, ...save(p.bytes), bytes: p.bytes.length, to: receiver.url })
    const refused = await until((l) => l[0]!.state === 'refused')
    expect(refused[0]!.reason).toContain(`kunci tidak dikenal ${stranger.keyId}`)
    await enrolKey(pg.pool(), { publicKey: stranger.publicKey, kecamatan: 'Depok' })
    await queue.resume(p.sha)
    await until((l) => l[0]!.state === 'received')
    expect(recorded.map((r) => r.kecamatan)).toEqual(['Depok'])
    await queue.close()
  }, 120_000)
})
