import { createHash } from 'node:crypto'

import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { parseCurrent } from '../../../shared/engine/store/integrity'
import type { MemoryStorage } from '../../../shared/engine/store/memory-storage'

/** Every table's rows in order, minus the store's own bookkeeping: what must survive recovery unchanged. */
export function stateOf(engine: Engine): string {
  const db = (engine as unknown as { db: Db }).db
  const tables = db.column<string>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
  const hash = createHash('sha256')
  for (const table of tables) {
    const rows = db.all<Record<string, string | number | null | Uint8Array>>(`SELECT * FROM "${table}" ORDER BY rowid`)
    for (const row of rows) {
      if (table === 'meta' && (row.key === 'generation' || row.key === 'last_seq' || row.key === 'audit_checked')) continue
      hash.update(`${table}\u0001${JSON.stringify(row)}\n`)
    }
  }
  return hash.digest('hex')
}

/** The sequence number of the last change the engine holds. */
export function seqOf(engine: Engine): number {
  return (engine as unknown as { store: { seq: number } }).store.seq
}

export function currentGeneration(files: Map<string, Uint8Array>): number {
  const parsed = parseCurrent(files.get('CURRENT')!)
  if (typeof parsed === 'string') throw new Error(parsed)
  return parsed.generation
}

export function filesOf(storage: MemoryStorage): Map<string, Uint8Array> {
  return (storage as unknown as { files: Map<string, Uint8Array> }).files
}
