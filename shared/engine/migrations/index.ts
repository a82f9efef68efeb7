/**
 * Versioned schema migrations, tracked in PRAGMA user_version. Each migration runs in the
 * caller's transaction and has its own test (test/unit/engine/migrations.test.ts).
 */
import type { Db } from '../db'
import { cermatError } from '../errors'
import { up as initial } from './0001-initial'
import { up as summaryIndexes } from './0002-summary-indexes'
import { up as importDetails } from './0003-import-details'
import { up as matching } from './0004-matching'
import { up as undo } from './0005-undo'
import { up as removalBasis } from './0006-removal-basis'
import { up as masterDesaCode } from './0007-master-desa-code'
import { up as stableIdentity } from './0008-stable-identity'
import { up as delivery } from './0009-delivery'
import { up as registerIds } from './0010-register-ids'
import { up as desaListCode } from './0011-desa-list-code'

export interface Migration {
  version: number
  name: string
  up(db: Db): void
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'summary-indexes', up: summaryIndexes },
  { version: 3, name: 'import-details', up: importDetails },
  { version: 4, name: 'matching', up: matching },
  { version: 5, name: 'undo', up: undo },
  { version: 6, name: 'removal-basis', up: removalBasis },
  { version: 7, name: 'master-desa-code', up: masterDesaCode },
  { version: 8, name: 'stable-identity', up: stableIdentity },
  { version: 9, name: 'delivery', up: delivery },
  { version: 10, name: 'register-ids', up: registerIds },
  { version: 11, name: 'desa-list-code', up: desaListCode }
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

export function schemaVersion(db: Db): number {
  return Number(db.column('PRAGMA user_version')[0] ?? 0)
}

/** Brings the database to SCHEMA_VERSION; refuses a database made by a newer Cermat. */
export function migrate(db: Db, upTo: number = SCHEMA_VERSION): number[] {
  const current = schemaVersion(db)
  if (current > SCHEMA_VERSION) {
    throw cermatError('WORKSPACE_TOO_NEW', {
      found: current,
      supported: SCHEMA_VERSION
    })
  }
  const applied: number[] = []
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > upTo) continue
    db.transactionSync(() => {
      m.up(db)
      db.run(`PRAGMA user_version = ${m.version}`)
    })
    applied.push(m.version)
  }
  return applied
}
