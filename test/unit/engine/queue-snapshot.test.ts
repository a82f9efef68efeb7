/**
 * With a bound (`checkpointAfterRows`, the app's worker sets one), imports are journaled but their
 * snapshot waits for the end of the queue (`readAhead` with no files), idle time or close; what a
 * crash in between leaves is the journal, and a reopen replays it to the same rows.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { Engine } from '../../../shared/engine/engine'
import { testPorts } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'

const DEMO = resolve(import.meta.dirname, '../../../resources/demo')
const master = new Uint8Array(readFileSync(join(DEMO, 'master-dtsen.xlsx')))
const tirtoadi = new Uint8Array(readFileSync(join(DEMO, 'desa/musdes-tirtoadi-2026-11.csv')))

/** Storage that notes the snapshots written to it. */
function counted(): { storage: FaultyStorage; snapshots: string[] } {
  const storage = new FaultyStorage()
  const snapshots: string[] = []
  const write = storage.writeAtomic.bind(storage)
  storage.writeAtomic = (name, data) => {
    if (name.startsWith('snapshot-')) snapshots.push(name)
    return write(name, data)
  }
  return { storage, snapshots }
}

/** A copy of the files as they are now: what a crash at this moment leaves on disk. */
function crashCopy(storage: FaultyStorage): FaultyStorage {
  const copy = new FaultyStorage()
  for (const [name, bytes] of storage.entries) copy.entries.set(name, bytes.slice())
  return copy
}

const rowsOf = async (e: Engine) => (await e.rows()).map((r) => ({ id: r.id, kind: r.kind, values: r.values }))

async function importBoth(engine: Engine): Promise<void> {
  await engine.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
  await engine.importFile('village', { taskId: 'v', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
}

describe('one snapshot per import queue', () => {
  it('journals the imports, snapshots once at the end of the queue, and a crash before it replays them to the same rows', async () => {
    const { storage, snapshots } = counted()
    const engine = await Engine.open(await testPorts(storage), { name: 'Uji', checkpointAfterRows: 1_000_000 })
    const created = snapshots.length
    await importBoth(engine)
    expect(snapshots.length).toBe(created)

    const crashed = await Engine.open(await testPorts(crashCopy(storage)))
    const info = await crashed.info()
    expect(info.recovery?.replayed).toBe(2)
    expect([info.master?.fileName, ...info.villages.map((v) => v.fileName)]).toEqual(['master-dtsen.xlsx', 'musdes-tirtoadi-2026-11.csv'])
    expect(await rowsOf(crashed)).toEqual(await rowsOf(engine))
    await crashed.close()

    engine.readAhead([])
    await engine.info()
    expect(snapshots.length).toBe(created + 1)
    // Nothing left to replay after the queue's snapshot.
    const reopened = await Engine.open(await testPorts(crashCopy(storage)))
    expect((await reopened.info()).recovery).toBeNull()
    expect(await rowsOf(reopened)).toEqual(await rowsOf(engine))
    await reopened.close()
    await engine.close()
  })

  it('an import that brings the rows since the last snapshot to the bound writes one at once', async () => {
    const first = await Engine.open(await testPorts(), { name: 'Uji' })
    await first.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
    const masterRows = (await first.info()).master!.rows
    await first.close()

    const { storage, snapshots } = counted()
    const engine = await Engine.open(await testPorts(storage), { name: 'Uji', checkpointAfterRows: masterRows + 1 })
    const created = snapshots.length
    await engine.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
    expect(snapshots.length).toBe(created)
    await engine.importFile('village', { taskId: 'v', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    expect(snapshots.length).toBe(created + 1)
    // The count starts again after that snapshot: the queue's end has nothing left to write.
    engine.readAhead([])
    await engine.info()
    expect(snapshots.length).toBe(created + 1)
    await engine.close()
  })

  it('without a bound every import writes its snapshot, as before', async () => {
    const { storage, snapshots } = counted()
    const engine = await Engine.open(await testPorts(storage), { name: 'Uji' })
    const created = snapshots.length
    await importBoth(engine)
    expect(snapshots.length).toBe(created + 2)
    await engine.close()
  })
})
