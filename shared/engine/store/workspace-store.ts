/**
 * Crash-safe persistence of a sql.js database in a workspace folder (RELIABILITY.md):
 *
 *   CURRENT              the live generation number and its CRC-32, replaced atomically
 *   snapshot-<g>.sqlite  sealed database image of generation g (g and g-1 are kept)
 *   journal-<g>.log      commands acknowledged since snapshot g, each fsynced before its ack
 *   blobs/<sha256>       imported files, written before the command that reads them
 *   damaged/<time>/      copies of files recovery found damaged
 *
 * A command is applied in a transaction, journaled (fsync), then committed and acknowledged.
 * A checkpoint writes snapshot g+1 (temp → fsync → rename), then CURRENT, then starts journal
 * g+1, then drops generation g-1. Recovery opens the newest snapshot that passes its checks and
 * replays the journals after it strictly in sequence; any damage, gap or fallback is kept aside,
 * reported with the changes it lost, and the recovered state saved at once as a new generation.
 */
import type { SqlJsStatic } from 'sql.js'

import type { RecoveryInfo } from '../../api/types'
import { Db } from '../db'
import { cermatError } from '../errors'
import type { WorkspaceStorage } from '../ports'
import { SealBroken } from './encrypted-storage'
import { encodeCurrent, keepAside, parseCurrent, RecoveryReport } from './integrity'
import { decodeJournal, encodeRecord } from './journal'
import { sealSnapshot, unsealSnapshot } from './snapshot'

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
  /** Time stamp for the folder damaged files are kept in; the system clock when absent. */
  now?(): string
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
    const gens = generationsIn(names)

    const currentRead = await readOrBroken(storage, 'CURRENT')
    const currentBytes = currentRead instanceof SealBroken ? currentRead.raw : currentRead
    if (!currentBytes && gens.snapshots.length === 0) {
      const db = new Db(new sql.Database())
      opts.init(db)
      const store = new WorkspaceStore(storage, 0, 0)
      await store.writeGeneration(db, 1)
      return { store, db, recovery: null, created: true }
    }

    const parsed = currentRead instanceof SealBroken ? SEAL_BROKEN : currentBytes ? parseCurrent(currentBytes) : 'berkas hilang'
    const current = typeof parsed === 'string' ? null : parsed.generation
    // Damage found so far, carried into the report of whichever snapshot is finally used.
    const found: { file: string; problem: string; keep: boolean }[] = []
    if (typeof parsed === 'string') found.push({ file: 'CURRENT', problem: parsed, keep: currentBytes !== null })
    // Every generation any file names: a journal may run past the newest snapshot.
    const last = Math.max(current ?? 0, ...gens.snapshots, ...gens.journals)

    const reasons: string[] = []
    // The newest valid snapshot, whatever CURRENT says: a snapshot newer than CURRENT is a
    // checkpoint cut off just before CURRENT was replaced, complete and durable (written by rename).
    for (const base of gens.snapshots) {
      const loaded = await loadSnapshot(storage, sql, base)
      if (typeof loaded === 'string') {
        reasons.push(`${snapshotName(base)}: ${loaded}`)
        found.push({ file: snapshotName(base), problem: loaded, keep: true })
        continue
      }
      const { db, sealed } = loaded
      const report = new RecoveryReport()
      for (const f of found) report.damage(f.file, f.problem, f.keep)
      report.legacy = !sealed || (typeof parsed !== 'string' && !parsed.sealed)
      try {
        opts.upgrade(db)
        report.usedPreviousSnapshot = base < last
        report.restoredSeq = readMeta(db).lastSeq
        await replayJournals(storage, db, base, last, report, opts)
        const store = new WorkspaceStore(storage, last, report.restoredSeq)
        store.recordsSinceCheckpoint = report.replayed
        store.journalBytes = (await storage.read(journalName(last)))?.length ?? 0
        if (report.troubled || report.legacy || base !== current) {
          // Keep the damaged files aside, then make the recovered state durable as a new sealed
          // generation, so nothing damaged (or in an old format) is needed again.
          report.keptAside = await keepAside(storage, report.files, opts.now?.() ?? new Date().toISOString())
          await store.checkpoint(db)
          for (const name of report.files) if (name.startsWith('snapshot-')) await storage.remove(name)
          // A journal keeps its good beginning: it still serves the previous generation as a fallback.
          for (const [name, length] of report.cuts) if (await storage.read(name)) await storage.truncate(name, length)
        }
        return { store, db, recovery: report.notable ? report.info() : null, created: false }
      } catch (err) {
        db.close()
        if (err instanceof Error && 'code' in err && err.code === 'WORKSPACE_TOO_NEW') throw err
        const problem = err instanceof Error ? err.message : String(err)
        reasons.push(`${snapshotName(base)}: ${problem}`)
        found.push({ file: snapshotName(base), problem, keep: true })
      }
    }
    throw cermatError('WORKSPACE_CORRUPT', { location: storage.location, reason: reasons.join('; ') || 'tidak ada snapshot' })
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
    // Checked before sealing, so an open trusts the seal instead of walking every page (decision 58);
    // a database that fails is never sealed: the last generation and its journal stay the truth.
    quickCheck(db)
    db.run(
      `INSERT INTO meta (key, value) VALUES ('generation', ?), ('last_seq', ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      [String(next), String(this.lastSeq)]
    )
    const image = sealSnapshot(db.export(), true)
    await this.storage.writeAtomic(snapshotName(next), image)
    // A journal of this number can only be left over from an interrupted earlier attempt.
    await this.storage.remove(journalName(next))
    await this.storage.writeAtomic('CURRENT', encodeCurrent(next))
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

function quickCheck(db: Db): void {
  const check = db.column<string>('PRAGMA quick_check')
  if (check.length !== 1 || check[0] !== 'ok') throw new Error(`quick_check: ${check.slice(0, 3).join(', ')}`)
}

async function loadSnapshot(storage: WorkspaceStorage, sql: SqlJsStatic, g: number): Promise<{ db: Db; sealed: boolean } | string> {
  const bytes = await readOrBroken(storage, snapshotName(g))
  if (bytes instanceof SealBroken) return SEAL_BROKEN
  if (!bytes) return 'tidak ada'
  const { image, sealed, checked, problem } = unsealSnapshot(bytes)
  if (problem) return problem
  let db: Db
  try {
    db = new Db(new sql.Database(image))
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
  try {
    if (!checked) quickCheck(db)
    const info = readMeta(db)
    if (info.generation !== g) throw new Error(`generasi ${info.generation}, diharapkan ${g}`)
    return { db, sealed }
  } catch (err) {
    db.close()
    return err instanceof Error ? err.message : String(err)
  }
}

/**
 * Replays journals base..last on top of snapshot `base`, strictly in sequence: a gap, a damaged
 * record or a record that fails to apply stops replay there; every later record that can still be
 * read is reported as lost (with its time), never applied out of order.
 */
async function replayJournals<C>(
  storage: WorkspaceStorage,
  db: Db,
  base: number,
  last: number,
  report: RecoveryReport,
  opts: OpenOptions<C>
): Promise<void> {
  let stopped = false
  for (let g = base; g <= last; g++) {
    const name = journalName(g)
    const bytes = await storage.read(name)
    if (!bytes) continue
    const decoded = decodeJournal<JournalRecord<C>>(bytes)
    for (const record of decoded.records) {
      if (!isRecord(record)) {
        report.unreadableBytes()
        if (!stopped) report.damage(name, 'catatan tanpa nomor urut')
        stopped = true
        continue
      }
      if (record.seq <= report.restoredSeq) continue
      if (stopped) {
        report.notRestored(record)
        continue
      }
      if (record.seq !== report.restoredSeq + 1) {
        report.damage(name, `perubahan no. ${report.restoredSeq + 1}–${record.seq - 1} hilang`)
        report.notRestored(record)
        stopped = true
        continue
      }
      try {
        // Each record all or nothing, so a failure leaves exactly the changes before it.
        await db.transaction(() => opts.replay(db, record))
        report.restored(record)
      } catch (err) {
        if (err instanceof Error && 'code' in err && err.code === 'WORKSPACE_TOO_NEW') throw err
        report.damage(name, `perubahan no. ${record.seq} tidak dapat diterapkan: ${err instanceof Error ? err.message : String(err)}`)
        report.notRestored(record)
        stopped = true
      }
    }
    if (decoded.validLength < bytes.length) {
      const tail = bytes.length - decoded.validLength
      report.unreadableBytes()
      for (const record of decoded.after) if (isRecord(record)) report.notRestored(record)
      if (decoded.damaged || g !== last) report.damage(name, `rusak mulai bita ${decoded.validLength} (${tail} bita)`)
      else {
        // A torn last write: the record being saved when the program or power stopped.
        report.droppedTailBytes += tail
        report.files.add(name)
      }
      report.cuts.set(name, decoded.validLength)
      stopped = true
    }
  }
}

const SEAL_BROKEN = 'gagal pemeriksaan enkripsi (rusak atau diubah)'

/** A file's bytes; an encrypted file whose tag fails is damage to fall back from, not an error to stop at. */
async function readOrBroken(storage: WorkspaceStorage, name: string): Promise<Uint8Array | null | SealBroken> {
  try {
    return await storage.read(name)
  } catch (err) {
    if (err instanceof SealBroken) return err
    throw err
  }
}

function isRecord(r: unknown): r is JournalRecord {
  const rec = r as Partial<JournalRecord>
  return Number.isInteger(rec.seq) && typeof rec.at === 'string' && typeof rec.by === 'string' && 'cmd' in rec
}

function generationsIn(names: string[]): { snapshots: number[]; journals: number[] } {
  const snapshots: number[] = []
  const journals: number[] = []
  for (const name of names) {
    const m = /^(snapshot|journal)-(\d+)\.(sqlite|log)$/.exec(name)
    if (m) (m[1] === 'snapshot' ? snapshots : journals).push(Number(m[2]))
  }
  return { snapshots: snapshots.sort((a, b) => b - a), journals: journals.sort((a, b) => b - a) }
}

function readMeta(db: Db): { generation: number; lastSeq: number } {
  // The store runs below the engine, on a schema of any age: its own statement, not the table layer's.
  const rows = db.all<{ key: string; value: string }>(`SELECT key, value FROM meta WHERE key IN ('generation', 'last_seq')`)
  const map = new Map(rows.map((r) => [r.key, Number(r.value)]))
  return { generation: map.get('generation') ?? 0, lastSeq: map.get('last_seq') ?? 0 }
}
