/**
 * What recovery found, kept as it goes: damaged files, the last change restored, and the saved
 * changes that could not be restored (so the operator is told exactly what to redo), plus the
 * CURRENT file's own checksum and keeping damaged files aside.
 */
import type { LostChanges, RecoveryInfo } from '../../api/types'
import type { WorkspaceStorage } from '../ports'
import { crc32 } from './crc32'
import { SealBroken } from './encrypted-storage'

export interface SeqRecord {
  seq: number
  at: string
}

/** CURRENT holds "<generation> <crc32 hex of the number>"; a bare number (older workspaces) is accepted. */
export function encodeCurrent(generation: number): Uint8Array {
  const text = String(generation)
  return new TextEncoder().encode(`${text} ${crc32(new TextEncoder().encode(text)).toString(16).padStart(8, '0')}\n`)
}

export function parseCurrent(bytes: Uint8Array): { generation: number; sealed: boolean } | string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return 'bukan teks'
  }
  const m = /^(\d{1,9})(?: ([0-9a-f]{8}))?\n?$/.exec(text)
  if (!m) return 'isi tidak sah'
  const generation = Number(m[1])
  if (generation < 1) return 'generasi tidak sah'
  if (m[2] && parseInt(m[2], 16) !== crc32(new TextEncoder().encode(m[1]))) return 'checksum tidak cocok'
  return { generation, sealed: Boolean(m[2]) }
}

export class RecoveryReport {
  replayed = 0
  usedPreviousSnapshot = false
  droppedTailBytes = 0
  restoredSeq = 0
  restoredAt: string | null = null
  readonly damaged: { file: string; problem: string }[] = []
  /** Saved changes seen (readable) but not restored. */
  private readonly unrestored = new Map<number, string>()
  /** Bytes that may have held changes we could not read (a damaged or torn record). */
  private unreadable = false
  /** Written in an older format: rewrite at once. */
  legacy = false
  keptAside: string | null = null
  /** Names of damaged files to keep aside. */
  readonly files = new Set<string>()
  /** Journals to cut back to their good beginning (name → bytes kept). */
  readonly cuts = new Map<string, number>()

  damage(file: string, problem: string, keep = true): void {
    this.damaged.push({ file, problem })
    if (keep) this.files.add(file)
  }

  restored(record: SeqRecord): void {
    this.replayed++
    this.restoredSeq = record.seq
    this.restoredAt = record.at
  }

  notRestored(record: SeqRecord): void {
    this.unrestored.set(record.seq, record.at)
  }

  unreadableBytes(): void {
    this.unreadable = true
  }

  get lost(): LostChanges | null {
    const seqs = [...this.unrestored.keys()].filter((s) => s > this.restoredSeq).sort((a, b) => a - b)
    if (seqs.length === 0 && !this.unreadable) return null
    const times = seqs.map((s) => this.unrestored.get(s)!).sort()
    const last = seqs.at(-1) ?? null
    // Every number between the last restored and the last seen is lost, readable or not.
    const count = last === null ? 1 : last - this.restoredSeq
    // Numbers between are known lost even when their records are gone; unreadable bytes may hide more after the last.
    const exact = !this.unreadable
    return { firstSeq: this.restoredSeq + 1, lastSeq: exact ? last : null, count, exact, from: times[0] ?? null, to: times.at(-1) ?? null }
  }

  /** Something was damaged, lost or cut: the state must be rewritten and the operator told. */
  get troubled(): boolean {
    return this.usedPreviousSnapshot || this.droppedTailBytes > 0 || this.damaged.length > 0 || this.lost !== null
  }

  /** True when anything needs saying. */
  get notable(): boolean {
    return this.replayed > 0 || this.troubled
  }

  info(): RecoveryInfo {
    return {
      replayed: this.replayed,
      usedPreviousSnapshot: this.usedPreviousSnapshot,
      droppedTailBytes: this.droppedTailBytes,
      restoredSeq: this.restoredSeq,
      restoredAt: this.restoredAt,
      damaged: this.damaged,
      lost: this.lost,
      keptAside: this.keptAside
    }
  }
}

/** Copies damaged files to `damaged/<time>/` (never overwriting) and returns that folder, or null. */
export async function keepAside(storage: WorkspaceStorage, files: Iterable<string>, now: string): Promise<string | null> {
  const names = [...files]
  if (names.length === 0) return null
  const folder = `damaged/${now.replace(/[^0-9A-Za-z]+/g, '-').replace(/-+$/, '')}`
  for (const name of names) {
    // An encrypted file that fails its check is kept as found (still encrypted: sealed again on write).
    const bytes = await storage.read(name).catch((err: unknown) => {
      if (err instanceof SealBroken) return err.raw
      throw err
    })
    if (bytes) await storage.writeAtomic(`${folder}/${name.replace(/\//g, '_')}`, bytes)
  }
  return folder
}
