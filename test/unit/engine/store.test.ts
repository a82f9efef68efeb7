import { afterEach, describe, expect, it, vi } from 'vitest'

import { Db } from '../../../shared/engine/db'
import { Engine } from '../../../shared/engine/engine'
import { crc32 } from '../../../shared/engine/store/crc32'
import { encodeCurrent, parseCurrent } from '../../../shared/engine/store/integrity'
import { decodeJournal, encodeRecord } from '../../../shared/engine/store/journal'
import { sealSnapshot, snapshotProblem, unsealSnapshot } from '../../../shared/engine/store/snapshot'
import { loadSql, openEngine, testPorts } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { masterFile, sumberadiFile } from '../helpers/sheets'
import { currentGeneration, seqOf, stateOf } from '../helpers/workspace-state'

describe('journal framing', () => {
  it('round-trips records and tells a torn tail from damage', () => {
    const a = encodeRecord({ seq: 1, x: 'satu' })
    const b = encodeRecord({ seq: 2, x: 'dua' })
    const all = new Uint8Array([...a, ...b])
    expect(decodeJournal(all)).toEqual({
      records: [
        { seq: 1, x: 'satu' },
        { seq: 2, x: 'dua' }
      ],
      validLength: all.length,
      after: [],
      damaged: false
    })
    for (let cut = a.length; cut < all.length; cut++) {
      expect(decodeJournal(all.subarray(0, cut))).toEqual({
        records: [{ seq: 1, x: 'satu' }],
        validLength: a.length,
        after: [],
        damaged: false
      })
    }
    // A whole record that fails its check is damage, even as the last one.
    const lastFlipped = all.slice()
    lastFlipped[a.length + 10] = lastFlipped[a.length + 10]! ^ 0x01
    expect(decodeJournal(lastFlipped)).toMatchObject({ records: [{ seq: 1 }], damaged: true })
    // Damage in the first record: the second is found and reported, not replayed.
    const firstFlipped = all.slice()
    firstFlipped[10] = firstFlipped[10]! ^ 0x40
    expect(decodeJournal(firstFlipped)).toEqual({ records: [], validLength: 0, after: [{ seq: 2, x: 'dua' }], damaged: true })
    // A length that points past the end (a flipped high bit) does not hide the records after it.
    const longer = all.slice()
    longer[2] = longer[2]! ^ 0x01
    expect(decodeJournal(longer)).toMatchObject({ records: [], after: [{ seq: 2 }], damaged: true })
    // Zeros after the last record: a file grown by a power cut, a torn write.
    expect(decodeJournal(new Uint8Array([...a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ records: [{ seq: 1 }], damaged: false })
  })
})

describe('snapshot seal', () => {
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

  it('finds every flipped bit and every cut of a sealed snapshot; an older unsealed one is still read', async () => {
    const SQL = await loadSql()
    const db = new SQL.Database()
    db.run(`CREATE TABLE t (nik TEXT); INSERT INTO t VALUES ('3404051205800001')`)
    const image = db.export()
    expect(unsealSnapshot(sealSnapshot(image))).toEqual({ image, sealed: true, checked: false, problem: null })
    expect(unsealSnapshot(sealSnapshot(image, true))).toEqual({ image, sealed: true, checked: true, problem: null })
    expect(unsealSnapshot(image)).toEqual({ image, sealed: false, checked: false, problem: null })
    for (const sealed of [sealSnapshot(image), sealSnapshot(image, true)]) {
      for (let bit = 0; bit < sealed.length * 8; bit += 7) {
        const flipped = sealed.slice()
        flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7))
        expect(unsealSnapshot(flipped).problem, `bit ${bit}`).not.toBeNull()
      }
      for (let cut = 0; cut < sealed.length; cut += 97) expect(unsealSnapshot(sealed.subarray(0, cut)).problem, `cut ${cut}`).not.toBeNull()
    }
  })

  it('CURRENT carries its own checksum; a bare number from older versions is accepted', () => {
    expect(parseCurrent(encodeCurrent(12))).toEqual({ generation: 12, sealed: true })
    expect(parseCurrent(new TextEncoder().encode('7\n'))).toEqual({ generation: 7, sealed: false })
    const text = new TextDecoder().decode(encodeCurrent(12))
    expect(parseCurrent(new TextEncoder().encode(text.replace('12', '13')))).toBe('checksum tidak cocok')
    expect(parseCurrent(new TextEncoder().encode(''))).toBe('isi tidak sah')
  })
})

/** A workspace with a master, a village file and `edits` acknowledged edits after its last snapshot. */
async function workspaceWithEdits(edits = 1) {
  const { engine, ports } = await openEngine()
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const rows = await engine.rows()
  const row6 = rows.find((r) => r.rowNo === 6)!
  const states = new Map<number, string>([[seqOf(engine), stateOf(engine)]])
  const names = ['SITI AMINAH', 'SITI AMINAH B', 'SITI AMINAH C', 'SITI AMINAH D', 'SITI AMINAH E']
  for (let i = 0; i < edits; i++) {
    await engine.editCell({ rowId: row6.id, field: 'nama', value: names[i]! })
    states.set(seqOf(engine), stateOf(engine))
  }
  const storage = ports.storage
  const journal = `journal-${currentGeneration(storage.entries)}.log`
  return { engine, ports, storage, editedRow: row6.id, states, journal, lastSeq: seqOf(engine) }
}

/** Byte offsets where each record of a journal starts. */
function recordStarts(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const starts: number[] = []
  for (let at = 0; at < bytes.length; at += 8 + view.getUint32(at, true)) starts.push(at)
  return starts
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
    expect((await reopened.info()).recovery).toMatchObject({ replayed: 2, lost: null, damaged: [] })
  })

  it('a torn tail is cut, kept aside and said: the change being saved may be lost', async () => {
    const { storage, editedRow, journal, lastSeq } = await workspaceWithEdits()
    const bytes = storage.entries.get(journal)!
    storage.entries.set(journal, new Uint8Array([...bytes, 1, 2, 3]))
    const reopened = await Engine.open(await testPorts(storage))
    const recovery = (await reopened.info()).recovery!
    expect(recovery).toMatchObject({
      droppedTailBytes: 3,
      damaged: [],
      restoredSeq: lastSeq,
      lost: { firstSeq: lastSeq + 1, count: 1, exact: false }
    })
    expect((await reopened.rows()).find((r) => r.id === editedRow)!.values.nama).toBe('SITI AMINAH')
    // The journal keeps its good part (the previous generation's fallback) and the torn copy is aside.
    expect(storage.entries.get(journal)!.length).toBe(bytes.length)
    expect(storage.entries.get(`${recovery.keptAside}/${journal}`)!.length).toBe(bytes.length + 3)
  })

  it('one flipped bit in a journal record stops replay there and names every later change as lost, with times', async () => {
    const { storage, states, journal, lastSeq } = await workspaceWithEdits(5)
    const bytes = storage.entries.get(journal)!
    const starts = recordStarts(bytes)
    expect(starts).toHaveLength(5)
    const damaged = bytes.slice()
    damaged[starts[2]! + 20] = damaged[starts[2]! + 20]! ^ 0x04
    storage.entries.set(journal, damaged)
    const reopened = await Engine.open(await testPorts(storage))
    const recovery = (await reopened.info()).recovery!
    // Records 1–2 are restored; record 3 is damaged; 4 and 5 are readable but cannot be applied out of order.
    expect(recovery.restoredSeq).toBe(lastSeq - 3)
    expect(stateOf(reopened)).toBe(states.get(lastSeq - 3))
    expect(recovery.damaged).toEqual([{ file: journal, problem: `rusak mulai bita ${starts[2]} (${bytes.length - starts[2]!} bita)` }])
    expect(recovery.lost).toMatchObject({ firstSeq: lastSeq - 2, lastSeq: null, count: 3, exact: false })
    expect(recovery.lost!.from).toMatch(/^2026-11-23T/)
    expect(recovery.lost!.from! < recovery.lost!.to!).toBe(true)
    expect(storage.entries.get(`${recovery.keptAside}/${journal}`)).toEqual(damaged)
    // Opening again is quiet: the recovered state was saved as a new generation.
    await reopened.close()
    const again = await Engine.open(await testPorts(storage))
    expect((await again.info()).recovery).toBeNull()
    expect(stateOf(again)).toBe(states.get(lastSeq - 3))
  })

  it('a missing record (a gap in the sequence) stops replay and is reported exactly', async () => {
    const { storage, states, journal, lastSeq } = await workspaceWithEdits(4)
    const bytes = storage.entries.get(journal)!
    const starts = [...recordStarts(bytes), bytes.length]
    // Record 2 of 4 cut out cleanly: every frame left is valid, only the numbers show the hole.
    storage.entries.set(journal, new Uint8Array([...bytes.subarray(0, starts[1]), ...bytes.subarray(starts[2])]))
    const reopened = await Engine.open(await testPorts(storage))
    const recovery = (await reopened.info()).recovery!
    expect(recovery.restoredSeq).toBe(lastSeq - 3)
    expect(stateOf(reopened)).toBe(states.get(lastSeq - 3))
    expect(recovery.damaged).toEqual([{ file: journal, problem: `perubahan no. ${lastSeq - 2}–${lastSeq - 2} hilang` }])
    expect(recovery.lost).toMatchObject({ firstSeq: lastSeq - 2, lastSeq, count: 3, exact: true })
  })

  it('falls back to the previous generation when the newest snapshot is damaged, losing nothing', async () => {
    const { engine, storage, editedRow } = await workspaceWithEdits()
    const summary = await engine.summary()
    const current = currentGeneration(storage.entries)
    const snap = storage.entries.get(`snapshot-${current}.sqlite`)!
    const damaged = snap.slice()
    damaged.fill(0, 100, 4096)
    storage.entries.set(`snapshot-${current}.sqlite`, damaged)
    const reopened = await Engine.open(await testPorts(storage))
    const recovery = (await reopened.info()).recovery!
    expect(recovery).toMatchObject({
      usedPreviousSnapshot: true,
      lost: null,
      damaged: [{ file: `snapshot-${current}.sqlite`, problem: 'checksum' }]
    })
    expect(recovery.keptAside).toMatch(/^damaged\/2026-11-23T02-00-\d\d-\d+Z$/)
    expect(storage.entries.get(`${recovery.keptAside}/snapshot-${current}.sqlite`)).toEqual(damaged)
    expect(storage.entries.has(`snapshot-${current}.sqlite`)).toBe(false)
    expect(await reopened.summary()).toEqual(summary)
    expect((await reopened.rows()).find((r) => r.id === editedRow)!.values.nama).toBe('SITI AMINAH')
  })

  it('one flipped bit inside a snapshot is found, not opened as changed data', async () => {
    const { storage, states, lastSeq } = await workspaceWithEdits()
    const name = `snapshot-${currentGeneration(storage.entries)}.sqlite`
    const snap = storage.entries.get(name)!
    // A byte in the last data page, where a NIK or name lives and quick_check does not look.
    const flipped = snap.slice()
    flipped[snap.length - 200] = flipped[snap.length - 200]! ^ 0x01
    storage.entries.set(name, flipped)
    const reopened = await Engine.open(await testPorts(storage))
    expect((await reopened.info()).recovery).toMatchObject({
      usedPreviousSnapshot: true,
      lost: null,
      damaged: [{ file: name, problem: 'checksum' }]
    })
    expect(stateOf(reopened)).toBe(states.get(lastSeq))
  })

  it('a damaged CURRENT is reported and the newest good snapshot used', async () => {
    const { storage, states, lastSeq } = await workspaceWithEdits()
    storage.entries.set('CURRENT', new TextEncoder().encode('9 00000000\n'))
    const reopened = await Engine.open(await testPorts(storage))
    expect((await reopened.info()).recovery).toMatchObject({ lost: null, damaged: [{ file: 'CURRENT', problem: 'checksum tidak cocok' }] })
    expect(stateOf(reopened)).toBe(states.get(lastSeq))
  })

  it('a damaged copy of an imported file stops replay at that import, reported', async () => {
    // The import is journaled and then saved in a snapshot; this keeps it in the journal only.
    const storage = new FaultyStorage()
    const { engine } = await openEngine(storage)
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    const before = stateOf(engine)
    storage.failNext(/^snapshot-/)
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() }).catch(() => undefined)
    const blob = [...storage.entries.keys()].find(
      (n) => n.startsWith('blobs/') && storage.entries.get(n)!.length === sumberadiFile().length
    )!
    const flipped = storage.entries.get(blob)!.slice()
    flipped[300] = flipped[300]! ^ 0x10
    storage.entries.set(blob, flipped)
    const reopened = await Engine.open(await testPorts(storage))
    const recovery = (await reopened.info()).recovery!
    expect(recovery.damaged[0]!.problem).toMatch(/tidak dapat diterapkan: .*rusak/)
    expect(recovery.lost).toMatchObject({ count: 1, exact: true })
    expect(stateOf(reopened)).toBe(before)
  })

  it('opens a workspace written before snapshots were sealed, then rewrites it sealed', async () => {
    const { engine, storage, states, lastSeq } = await workspaceWithEdits()
    await engine.close()
    // Old format: bare images and a bare number in CURRENT.
    for (const [name, bytes] of storage.entries) {
      if (name.startsWith('snapshot-')) storage.entries.set(name, unsealSnapshot(bytes).image!.slice())
    }
    const g = currentGeneration(storage.entries)
    storage.entries.set('CURRENT', new TextEncoder().encode(`${g}\n`))
    const reopened = await Engine.open(await testPorts(storage))
    expect((await reopened.info()).recovery).toBeNull()
    expect(stateOf(reopened)).toBe(states.get(lastSeq))
    const now = currentGeneration(storage.entries)
    expect(now).toBe(g + 1)
    expect(unsealSnapshot(storage.entries.get(`snapshot-${now}.sqlite`)!).sealed).toBe(true)
    expect(parseCurrent(storage.entries.get('CURRENT')!)).toEqual({ generation: now, sealed: true })
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
    await expect(
      engine.importFile('village', { taskId: 'c', fileName: 'rusak.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) })
    ).rejects.toMatchObject({ code: 'FILE_UNREADABLE' })
    await expect(engine.importFile('village', { taskId: 'd', fileName: 'kosong.csv', bytes: new Uint8Array() })).rejects.toMatchObject({
      code: 'FILE_EMPTY'
    })
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

  it('the CRC used is the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
  })
})

describe('workspace recovery on disk', () => {
  it('a damaged journal and a damaged snapshot on a real folder: fallback, loss reported, damaged files kept aside', async () => {
    const { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { NodeStorage } = await import('../../../electron/engine-host/node-storage')
    const dir = mkdtempSync(join(tmpdir(), 'cermat-store-'))
    try {
      const ports = await testPorts()
      const engine = await Engine.open({ ...ports, storage: new NodeStorage(dir) as unknown as FaultyStorage }, { checkpointEvery: 3 })
      await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
      await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
      const rows = await engine.rows()
      const states = new Map<number, string>()
      for (let i = 0; i < 5; i++) {
        await engine.editCell({ rowId: rows.find((r) => r.rowNo === 6)!.id, field: 'alamat', value: `DUSUN ${i}` })
        states.set(seqOf(engine), stateOf(engine))
      }
      const g = Number(readFileSync(join(dir, 'CURRENT'), 'utf8').split(' ')[0])
      // Snapshot g damaged: fall back to g-1, whose journal is damaged in its second record.
      const snap = readFileSync(join(dir, `snapshot-${g}.sqlite`))
      snap[200] = snap[200]! ^ 0x01
      writeFileSync(join(dir, `snapshot-${g}.sqlite`), snap)
      const journal = readFileSync(join(dir, `journal-${g - 1}.log`))
      const second = 8 + journal.readUInt32LE(0)
      journal[second + 12] = journal[second + 12]! ^ 0x01
      writeFileSync(join(dir, `journal-${g - 1}.log`), journal)

      const reopened = await Engine.open({ ...(await testPorts()), storage: new NodeStorage(dir) as unknown as FaultyStorage })
      const recovery = (await reopened.info()).recovery!
      expect(recovery.usedPreviousSnapshot).toBe(true)
      expect(recovery.damaged.map((d) => d.file).sort()).toEqual([`journal-${g - 1}.log`, `snapshot-${g}.sqlite`])
      expect(stateOf(reopened)).toBe(states.get(recovery.restoredSeq))
      expect(recovery.lost).toMatchObject({ firstSeq: recovery.restoredSeq + 1, exact: false })
      expect(recovery.lost!.count).toBeGreaterThanOrEqual(seqOf(engine) - recovery.restoredSeq)
      expect(readdirSync(join(dir, recovery.keptAside!)).sort()).toEqual([`journal-${g - 1}.log`, `snapshot-${g}.sqlite`])
      await reopened.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('quick_check before sealing (decision 58)', () => {
  afterEach(() => vi.restoreAllMocks())
  const QUICK_CHECK = 'PRAGMA quick_check'
  /** Counts quick_check runs; `answer` replaces SQLite's answer when given. */
  const watchQuickCheck = (answer?: string[]) => {
    const column = Db.prototype.column
    const calls = { n: 0 }
    vi.spyOn(Db.prototype, 'column').mockImplementation(function (this: Db, ...args: Parameters<Db['column']>) {
      if (args[0] !== QUICK_CHECK) return column.apply(this, args)
      calls.n++
      return answer ?? column.apply(this, args)
    })
    return calls
  }
  const newestSnapshot = (entries: Map<string, Uint8Array>) => `snapshot-${currentGeneration(entries)}.sqlite`

  it('a checkpoint checks the database before sealing; an open trusts that seal and checks an older seal', async () => {
    const { engine, storage, states, lastSeq } = await workspaceWithEdits(2)
    const checks = watchQuickCheck()
    await engine.close()
    expect(checks.n).toBe(1)
    const name = newestSnapshot(storage.entries)
    expect(unsealSnapshot(storage.entries.get(name)!)).toMatchObject({ sealed: true, checked: true })

    checks.n = 0
    const reopened = await Engine.open(await testPorts(storage))
    expect(checks.n).toBe(0)
    expect(stateOf(reopened)).toBe(states.get(lastSeq))
    await reopened.close()

    // The same image under the first seal (written before this rule): checked at open.
    storage.entries.set(name, sealSnapshot(unsealSnapshot(storage.entries.get(name)!).image!.slice()))
    checks.n = 0
    const older = await Engine.open(await testPorts(storage))
    expect(checks.n).toBe(1)
    expect(stateOf(older)).toBe(states.get(lastSeq))
  })

  it('a database that fails quick_check is never sealed: the last generation and its journal stay as they were', async () => {
    const { engine, storage, states, lastSeq } = await workspaceWithEdits(2)
    const files = new Map([...storage.entries].map(([n, b]) => [n, b.slice()]))
    watchQuickCheck(['*** in database main ***', 'Page 7 is never used'])
    await expect(engine.checkpointIfDirty()).rejects.toThrow(/quick_check: \*\*\* in database main/)
    expect([...storage.entries.keys()].sort()).toEqual([...files.keys()].sort())
    for (const [n, b] of files) expect(storage.entries.get(n), n).toEqual(b)
    vi.restoreAllMocks()
    // What was acknowledged is still there: the journal replays onto the last sealed generation.
    const reopened = await Engine.open(await testPorts(storage))
    expect(stateOf(reopened)).toBe(states.get(lastSeq))
  })

  it('an older seal whose image fails quick_check is not opened as data', async () => {
    const { engine, storage } = await workspaceWithEdits()
    await engine.close()
    for (const [n, b] of storage.entries)
      if (n.startsWith('snapshot-')) storage.entries.set(n, sealSnapshot(unsealSnapshot(b).image!.slice()))
    watchQuickCheck(['row 3 missing from index master_nik'])
    await expect(Engine.open(await testPorts(storage))).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT' })
  })
})
