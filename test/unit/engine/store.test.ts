import { describe, expect, it } from 'vitest'
import { Engine } from '../../../shared/engine/engine'
import { decodeJournal, encodeRecord } from '../../../shared/engine/store/journal'
import { snapshotProblem } from '../../../shared/engine/store/snapshot'
import { loadSql, openEngine, testPorts } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { masterFile, sumberadiFile } from '../helpers/sheets'

describe('journal framing', () => {
  it('round-trips records and stops at a torn or damaged tail', () => {
    const a = encodeRecord({ seq: 1, x: 'satu' })
    const b = encodeRecord({ seq: 2, x: 'dua' })
    const all = new Uint8Array([...a, ...b])
    expect(decodeJournal(all)).toEqual({ records: [{ seq: 1, x: 'satu' }, { seq: 2, x: 'dua' }], validLength: all.length })
    for (let cut = a.length; cut < all.length; cut++) {
      expect(decodeJournal(all.subarray(0, cut))).toEqual({ records: [{ seq: 1, x: 'satu' }], validLength: a.length })
    }
    const damaged = all.slice()
    damaged[a.length + 10] = damaged[a.length + 10]! ^ 0xff
    expect(decodeJournal(damaged).records).toHaveLength(1)
  })
})

describe('snapshot validation', () => {
  it('refuses empty, truncated and foreign bytes that sql.js would open as an empty database', async () => {
    const SQL = await loadSql()
    const db = new SQL.Database()
    db.run('CREATE TABLE t (x)')
    const image = db.export()
    expect(snapshotProblem(image)).toBeNull()
    expect(snapshotProblem(new Uint8Array())).toBe('too_short')
    expect(snapshotProblem(image.subarray(0, image.length - 1))).toBe('size_mismatch')
    expect(snapshotProblem(new TextEncoder().encode('x'.repeat(200)))).toBe('bad_magic')
  })
})

async function workspaceWithEdits() {
  const { engine, ports } = await openEngine()
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const rows = await engine.rows()
  const row6 = rows.find((r) => r.rowNo === 6)!
  await engine.editCell({ rowId: row6.id, field: 'nama', value: 'SITI AMINAH' })
  return { engine, ports, storage: ports.storage, editedRow: row6.id }
}

describe('workspace recovery', () => {
  it('drops a torn journal tail and keeps every acknowledged command', async () => {
    const { engine, storage, editedRow } = await workspaceWithEdits()
    const rows = await engine.rows()
    // A command whose append is cut by a crash is never acknowledged: the edit fails, nothing is lost.
    storage.failNext(/^journal-/, 7)
    const row5 = rows.find((r) => r.rowNo === 5)!
    await expect(engine.editCell({ rowId: row5.id, field: 'nama', value: 'SUPARMAN B' })).rejects.toThrow(/injected/)
    expect((await engine.rows()).find((r) => r.id === row5.id)!.values.nama).toBe('suparman')
    // The cut frame was removed, so later commands are still recoverable.
    await engine.editCell({ rowId: row5.id, field: 'alamat', value: 'DUSUN KRAJAN' })
    const reopened = await Engine.open(await testPorts(storage))
    const after = await reopened.rows()
    expect(after.find((r) => r.id === editedRow)!.values.nama).toBe('SITI AMINAH')
    expect(after.find((r) => r.id === row5.id)!.values).toMatchObject({ nama: 'suparman', alamat: 'DUSUN KRAJAN' })
  })

  it('recovers from a damaged tail left by a crash mid-write', async () => {
    const { storage, editedRow } = await workspaceWithEdits()
    const current = new TextDecoder().decode(storage.entries.get('CURRENT')!).trim()
    const journal = `journal-${current}.log`
    const bytes = storage.entries.get(journal)!
    expect(bytes.length).toBeGreaterThan(0)
    storage.entries.set(journal, new Uint8Array([...bytes, 1, 2, 3]))
    const reopened = await Engine.open(await testPorts(storage))
    expect((await reopened.info()).recovery).toMatchObject({ droppedTailBytes: 3 })
    expect((await reopened.rows()).find((r) => r.id === editedRow)!.values.nama).toBe('SITI AMINAH')
    expect(storage.entries.get(journal)!.length).toBe(bytes.length)
  })

  it('falls back to the previous generation when the newest snapshot is damaged', async () => {
    const { engine, storage, editedRow } = await workspaceWithEdits()
    const summary = await engine.summary()
    const current = Number(new TextDecoder().decode(storage.entries.get('CURRENT')!))
    const snap = storage.entries.get(`snapshot-${current}.sqlite`)!
    const damaged = snap.slice()
    damaged.fill(0, 100, 4096)
    storage.entries.set(`snapshot-${current}.sqlite`, damaged)
    const reopened = await Engine.open(await testPorts(storage))
    expect((await reopened.info()).recovery).toMatchObject({ usedPreviousSnapshot: true })
    expect(await reopened.summary()).toEqual(summary)
    expect((await reopened.rows()).find((r) => r.id === editedRow)!.values.nama).toBe('SITI AMINAH')
  })

  it('says the workspace is corrupt rather than opening an empty one', async () => {
    const { storage } = await workspaceWithEdits()
    for (const name of [...storage.entries.keys()]) if (name.startsWith('snapshot-')) storage.entries.set(name, new Uint8Array())
    await expect(Engine.open(await testPorts(storage))).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT' })
  })

  it('a failed import leaves the workspace as it was, and no copy of the file', async () => {
    const { engine, storage } = await workspaceWithEdits()
    const before = await engine.summary()
    const blobs = [...storage.entries.keys()].filter((n) => n.startsWith('blobs/')).length
    await expect(engine.importFile('village', { taskId: 'c', fileName: 'rusak.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) })).rejects.toMatchObject({ code: 'FILE_UNREADABLE' })
    await expect(engine.importFile('village', { taskId: 'd', fileName: 'kosong.csv', bytes: new Uint8Array() })).rejects.toMatchObject({ code: 'FILE_EMPTY' })
    expect(await engine.summary()).toEqual(before)
    expect([...storage.entries.keys()].filter((n) => n.startsWith('blobs/')).length).toBe(blobs)
  })

  it('keeps two generations and removes older ones at each checkpoint', async () => {
    const storage = new FaultyStorage()
    const { engine } = await openEngine(storage)
    await engine.importFile('master', { taskId: 'a', fileName: 'm.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'b', fileName: 'v.xlsx', bytes: sumberadiFile() })
    await engine.updateSettings({ kecamatan: 'Mlati' })
    await engine.checkpointIfDirty()
    const snapshots = [...storage.entries.keys()].filter((n) => n.startsWith('snapshot-')).sort()
    expect(snapshots).toHaveLength(2)
  })
})
