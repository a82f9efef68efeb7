/**
 * Fault injection on a workspace, shared by the unit test (few cases, invariants only) and
 * `npm run bench:faults` (≥ 1,000 cases, figures printed).
 *
 * - Damage: one random bit flip or truncation in one stored file (snapshots, journals, CURRENT,
 *   blobs) of a finished workspace, then open it as the app would.
 * - Power cut: the same edits on a storage that stops at a random write, keeping only a random
 *   prefix of that write (a torn append; a temp file never renamed) and nothing after it.
 *
 * Each opened workspace is compared with the state after every acknowledged command of a clean
 * run (by sequence number): equal to the last one = recovered; equal to an earlier one = changes
 * lost (must be reported); equal to none = data silently changed (must never happen).
 */
import { createHash } from 'node:crypto'

import { dataCipher } from '../../../electron/engine-host/data-cipher'
import type { RecoveryInfo } from '../../../shared/api/types'
import { Engine } from '../../../shared/engine/engine'
import type { EnginePorts } from '../../../shared/engine/ports'
import { openEncrypted } from '../../../shared/engine/store/encryption'
import { MemoryStorage } from '../../../shared/engine/store/memory-storage'
import { Rng } from '../../fixtures/generator/rng.mts'
import { loadSql } from './engine'
import { masterFile, sumberadiFile } from './sheets'
import { filesOf, seqOf, stateOf } from './workspace-state'

/** Small and seeded, so a failing case can be replayed from its number. */
export function rng(seed: number): () => number {
  const r = new Rng(seed)
  return () => r.next()
}

/** The data key of encrypted fault runs: damage lands in the ciphertext, recovery reads through the encryption. */
const FAULT_KEY = new Uint8Array(32).fill(15)

/** Ports whose clock and ids depend only on how often they were asked: two runs of the same commands agree. */
async function ports(storage: MemoryStorage, encrypted: boolean): Promise<EnginePorts> {
  let tick = 0
  let id = 0
  return {
    sql: await loadSql(),
    storage: encrypted ? (await openEncrypted(storage, dataCipher(FAULT_KEY))).storage : storage,
    now: () => new Date(Date.UTC(2026, 11, 6, 3, 12, 0) + 1000 * tick++).toISOString(),
    sha256: (d) => createHash('sha256').update(d).digest('hex'),
    randomId: () => `id-${++id}`,
    defaultOperator: 'operator-uji',
    appVersion: 'faults',
    progress: () => undefined
  }
}

const CHECKPOINT_EVERY = 5
const EDITS = 12

function clone(files: Map<string, Uint8Array>): MemoryStorage {
  const storage = new MemoryStorage()
  for (const [name, bytes] of files) filesOf(storage).set(name, bytes.slice())
  return storage
}

/** The edits of the workload, applied one by one; `onAck` after each acknowledged one. */
async function edits(engine: Engine, onAck: () => void): Promise<void> {
  const rows = (await engine.rows()).filter((r) => r.kind === 'village')
  for (let i = 0; i < EDITS; i++) {
    const row = rows[(i * 7) % rows.length]!
    await engine.editCell({ rowId: row.id, field: i % 2 ? 'alamat' : 'nama', value: `NILAI ${i}` })
    onAck()
  }
}

export interface Reference {
  /** Files after the imports: where every run starts. */
  start: Map<string, Uint8Array>
  /** Files after the whole workload. */
  end: Map<string, Uint8Array>
  /** State after each acknowledged command, by sequence number. */
  states: Map<number, string>
  lastSeq: number
  /** Stored encrypted at rest (as the hosts store workspaces), or in the clear. */
  encrypted: boolean
}

export async function reference(opts: { encrypted?: boolean } = {}): Promise<Reference> {
  const encrypted = opts.encrypted ?? false
  const setup = new MemoryStorage()
  const a = await Engine.open(await ports(setup, encrypted), { name: 'Uji', checkpointEvery: CHECKPOINT_EVERY })
  await a.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: masterFile() })
  await a.importFile('village', { taskId: 'v', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  await a.close()
  const start = new Map([...filesOf(setup)].map(([n, b]) => [n, b.slice()]))
  const storage = clone(start)
  const engine = await Engine.open(await ports(storage, encrypted), { checkpointEvery: CHECKPOINT_EVERY })
  const states = new Map([[seqOf(engine), stateOf(engine)]])
  await edits(engine, () => states.set(seqOf(engine), stateOf(engine)))
  const lastSeq = seqOf(engine)
  // Left open (no final snapshot), as after a crash: the newest edits live only in the journal.
  return { start, end: new Map([...filesOf(storage)].map(([n, b]) => [n, b.slice()])), states, lastSeq, encrypted }
}

export type Outcome =
  /** Opened with every acknowledged change, and nothing reported (the damage was in a copy not needed). */
  | 'unaffected'
  /** Damage reported, every acknowledged change kept. */
  | 'recovered'
  /** Some acknowledged changes lost, and the report names them. */
  | 'lost_reported'
  /** Refused to open with a clear error (WORKSPACE_CORRUPT), nothing changed. */
  | 'refused'
  /** Acknowledged changes lost without a word. Must not happen, except a journal cut exactly between two records (no trace left). */
  | 'lost_silently'
  /** Opened with data that no acknowledged state had. Must never happen. */
  | 'changed_silently'
  /** Failed with something else than a clear error (a raw TypeError). Must never happen. */
  | 'crashed'

export interface CaseResult {
  file: string
  fault: string
  outcome: Outcome
  /** Acknowledged changes not restored. */
  lost: number
  /** Truncation of a journal exactly at a record boundary: indistinguishable from fewer records. */
  boundaryCut: boolean
  detail: string
}

async function judge(
  storage: MemoryStorage,
  ref: Reference,
  expectedSeq: number,
  allowNext: boolean
): Promise<Omit<CaseResult, 'file' | 'fault' | 'boundaryCut'>> {
  let engine: Engine
  try {
    engine = await Engine.open(await ports(storage, ref.encrypted))
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'WORKSPACE_CORRUPT') return { outcome: 'refused', lost: expectedSeq, detail: (err as Error).message }
    return { outcome: 'crashed', lost: expectedSeq, detail: err instanceof Error ? (err.stack ?? err.message) : String(err) }
  }
  try {
    const seq = seqOf(engine)
    const state = stateOf(engine)
    const recovery: RecoveryInfo | null = (await engine.info()).recovery
    const said = recovery !== null && (recovery.damaged.length > 0 || recovery.lost !== null || recovery.usedPreviousSnapshot)
    const detail = JSON.stringify(recovery)
    if (ref.states.get(seq) !== state) return { outcome: 'changed_silently', lost: 0, detail: `seq ${seq}: ${detail}` }
    if (seq >= expectedSeq && (seq === expectedSeq || allowNext)) return { outcome: said ? 'recovered' : 'unaffected', lost: 0, detail }
    const lost = expectedSeq - seq
    const named =
      recovery?.lost &&
      recovery.lost.firstSeq === seq + 1 &&
      (recovery.lost.exact ? recovery.lost.count === lost : recovery.lost.count <= lost)
    return { outcome: named ? 'lost_reported' : 'lost_silently', lost, detail }
  } finally {
    await engine.close()
  }
}

/** Record boundaries of a journal (offsets where a record ends): [length][crc] records, or encrypted "CEJ1"[length] frames. */
function boundaries(bytes: Uint8Array, encrypted: boolean): Set<number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Set<number>([0])
  for (let at = 0; at + 8 <= bytes.length;) {
    at += 8 + view.getUint32(encrypted ? at + 4 : at, true)
    out.add(at)
  }
  return out
}

/** One random bit flip or truncation of one stored file of the finished workspace. */
export async function damageCase(ref: Reference, random: () => number): Promise<CaseResult> {
  const names = [...ref.end.keys()].sort()
  const file = names[Math.floor(random() * names.length)]!
  const bytes = ref.end.get(file)!.slice()
  const files = new Map(ref.end)
  let fault: string
  let boundaryCut = false
  if (random() < 0.7 && bytes.length > 0) {
    const bit = Math.floor(random() * bytes.length * 8)
    bytes[bit >> 3] = bytes[bit >> 3]! ^ (1 << (bit & 7))
    fault = `bit ${bit}`
    files.set(file, bytes)
  } else {
    const length = Math.floor(random() * bytes.length)
    fault = `cut to ${length} of ${bytes.length}`
    boundaryCut = file.startsWith('journal-') && boundaries(bytes, ref.encrypted).has(length)
    files.set(file, bytes.slice(0, length))
  }
  const result = await judge(clone(files), ref, ref.lastSeq, false)
  return { file, fault, boundaryCut, ...result }
}

/** Stops at the `cutAt`-th write: keeps a random part of it and refuses everything after. */
export class PowerCutStorage extends MemoryStorage {
  private ops = 0
  dead = false
  constructor(
    private readonly cutAt: number,
    private readonly random: () => number
  ) {
    super()
  }

  private step(): boolean {
    if (this.dead) throw new Error('listrik mati')
    return ++this.ops === this.cutAt
  }

  private die(): never {
    this.dead = true
    throw new Error('listrik mati')
  }

  override async writeAtomic(name: string, data: Uint8Array): Promise<void> {
    // temp → fsync → rename: the cut lands before the rename (old content) or after (new content, unacknowledged).
    if (this.step()) {
      if (this.random() < 0.5) await super.writeAtomic(name, data)
      this.die()
    }
    return super.writeAtomic(name, data)
  }

  override async append(name: string, data: Uint8Array): Promise<void> {
    if (this.step()) {
      await super.append(name, data.subarray(0, Math.floor(this.random() * (data.length + 1))))
      this.die()
    }
    return super.append(name, data)
  }

  override async truncate(name: string, length: number): Promise<void> {
    if (this.step()) {
      if (this.random() < 0.5) await super.truncate(name, length)
      this.die()
    }
    return super.truncate(name, length)
  }

  override async remove(name: string): Promise<void> {
    if (this.step()) {
      if (this.random() < 0.5) await super.remove(name)
      this.die()
    }
    return super.remove(name)
  }
}

/** The workload's edits on a storage that loses power at write number `cutAt`; then opened again. */
export async function powerCutCase(
  ref: Reference,
  cutAt: number,
  random: () => number
): Promise<CaseResult & { acked: number; cutHit: boolean }> {
  const storage = new PowerCutStorage(cutAt, random)
  for (const [name, bytes] of ref.start) filesOf(storage).set(name, bytes.slice())
  const startSeq = Math.min(...ref.states.keys())
  let acked = startSeq
  try {
    const engine = await Engine.open(await ports(storage, ref.encrypted), { checkpointEvery: CHECKPOINT_EVERY })
    await edits(engine, () => (acked = seqOf(engine)))
  } catch (err) {
    if (!storage.dead) throw err
  }
  const survivor = clone(filesOf(storage))
  // The command in flight at the cut may have become durable (its append finished): then it is restored too.
  const result = await judge(survivor, ref, acked, true)
  return { file: '(power cut)', fault: `write ${cutAt}`, boundaryCut: false, ...result, acked: acked - startSeq, cutHit: storage.dead }
}

export interface Tally {
  cases: number
  byOutcome: Record<Outcome, number>
  byFile: Record<string, number>
  lostReported: number
  lostSilently: number
  boundaryCuts: number
}

export function tally(results: CaseResult[]): Tally {
  const byOutcome: Record<Outcome, number> = {
    unaffected: 0,
    recovered: 0,
    lost_reported: 0,
    refused: 0,
    lost_silently: 0,
    changed_silently: 0,
    crashed: 0
  }
  const byFile: Record<string, number> = {}
  let lostReported = 0
  let lostSilently = 0
  for (const r of results) {
    byOutcome[r.outcome]++
    const kind = r.file.replace(/-\d+\./, '-<g>.').replace(/^blobs\/.*/, 'blobs/<sha256>')
    byFile[kind] = (byFile[kind] ?? 0) + 1
    if (r.outcome === 'lost_reported') lostReported += r.lost
    if (r.outcome === 'lost_silently') lostSilently += r.lost
  }
  return { cases: results.length, byOutcome, byFile, lostReported, lostSilently, boundaryCuts: results.filter((r) => r.boundaryCut).length }
}
