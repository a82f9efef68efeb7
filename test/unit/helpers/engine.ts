import { createHash, randomUUID } from 'node:crypto'

import initSqlJs, { type SqlJsStatic } from 'sql.js'

import type { ProgressEvent } from '../../../shared/api/types'
import { Engine } from '../../../shared/engine/engine'
import type { EnginePorts } from '../../../shared/engine/ports'
import { FaultyStorage } from './memory-storage'

let sql: Promise<SqlJsStatic> | undefined
export const loadSql = () => (sql ??= initSqlJs())

export interface TestPorts extends EnginePorts {
  storage: FaultyStorage
  events: ProgressEvent[]
}

export async function testPorts(storage = new FaultyStorage()): Promise<TestPorts> {
  const events: ProgressEvent[] = []
  let tick = 0
  return {
    sql: await loadSql(),
    storage,
    // A fixed day with advancing seconds keeps audit times ordered and tests repeatable.
    now: () => new Date(Date.UTC(2026, 10, 23, 2, 0, tick++)).toISOString(),
    sha256: (d) => createHash('sha256').update(d).digest('hex'),
    randomId: () => randomUUID(),
    defaultOperator: 'operator-uji',
    appVersion: '0.0.0-test',
    progress: (e) => events.push(e),
    events
  }
}

export async function openEngine(storage?: FaultyStorage): Promise<{ engine: Engine; ports: TestPorts }> {
  const ports = await testPorts(storage)
  return { engine: await Engine.open(ports, { name: 'Uji' }), ports }
}
