/** The engine the benchmarks measure: a disk workspace with the Node ports, opened as the app opens one. */
import { loadSql, nowIso, randomId, sha256 } from '../../electron/engine-host/node-ports'
import { NodeStorage } from '../../electron/engine-host/node-storage'
import { Engine } from '../../shared/engine/engine'

export async function openBenchEngine(dir: string, now: () => string = nowIso): Promise<Engine> {
  return Engine.open({
    sql: await loadSql(),
    storage: new NodeStorage(dir),
    now,
    sha256,
    randomId,
    defaultOperator: 'bench',
    appVersion: 'bench',
    progress: () => undefined
  })
}
