import { createHash, generateKeyPairSync, sign } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import { checkAuditSincePoint } from '../../../shared/engine/audit-check'
import type { Db } from '../../../shared/engine/db'
import { Engine } from '../../../shared/engine/engine'
import type { Signer } from '../../../shared/engine/ports'
import { sealSnapshot, unsealSnapshot } from '../../../shared/engine/store/snapshot'
import { loadSql, openEngine, testPorts } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'
import { currentGeneration } from '../helpers/workspace-state'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')

function testSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

async function workspace() {
  const { engine, ports } = await openEngine()
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const rows = await engine.rows()
  for (const no of [5, 6, 7]) await engine.editCell({ rowId: rows.find((r) => r.rowNo === no)!.id, field: 'alamat', value: `DUSUN ${no}` })
  await engine.close()
  return ports.storage
}

/** Changes the audit table inside the newest snapshot as someone with a SQLite tool would, resealing it. */
async function tamper(storage: Awaited<ReturnType<typeof workspace>>, sql: string): Promise<{ id: number; at: string }[]> {
  const SQL = await loadSql()
  const name = `snapshot-${currentGeneration(storage.entries)}.sqlite`
  const db = new SQL.Database(unsealSnapshot(storage.entries.get(name)!).image!)
  const before = db.exec('SELECT id, at FROM audit ORDER BY id')[0]!.values.map(([id, at]) => ({ id: Number(id), at: String(at) }))
  db.run(sql)
  storage.entries.set(name, sealSnapshot(db.export()))
  db.close()
  return before
}

describe('audit chain check', () => {
  it('a workspace written by Cermat opens and its chain holds', async () => {
    const storage = await workspace()
    const engine = await Engine.open(await testPorts(storage))
    expect((await engine.audit(undefined, 100)).length).toBeGreaterThan(4)
  })

  it('an old entry edited in place (its hash untouched): the open checks only what is new, the full check names it', async () => {
    const storage = await workspace()
    const entries = await tamper(
      storage,
      `UPDATE audit SET new_value = 'DUSUN LAIN' WHERE id = (SELECT id FROM audit WHERE field = 'alamat' ORDER BY id LIMIT 1 OFFSET 1)`
    )
    const edited = entries.filter((e) => e.id > 2)
    // The remembered point (newest entry, its hash, the count) still stands: open hashes only that entry.
    const engine = await Engine.open(await testPorts(storage))
    const err = await engine.verifyAudit().catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { id: expect.any(Number), at: expect.any(String) } })
    const { id, at } = (err as { details: { id: number; at: string } }).details
    expect(edited.find((e) => e.id === id)).toEqual({ id, at })
    expect((err as Error).message).toContain(`entri no. ${id} (${at})`)
    // And no package is signed over it.
    await expect(
      engine.exportPackage(['SUMBERADI'], testSigner(), async () => ({ fileName: 'x', location: '/tmp' }))
    ).rejects.toMatchObject({
      code: 'AUDIT_CHAIN_BROKEN',
      details: { id }
    })
  })

  it('the newest entry edited, or entries added after it: the remembered point no longer covers them, and open refuses', async () => {
    const edited = await workspace()
    const entries = await tamper(edited, `UPDATE audit SET operator = 'orang lain' WHERE id = (SELECT MAX(id) FROM audit)`)
    const last = entries[entries.length - 1]!
    await expect(Engine.open(await testPorts(edited))).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { id: last.id } })
    const added = await workspace()
    await tamper(added, `INSERT INTO audit (at, operator, action, hash) VALUES ('2026-11-23T09:00:00.000Z', 'orang lain', 'edit', 'ab')`)
    await expect(Engine.open(await testPorts(added))).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { id: last.id + 1 } })
  })

  it('open hashes only the entries since the last snapshot; a workspace from before the point was remembered is checked whole', async () => {
    const storage = await workspace()
    const engine = await Engine.open(await testPorts(storage))
    const db = (engine as unknown as { db: Db }).db
    const total = (await engine.audit(undefined, 1000)).length
    expect(checkAuditSincePoint(db, sha256)).toEqual({ broken: null, checked: 1, count: total, incremental: true })
    const row = (await engine.rows()).find((r) => r.rowNo === 8)!
    await engine.editCell({ rowId: row.id, field: 'alamat', value: 'DUSUN BARU' })
    // Journaled, not yet in a snapshot: the next open hashes the remembered entry and this one.
    expect(checkAuditSincePoint(db, sha256)).toMatchObject({ broken: null, checked: 2, count: total + 1, incremental: true })
    db.run(`DELETE FROM meta WHERE key = 'audit_checked'`)
    expect(checkAuditSincePoint(db, sha256)).toMatchObject({ broken: null, checked: total + 1, incremental: false })
    expect(await engine.verifyAudit()).toMatchObject({
      broken: null,
      checked: total + 1,
      count: total + 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/)
    })
  })

  it('a deleted entry in the middle breaks the chain at the entry after it', async () => {
    const storage = await workspace()
    const entries = await tamper(storage, 'DELETE FROM audit WHERE id = 2')
    await expect(Engine.open(await testPorts(storage))).rejects.toMatchObject({
      code: 'AUDIT_CHAIN_BROKEN',
      details: { id: 3, at: entries[2]!.at }
    })
  })

  it('a change made while open is caught before the package is built', async () => {
    const storage = await workspace()
    const engine = await Engine.open(await testPorts(storage))
    const db = (engine as unknown as { db: Db }).db
    db.run(`UPDATE audit SET operator = 'orang lain' WHERE id = 1`)
    let delivered = false
    await expect(
      engine.exportPackage(['SUMBERADI'], testSigner(), async (_bytes, name) => {
        delivered = true
        return { fileName: name, location: '/tmp' }
      })
    ).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { id: 1 } })
    expect(delivered).toBe(false)
  })
})
