/**
 * Encryption at rest (docs/security.md): every stored file sealed with AES-256-GCM under the
 * workspace's data key; the GCM tag as the integrity check that sends recovery to the previous
 * generation; wrong key refused with nothing written; an older clear workspace encrypted in place,
 * also when that migration is cut off at any write.
 */
import { randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { dataCipher } from '../../../electron/engine-host/data-cipher'
import type { RecoveryInfo } from '../../../shared/api/types'
import { Engine } from '../../../shared/engine/engine'
import { MARKER, openEncrypted } from '../../../shared/engine/store/encryption'
import { MemoryStorage } from '../../../shared/engine/store/memory-storage'
import { encrypted } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { masterFile, sumberadiFile } from '../helpers/sheets'
import { filesOf, stateOf } from '../helpers/workspace-state'

/** Personal data the workspace holds (helpers/sheets.ts): two numbers and a name of one person. */
const KNOWN = ['3404051201100001', '3404051205800001', 'SUPARMAN']

function leaks(files: Map<string, Uint8Array>): string[] {
  const found: string[] = []
  for (const [name, bytes] of files) {
    const text = Buffer.from(bytes).toString('latin1')
    for (const k of KNOWN) if (text.includes(k)) found.push(`${name}: ${k}`)
  }
  return found
}

function copy(files: Map<string, Uint8Array>): FaultyStorage {
  const storage = new FaultyStorage()
  for (const [name, bytes] of files) storage.entries.set(name, bytes.slice())
  return storage
}

/** Opens a workspace through the engine as the hosts do, returning its state and what recovery said. */
async function reopen(inner: MemoryStorage, key: Uint8Array): Promise<{ state: string; recovery: RecoveryInfo | null }> {
  const engine = await Engine.open({ ...(await testPorts()), storage: await encrypted(inner, key) })
  const state = stateOf(engine)
  const recovery = (await engine.info()).recovery
  await engine.close()
  return { state, recovery }
}

/** A workspace with a master, one village file and `edits` edits; states after each edit. */
async function build(storage: MemoryStorage, key: Uint8Array | null, edits = 4): Promise<{ engine: Engine; states: string[] }> {
  const engine = await Engine.open({ ...(await testPorts()), storage: key ? await encrypted(storage, key) : storage }, { name: 'Uji' })
  await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'v', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const rows = (await engine.rows()).filter((r) => r.kind === 'village')
  const states = [stateOf(engine)]
  for (let i = 0; i < edits; i++) {
    await engine.editCell({ rowId: rows[i % rows.length]!.id, field: 'alamat', value: `JALAN UJI ${i}` })
    states.push(stateOf(engine))
  }
  return { engine, states }
}

describe('encryption at rest', () => {
  it('leaves no known NIK or name readable in any stored file (the same workspace in clear shows them)', async () => {
    const clear = new FaultyStorage()
    await (await build(clear, null)).engine.close()
    expect(leaks(clear.entries).length).toBeGreaterThan(0)

    const inner = new FaultyStorage()
    const { engine } = await build(inner, randomBytes(32))
    // Open, with records in the live journal, and after closing (final snapshot).
    expect([...inner.entries.keys()].some((n) => n.startsWith('journal-') && inner.entries.get(n)!.length > 0)).toBe(true)
    expect([...inner.entries.keys()].some((n) => n.startsWith('blobs/'))).toBe(true)
    expect(leaks(inner.entries)).toEqual([])
    await engine.close()
    expect(leaks(inner.entries)).toEqual([])
  })

  it('a flipped bit in the newest encrypted snapshot falls back to the previous generation and says so', async () => {
    const key = randomBytes(32)
    const inner = new FaultyStorage()
    const { engine, states } = await build(inner, key)
    await engine.checkpointIfDirty()
    const rows = (await engine.rows()).filter((r) => r.kind === 'village')
    await engine.editCell({ rowId: rows[0]!.id, field: 'nama', value: 'NAMA SESUDAH SNAPSHOT' })
    const expected = stateOf(engine)
    await engine.close()
    expect(states.length).toBeGreaterThan(1)

    const newest = Math.max(
      ...[...inner.entries.keys()]
        .map((n) => /^snapshot-(\d+)/.exec(n)?.[1])
        .filter(Boolean)
        .map(Number)
    )
    const damaged = copy(inner.entries)
    const snap = damaged.entries.get(`snapshot-${newest}.sqlite`)!
    snap[Math.floor(snap.length / 2)]! ^= 0x10
    const { state, recovery } = await reopen(damaged, key)
    expect(state).toBe(expected)
    expect(recovery?.usedPreviousSnapshot).toBe(true)
    expect(recovery?.lost).toBeNull()
    expect(recovery?.damaged).toContainEqual({ file: `snapshot-${newest}.sqlite`, problem: expect.stringContaining('enkripsi') })
    expect(recovery?.keptAside).toMatch(/^damaged\//)
  })

  it('a flipped bit in an encrypted journal record: the changes before it kept, it and every later one reported lost', async () => {
    const key = randomBytes(32)
    const inner = new FaultyStorage()
    const { states } = await build(inner, key, 5)
    // The process stops here (no close): the five edits live in the journal only.
    const journal = [...inner.entries.keys()]
      .filter((n) => n.startsWith('journal-'))
      .sort()
      .pop()!
    const raw = inner.entries.get(journal)!
    // Frame boundaries: "CEJ1" + u32 length, so the third record's frame can be hit in its middle.
    const starts: number[] = []
    for (let at = 0; at < raw.length;) {
      starts.push(at)
      at += 8 + new DataView(raw.buffer, raw.byteOffset + at + 4, 4).getUint32(0, true)
    }
    expect(starts).toHaveLength(5)
    const damaged = copy(inner.entries)
    damaged.entries.get(journal)![starts[2]! + 30]! ^= 0x01
    const { state, recovery } = await reopen(damaged, key)
    expect(state).toBe(states[2])
    // The damaged record cannot be read, so (as in a clear journal) the count is "at least".
    expect(recovery?.lost).toMatchObject({ count: 3, exact: false })
    expect(recovery?.damaged.map((d) => d.file)).toContain(journal)
  })

  it('a last record cut short by a power cut is a torn write; every whole record before it is kept', async () => {
    const key = randomBytes(32)
    const inner = new FaultyStorage()
    const { states } = await build(inner, key, 3)
    const journal = [...inner.entries.keys()]
      .filter((n) => n.startsWith('journal-'))
      .sort()
      .pop()!
    const torn = copy(inner.entries)
    torn.entries.set(journal, torn.entries.get(journal)!.slice(0, -20))
    const { state, recovery } = await reopen(torn, key)
    expect(state).toBe(states[2])
    expect(recovery?.droppedTailBytes).toBeGreaterThan(0)
  })

  it('a failed append is cut back, so the next change and a reopen are whole', async () => {
    const key = randomBytes(32)
    const inner = new FaultyStorage()
    const { engine } = await build(inner, key, 1)
    const rows = (await engine.rows()).filter((r) => r.kind === 'village')
    inner.failNext(/^journal-/, 30)
    await expect(engine.editCell({ rowId: rows[0]!.id, field: 'alamat', value: 'GAGAL' })).rejects.toThrow(/injected/)
    await engine.editCell({ rowId: rows[0]!.id, field: 'alamat', value: 'BERHASIL' })
    const expected = stateOf(engine)
    const { state, recovery } = await reopen(copy(inner.entries), key)
    expect(state).toBe(expected)
    expect(recovery?.lost ?? null).toBeNull()
    expect(recovery?.damaged ?? []).toEqual([])
  })

  it('another key is refused with nothing written', async () => {
    const inner = new FaultyStorage()
    await (await build(inner, randomBytes(32))).engine.close()
    const before = new Map([...inner.entries].map(([n, b]) => [n, Buffer.from(b).toString('hex')]))
    await expect(openEncrypted(inner, dataCipher(randomBytes(32)))).rejects.toMatchObject({ code: 'WORKSPACE_KEY_WRONG' })
    expect(new Map([...inner.entries].map(([n, b]) => [n, Buffer.from(b).toString('hex')]))).toEqual(before)
  })
})

/** Throws on the n-th write, as if the process were killed between two steps of the migration. */
class StopAtWrite extends MemoryStorage {
  writes = 0
  stopAt = Infinity
  override async writeAtomic(name: string, data: Uint8Array): Promise<void> {
    if (++this.writes === this.stopAt) throw new Error(`gestopt bij schrijven ${this.writes}: ${name}`)
    return super.writeAtomic(name, data)
  }
}

describe('migration of a clear workspace', () => {
  async function oldWorkspace(): Promise<{ files: Map<string, Uint8Array>; state: string }> {
    const clear = new FaultyStorage()
    const { states } = await build(clear, null, 3)
    // Left as a crash leaves it: the last edits in the journal only.
    return { files: clear.entries, state: states.at(-1)! }
  }

  it('encrypts every file in place on the first open with a key, with the same data', async () => {
    const { files, state } = await oldWorkspace()
    const inner = copy(files)
    const key = randomBytes(32)
    const { migrated } = await openEncrypted(inner, dataCipher(key))
    expect(migrated).toBe(files.size)
    expect(inner.entries.has(MARKER)).toBe(true)
    expect(leaks(inner.entries)).toEqual([])
    for (const [name, bytes] of inner.entries)
      expect(['CEW1', 'CEJ1'], name).toContain(Buffer.from(bytes.subarray(0, 4)).toString('latin1'))
    expect((await reopen(inner, key)).state).toBe(state)
    // Once encrypted, nothing is migrated again.
    expect((await openEncrypted(inner, dataCipher(key))).migrated).toBe(0)
  })

  it('is safe when cut off at any write: the next open finishes it, nothing lost, nothing left in clear', async () => {
    const { files, state } = await oldWorkspace()
    const key = randomBytes(32)
    // One write per file, then the marker.
    for (let stopAt = 1; stopAt <= files.size + 1; stopAt++) {
      const inner = new StopAtWrite()
      for (const [name, bytes] of files) filesOf(inner).set(name, bytes.slice())
      inner.stopAt = stopAt
      await expect(openEncrypted(inner, dataCipher(key)), `stop at ${stopAt}`).rejects.toThrow(/gestopt/)
      expect(filesOf(inner).has(MARKER)).toBe(false)
      inner.stopAt = Infinity
      const { state: after } = await reopen(inner, key)
      expect(after, `stop at ${stopAt}`).toBe(state)
      expect(leaks(filesOf(inner)), `stop at ${stopAt}`).toEqual([])
    }
  })
})
