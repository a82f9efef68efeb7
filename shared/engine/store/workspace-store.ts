/**
 * Crash-safe persistence of a sql.js database in a workspace folder (RELIABILITY.md):
 *
 *   CURRENT              the live generation number, replaced atomically
 *   snapshot-<g>.sqlite  full database image of generation g (g and g-1 are kept)
 *   journal-<g>.log      commands acknowledged since snapshot g, each fsynced before its ack
 *   blobs/<sha256>       imported files, written before the command that reads them
 *
 * A command is applied in a transaction, journaled (fsync), then committed and acknowledged.
 * A checkpoint writes snapshot g+1 (temp → fsync → rename), then CURRENT, then starts journal
 * g+1, then drops generation g-1. Recovery opens the newest valid snapshot and replays the
 * journals after it, stopping at a torn tail; if snapshot g is unusable it falls back to g-1.
 */
import type { SqlJsStatic } from 'sql.js'
import type { RecoveryInfo } from '../../api/types'
import { Db } from '../db'
import { cermatError } from '../errors'
import type { WorkspaceStorage } from '../ports'
import { decodeJournal, encodeRecord } from './journal'
import { snapshotProblem } from './snapshot'

export interface JournalRecord<C = unknown> {
  seq: number
  at: string
  by: string
  cmd: C
}

const snapshotName = (g: number) => `snapshot-${g}.sqlite`
const journalName = (g: number) => `journal-${g}.log`

export interface OpenOptions<C> {
  /** Re-applies one journaled command during recovery (no journaling, no progress). */
  replay(db: Db, record: JournalRecord<C>): Promise<void>
  /** Prepares a brand-new database (migrations, meta). */
  init(db: Db): void
  /** Brings a recovered database to the current schema. */
  upgrade(db: Db): void
}

export class WorkspaceStore {
  readonly storage: WorkspaceStorage
  private generation: number
  private lastSeq: number
  private recordsSinceCheckpoint = 0
  /** Length of the live journal's valid data: a failed append is cut back to it. */
  private journalBytes = 0

  private constructor(storage: WorkspaceStorage, generation: number, lastSeq: number) {
    this.storage = storage
    this.generation = generation
    this.lastSeq = lastSeq
  }

  get seq(): number {
    return this.lastSeq
  }

  get pendingRecords(): number {
    return this.recordsSinceCheckpoint
  }

  /** Opens (or creates, when the folder has no workspace yet) and recovers. */
  static async open<C>(
    storage: WorkspaceStorage,
    sql: SqlJsStatic,
    opts: OpenOptions<C>
  ): Promise<{ store: WorkspaceStore; db: Db; recovery: RecoveryInfo | null; created: boolean }> {
    const names = await storage.list()
    for (const n of names) if (n.endsWith('.tmp')) await storage.remove(n)

    const currentBytes = await storage.read('CURRENT')
    if (!currentBytes) {
      if (names.some((n) => n.startsWith('snapshot-'))) {
        throw cermatError('WORKSPACE_CORRUPT', { location: storage.location, reason: 'berkas CURRENT hilang' })
      }
      const db = new Db(new sql.Database())
      opts.init(db)
      const store = new WorkspaceStore(storage, 0, 0)
      await store.writeGeneration(db, 1)
      return { store, db, recovery: null, created: true }
    }

    const current = Number(new TextDecoder().decode(currentBytes).trim())
    if (!Number.isInteger(current) || current < 1) {
      throw cermatError('WORKSPACE_CORRUPT', { location: storage.location, reason: 'berkas CURRENT tidak sah' })
    }

    const reasons: string[] = []
    for (const base of [current, current - 1]) {
      if (base < 1) break
      const loaded = await loadSnapshot(storage, sql, base)
      if (typeof loaded === 'string') {
        reasons.push(`${snapshotName(base)}: ${loaded}`)
        continue
      }
      const db = loaded
      try {
        opts.upgrade(db)
        const info = readMeta(db)
        const recovery: RecoveryInfo = { replayed: 0, usedPreviousSnapshot: base !== current, droppedTailBytes: 0 }
        let lastSeq = info.lastSeq
        let journalLength = 0
        for (let g = base; g <= current; g++) {
          const journal = (await storage.read(journalName(g))) ?? new Uint8Array()
          const decoded = decodeJournal<JournalRecord<C>>(journal)
          if (g === current) journalLength = decoded.validLength
          if (decoded.validLength < journal.length) {
            recovery.droppedTailBytes += journal.length - decoded.validLength
            // Only the live journal can legitimately have a torn tail; cut it so appends follow valid data.
            if (g === current) await storage.truncate(journalName(g), decoded.validLength)
          }
          for (const record of decoded.records) {
            if (record.seq <= lastSeq) continue
            await opts.replay(db, record)
            lastSeq = record.seq
            recovery.replayed++
          }
        }
        const store = new WorkspaceStore(storage, current, lastSeq)
        store.recordsSinceCheckpoint = recovery.replayed
        store.journalBytes = journalLength
        const interesting = recovery.replayed > 0 || recovery.usedPreviousSnapshot || recovery.droppedTailBytes > 0
        // A fallback is made durable at once so the damaged generation is no longer needed.
        if (recovery.usedPreviousSnapshot) await store.checkpoint(db)
        return { store, db, recovery: interesting ? recovery : null, created: false }
      } catch (err) {
        db.close()
        if (err instanceof Error && 'code' in err && err.code === 'WORKSPACE_TOO_NEW') throw err
        reasons.push(`${snapshotName(base)}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    throw cermatError('WORKSPACE_CORRUPT', { location: storage.location, reason: reasons.join('; ') })
  }

  /** Makes one command durable. Call inside the command's transaction, before committing it. */
  async append<C>(record: Omit<JournalRecord<C>, 'seq'>): Promise<number> {
    const seq = this.lastSeq + 1
    const frame = encodeRecord({ seq, ...record })
    try {
      await this.storage.append(journalName(this.generation), frame)
    } catch (err) {
      // A partly written frame would hide every later record from recovery: cut it off.
      await this.storage.truncate(journalName(this.generation), this.journalBytes).catch(() => undefined)
      throw err
    }
    this.journalBytes += frame.length
    this.lastSeq = seq
    this.recordsSinceCheckpoint++
    return seq
  }

  /** Writes the next generation. Only between transactions. */
  async checkpoint(db: Db): Promise<void> {
    await this.writeGeneration(db, this.generation + 1)
  }

  private async writeGeneration(db: Db, next: number): Promise<void> {
    db.run(`INSERT INTO meta (key, value) VALUES ('generation', ?), ('last_seq', ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [String(next), String(this.lastSeq)])
    const image = db.export()
    await this.storage.writeAtomic(snapshotName(next), image)
    // A journal of this number can only be left over from an interrupted earlier attempt.
    await this.storage.remove(journalName(next))
    await this.storage.writeAtomic('CURRENT', new TextEncoder().encode(`${next}\n`))
    const previous = this.generation
    this.generation = next
    this.recordsSinceCheckpoint = 0
    this.journalBytes = 0
    // Keep generation next-1 (= previous) as the fallback; older ones can go.
    for (const name of await this.storage.list()) {
      const m = /^(snapshot|journal)-(\d+)\.(sqlite|log)$/.exec(name)
      if (m && Number(m[2]) < previous) await this.storage.remove(name)
    }
  }
}

async function loadSnapshot(storage: WorkspaceStorage, sql: SqlJsStatic, g: number): Promise<Db | string> {
  const bytes = await storage.read(snapshotName(g))
  if (!bytes) return 'tidak ada'
  const problem = snapshotProblem(bytes)
  if (problem) return problem
  let db: Db
  try {
    db = new Db(new sql.Database(bytes))
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
  try {
    const check = db.column<string>('PRAGMA quick_check')
    if (check.length !== 1 || check[0] !== 'ok') throw new Error(`quick_check: ${check.slice(0, 3).join(', ')}`)
    const info = readMeta(db)
    if (info.generation !== g) throw new Error(`generasi ${info.generation}, diharapkan ${g}`)
    return db
  } catch (err) {
    db.close()
    return err instanceof Error ? err.message : String(err)
  }
}

function readMeta(db: Db): { generation: number; lastSeq: number } {
  const rows = db.all<{ key: string; value: string }>(`SELECT key, value FROM meta WHERE key IN ('generation', 'last_seq')`)
  const map = new Map(rows.map((r) => [r.key, Number(r.value)]))
  return { generation: map.get('generation') ?? 0, lastSeq: map.get('last_seq') ?? 0 }
}
