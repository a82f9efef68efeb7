/** The engine the benchmarks measure: a disk workspace with the Node ports, opened as the app opens one (encrypted at rest). */
import { randomBytes } from 'node:crypto'

import { dataCipher } from '../../electron/engine-host/data-cipher'
import { loadSql, nowIso, randomId, sha256 } from '../../electron/engine-host/node-ports'
import { NodeStorage } from '../../electron/engine-host/node-storage'
import { Engine } from '../../shared/engine/engine'
import type { WorkspaceStorage } from '../../shared/engine/ports'
import { openEncrypted } from '../../shared/engine/store/encryption'

/** Which way writes go; `encrypted = false` writes in the clear, as Cermat did before encryption at rest (for the before/after figure). */
export interface WriteMode {
  encrypted: boolean
}

/** Reads, writes and appends through the encrypted storage or straight to disk, as `mode` says at that moment. */
function switchable(disk: NodeStorage, sealed: WorkspaceStorage, mode: WriteMode): WorkspaceStorage {
  const to = () => (mode.encrypted ? sealed : disk)
  return {
    location: disk.location,
    read: (name) => to().read(name),
    writeAtomic: (name, data) => to().writeAtomic(name, data),
    append: (name, data) => to().append(name, data),
    truncate: (name, length) => to().truncate(name, length),
    remove: (name) => disk.remove(name),
    list: () => disk.list(),
    listAll: () => disk.listAll()
  }
}

/** `key`: the workspace's data key when something else opens the workspace later (bench:grid's test host); else a random one. */
export async function openBenchEngine(
  dir: string,
  now: () => string = nowIso,
  mode: WriteMode = { encrypted: true },
  key: Uint8Array = randomBytes(32)
): Promise<Engine> {
  const disk = new NodeStorage(dir)
  const { storage } = await openEncrypted(disk, dataCipher(key))
  return Engine.open({
    sql: await loadSql(),
    storage: switchable(disk, storage, mode),
    now,
    sha256,
    randomId,
    defaultOperator: 'bench',
    appVersion: 'bench',
    progress: () => undefined
  })
}
