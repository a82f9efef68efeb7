/**
 * Delivery end to end on real servers: a throwaway PostgreSQL, the receiver over HTTP with tus,
 * `cermat send` (in process, and the built CLI in a child for the kill test), a flaky-link proxy.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { receiptPath, sendPackage } from '../../../electron/cli/send'
import { verifyEd25519 } from '../../../electron/engine-host/key-store'
import { type DinasKey, loadOrCreateDinasKey } from '../../../receiver/dinas-key'
import { enrolKey } from '../../../receiver/registry'
import { type RunningReceiver, startReceiver } from '../../../receiver/server'
import { checkReceipt } from '../../../shared/delivery/receipt'
import { approvePackage } from '../../../shared/engine/package/approve'
import { makeOffice, makeSigner, sha256 } from './helpers/office'
import { usePostgres } from './helpers/postgres'
import { startProxy } from './helpers/proxy'

const ROOT = resolve(import.meta.dirname, '../../..')

const pg = usePostgres()
const tmp = mkdtempSync(join(tmpdir(), 'cermat-delivery-'))
let key: DinasKey
let receiver: RunningReceiver
const logs: string[] = []

beforeAll(async () => {
  key = await loadOrCreateDinasKey(join(tmp, 'receiver', 'dinas-key.pem'))
  receiver = await startReceiver(receiverOptions(0))
})
afterAll(async () => {
  await receiver?.close()
  rmSync(tmp, { recursive: true, force: true })
})

const receiverOptions = (port: number) => ({ pool: pg.pool(), dataDir: join(tmp, 'receiver'), key, port, log: (s: string) => logs.push(s) })
const uploadsOnDisk = () => readdirSync(join(tmp, 'receiver', 'uploads')).filter((f) => !f.endsWith('.json')).length

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

  it('gives the same receipt for the same package twice and stores nothing twice', async () => {
    const office = makeOffice('Gamping')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Gamping' })
    const p = await office.next(25)
    const first = save(p.bytes)
    const second = save(p.bytes)
    expect(await sendPackage({ packagePath: first, to: receiver.url, log: () => {} })).toMatchObject({ code: 0 })
    expect(await sendPackage({ packagePath: second, to: receiver.url, log: () => {} })).toMatchObject({ code: 0 })
    expect(readFileSync(receiptPath(second), 'utf8')).toBe(readFileSync(receiptPath(first), 'utf8'))
    expect(await count('packages WHERE sha256 = $1', [p.sha])).toBe(1)
    expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(25)
    expect(await count('receipts WHERE package_sha256 = $1', [p.sha])).toBe(1)
  })

  it('quarantines a package signed by an unknown key, naming its fingerprint, and accepts it once enrolled', async () => {
    const office = makeOffice('Depok')
    const p = await office.next(10)
    const path = save(p.bytes)
    const r = await sendPackage({ packagePath: path, to: receiver.url, log: () => {} })
    expect(r).toMatchObject({ code: 1, refused: true, reason: expect.stringContaining(`kunci tidak dikenal ${office.keyId}`) })
    expect(r.code === 0 ? '' : r.reason).toContain('karantina')
    expect(existsSync(receiptPath(path))).toBe(false)
    expect(await count('quarantine WHERE sha256 = $1', [p.sha])).toBe(1)
    expect(await count('packages WHERE sha256 = $1', [p.sha])).toBe(0)
    expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(0)
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Depok' })
    expect(await sendPackage({ packagePath: path, to: receiver.url, log: () => {} })).toMatchObject({ code: 0 })
    expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(10)
  })

  it('refuses forged, replayed, out-of-order, gapped and truncated packages with the reason, storing nothing from them', async () => {
    const office = makeOffice('Seyegan')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Seyegan' })
    const one = await office.next(8)
    const two = await office.next(8)
    const three = await office.next(8)
    expect(await sendPackage({ packagePath: save(one.bytes), to: receiver.url, log: () => {} })).toMatchObject({ code: 0 })
    const before = await count('changes')
    const refused = async (bytes: Uint8Array) => {
      const r = await sendPackage({ packagePath: save(bytes), to: receiver.url, log: () => {} })
      expect(r.code).toBe(1)
      return r.code === 0 ? '' : r.reason
    }
    // Forged: one NIK digit changed after signing.
    const files = unzipSync(two.bytes)
    const csvName = Object.keys(files).find((n) => n.startsWith('perubahan'))!
    const csv = strFromU8(files[csvName]!).replace(',3404', ',3405')
    expect(csv).not.toBe(strFromU8(files[csvName]!))
    const forged = zipSync({ ...files, [csvName]: strToU8(csv) })
    expect(await refused(forged)).toMatch(/isi perubahan.*berubah \(SHA-256 tidak cocok\)/)
    // Gap: package 3 before package 2.
    expect(await refused(three.bytes)).toMatch(/ada paket yang belum diterima: ini paket ke-3, yang diharapkan ke-2/)
    // Out of order: a package 2 that does not follow the accepted package 1.
    expect(await refused((await office.build(2, 'a'.repeat(64), 8, 99)).bytes)).toMatch(/rantai paket tidak cocok/)
    // Truncated in transit or on a stick.
    expect(await refused(two.bytes.subarray(0, two.bytes.length - 100))).toMatch(/arsip zip rusak|hilang|berubah/)
    expect(await count('changes')).toBe(before)
    // The real package 2 then goes in; a rebuilt package 1 is a replay.
    expect(await sendPackage({ packagePath: save(two.bytes), to: receiver.url, log: () => {} })).toMatchObject({ code: 0 })
    expect(await refused((await office.build(1, null, 8, 42)).bytes)).toMatch(/paket ulangan: paket ke-1 dari kantor ini sudah diterima/)
    expect(await count('packages WHERE key_id = $1', [office.keyId])).toBe(2)
    expect(await count('changes')).toBe(before + 8)
    expect(await count('refusals WHERE code IN ($1, $2, $3)', ['GAP', 'REPLAY', 'OUT_OF_ORDER'])).toBeGreaterThanOrEqual(3)
  })

  it('accepts a package approved after export under the package as signed, and the chain goes on', async () => {
    const office = makeOffice('Minggir')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Minggir' })
    const one = await office.next(6)
    const approved = await approvePackage(
      one.bytes,
      makeSigner(),
      { role: 'camat', name: 'Drs. SUGENG', approvedAt: '2026-12-07T08:00:00.000Z' },
      {
        sha256,
        verifyEd25519
      }
    )
    if (!approved.ok) throw new Error(approved.reason)
    const path = save(approved.bytes)
    expect(await sendPackage({ packagePath: path, to: receiver.url, log: () => {} })).toMatchObject({ code: 0 })
    // The receipt names the package the office signed (the workspace's record), not the approved file.
    const receipt = JSON.parse(JSON.parse(readFileSync(receiptPath(path), 'utf8')).receipt as string) as { packageSha256: string }
    expect(receipt.packageSha256).toBe(one.sha)
    expect(await count('changes WHERE package_sha256 = $1', [one.sha])).toBe(6)
    const two = await office.next(4)
    expect(await sendPackage({ packagePath: save(two.bytes), to: receiver.url, log: () => {} })).toMatchObject({ code: 0 })
  })

  it('takes 50 kecamatan uploading at once: every package stored once, receipts for all', async () => {
    const offices = Array.from({ length: 50 }, (_, i) => makeOffice(`Kecamatan ${i + 1}`))
    for (const o of offices) await enrolKey(pg.pool(), { publicKey: o.publicKey, kecamatan: o.kecamatan })
    const packages = await Promise.all(offices.map((o) => o.next(30)))
    const paths = packages.map((p) => save(p.bytes))
    const before = await count('packages')
    // Each package also sent twice at the same time: the duplicate must not store twice.
    const results = await Promise.all(
      [
        ...paths,
        ...paths.slice(0, 5).map((p) => {
          const copy = `${p}.salinan.zip`
          writeFileSync(copy, readFileSync(p))
          return copy
        })
      ].map((p) => sendPackage({ packagePath: p, to: receiver.url, chunkSize: 8 * 1024, log: () => {} }))
    )
    expect(results.filter((r) => r.code !== 0)).toEqual([])
    expect(await count('packages')).toBe(before + 50)
    const dup = await pg.pool().query('SELECT package_sha256, desa, row_no FROM changes GROUP BY 1, 2, 3 HAVING count(*) > 1')
    expect(dup.rowCount).toBe(0)
    expect(await count('changes WHERE package_sha256 = ANY($1)', [packages.map((p) => p.sha)])).toBe(50 * 30)
  }, 300_000)
})

/** The sender's state file once it names its upload (polled: how long the write takes depends on the machine). */
async function stateWritten(file: string): Promise<{ uploadUrl: string }> {
  for (;;) {
    try {
      const state = JSON.parse(readFileSync(file, 'utf8')) as { uploadUrl?: string }
      if (state.uploadUrl) return { uploadUrl: state.uploadUrl }
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('over a bad link', () => {
  it('delivers a month of ~2,000 changes whole through a link that cuts every 20 KB, re-sending at most a chunk per cut', async () => {
    const office = makeOffice('Ngaglik')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Ngaglik' })
    const p = await office.next(2000)
    const chunk = 8 * 1024
    const proxy = await startProxy(receiver, { cutEveryBytes: 20 * 1024, latencyMs: 5 })
    try {
      const r = await sendPackage({ packagePath: save(p.bytes), to: proxy.url, chunkSize: chunk, log: () => {} })
      expect(r).toMatchObject({ code: 0 })
      expect(proxy.stats.cuts).toBeGreaterThanOrEqual(Math.floor(p.bytes.length / (20 * 1024)))
      // Bytes through the link: the package, at most one chunk per cut, and request headers.
      expect(proxy.stats.upstreamBytes).toBeLessThanOrEqual(
        p.bytes.length + proxy.stats.cuts * chunk + proxy.stats.connections * 2048 + 8 * 2048
      )
      expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(2000)
    } finally {
      await proxy.close()
    }
  }, 300_000)

  it('resumes after the receiver restarts mid-upload', async () => {
    const office = makeOffice('Kalasan')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Kalasan' })
    const p = await office.next(2000)
    const chunk = 4 * 1024
    const proxy = await startProxy(receiver, { holdAfterBytes: Math.floor(p.bytes.length / 2) })
    try {
      const sending = sendPackage({ packagePath: save(p.bytes), to: proxy.url, chunkSize: chunk, log: () => {} })
      await proxy.held
      const uploads = uploadsOnDisk()
      await receiver.close()
      receiver = await startReceiver(receiverOptions(receiver.port))
      proxy.release()
      expect(await sending).toMatchObject({ code: 0 })
      expect(uploadsOnDisk()).toBe(uploads)
      expect(proxy.stats.upstreamBytes).toBeLessThan(p.bytes.length * 1.5)
      expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(2000)
    } finally {
      await proxy.close()
    }
  }, 300_000)

  it('resumes after the sender is killed (SIGKILL) mid-upload', async () => {
    const office = makeOffice('Berbah')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Berbah' })
    const p = await office.next(2000)
    const path = save(p.bytes)
    const proxy = await startProxy(receiver, { holdAfterBytes: Math.floor(p.bytes.length / 2) })
    const cermat = (args: string[]) =>
      spawn(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const finished = (child: ReturnType<typeof cermat>) =>
      new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((done) => {
        let out = ''
        let err = ''
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
        child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
        child.on('close', (code, signal) => done({ code, signal, out, err }))
      })
    try {
      const uploads = uploadsOnDisk()
      const first = cermat(['send', path, '--to', proxy.url, '--chunk-size', '4096'])
      const firstDone = finished(first)
      await proxy.held
      // The sender's state is written beside the upload (chained, fsynced writes): killed before it
      // lands, a sender starts over by design; this test is about resuming, so it waits for the state.
      const state = await stateWritten(`${path}.kirim.json`)
      first.kill('SIGKILL')
      expect((await firstDone).signal).toBe('SIGKILL')
      expect(state.uploadUrl).toMatch(/\/files\//)
      proxy.release()
      const second = await finished(cermat(['send', path, '--to', proxy.url, '--chunk-size', '4096']))
      expect(second.code, second.err).toBe(0)
      expect(second.err).toContain('Melanjutkan unggahan')
      expect(second.out).toContain(receiptPath(path))
      expect(uploadsOnDisk()).toBe(uploads + 1)
      expect(existsSync(`${path}.kirim.json`)).toBe(false)
      expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(2000)
    } finally {
      await proxy.close()
    }
  }, 300_000)
})
