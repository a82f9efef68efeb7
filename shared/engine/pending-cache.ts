/**
 * The board's summary after every review command: its per-desa parts (what the next package would
 * carry — pendingPerDesa —, findings per code and rows per file and status) kept here per desa and
 * recomputed only for the desa a review command can touch, by the same queries restricted (issue 13;
 * at 200,000 people each was a scan of the whole workspace per edit, issue 17), and the newest
 * review entry per desa, read on from the last audit entry seen. Any other command, or a new day
 * (the gate checks birth dates against it), drops it all: when in doubt, everything.
 */
import { desaKey } from '../domain/region'
import type { Db } from './db'
import { pendingPerDesa } from './package/changes'
import { lastAuditId, lastReviewPerDesa } from './tables/audit-log'
import { decidedAround, desaOfRows, type FindingCount, findingCounts } from './tables/finding-reads'
import { countsPerSourceAndStatus, type SourceCount } from './tables/village-rows'
import { lastReviewOfDesa, type SummaryReads } from './views'

type Pending = Map<string, { rows: number; held: number }>

/** One per-desa part: all desa computed once, then only the dirty ones, by the same function restricted. */
class DesaMemo<T> {
  private cache: Map<string, T> | null = null
  private readonly dirty = new Set<string>()

  constructor(private readonly compute: (db: Db, only?: ReadonlySet<string>) => Map<string, T>) {}

  get cached(): boolean {
    return this.cache !== null
  }

  read(db: Db): Map<string, T> {
    if (!this.cache) {
      this.cache = this.compute(db)
      this.dirty.clear()
    } else if (this.dirty.size > 0) {
      const fresh = this.compute(db, this.dirty)
      for (const key of this.dirty) {
        const v = fresh.get(key)
        if (v !== undefined) this.cache.set(key, v)
        else this.cache.delete(key)
      }
      this.dirty.clear()
    }
    return this.cache
  }

  mark(key: string): void {
    if (this.cache) this.dirty.add(key)
  }

  drop(): void {
    this.cache = null
    this.dirty.clear()
  }
}

/** Rows grouped by their desa key, every desa asked for present (an empty list: none left). */
function byDesa<R extends { desa_key: string }>(rows: R[], only?: ReadonlySet<string>): Map<string, R[]> {
  const out = new Map<string, R[]>()
  for (const key of only ?? []) out.set(key, [])
  for (const r of rows) {
    let list = out.get(r.desa_key)
    if (!list) out.set(r.desa_key, (list = []))
    list.push(r)
  }
  return out
}

/**
 * The newest review entry per desa. The audit log is append-only: after one full read only entries
 * newer than the last seen are read (a shorter log than seen: read all again).
 */
class ReviewMemo {
  private cache: Map<string, number> | null = null
  private seen = 0

  read(db: Db): Map<string, number> {
    const head = lastAuditId(db)
    if (!this.cache || head < this.seen) {
      this.cache = lastReviewOfDesa(db)
    } else if (head > this.seen) {
      for (const r of lastReviewPerDesa(db, this.seen)) {
        if (r.k !== null && r.last > (this.cache.get(r.k) ?? 0)) this.cache.set(r.k, r.last)
      }
    }
    this.seen = head
    return this.cache
  }

  drop(): void {
    this.cache = null
  }
}

const byCodeThenDesa = (a: FindingCount, b: FindingCount): number =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : a.desa_key < b.desa_key ? -1 : a.desa_key > b.desa_key ? 1 : 0

export class PendingCache implements SummaryReads {
  private day = ''
  private readonly pendingMemo = new DesaMemo<{ rows: number; held: number }>((db, only) => pendingPerDesa(db, this.day, only))
  private readonly findingMemo = new DesaMemo<FindingCount[]>((db, only) => byDesa(findingCounts(db, only && [...only]), only))
  private readonly sourceMemo = new DesaMemo<SourceCount[]>((db, only) => byDesa(countsPerSourceAndStatus(db, only && [...only]), only))
  private readonly memos = [this.pendingMemo, this.findingMemo, this.sourceMemo]
  private readonly reviewMemo = new ReviewMemo()

  /** loadSummary's PendingPerDesa: the dirty desa recomputed, or all of them when there is no cache. */
  readonly pending = (db: Db, today: string): Pending => {
    if (today !== this.day) {
      this.pendingMemo.drop()
      this.day = today
    }
    return this.pendingMemo.read(db)
  }

  /** findingCounts, in its order (code, desa). */
  readonly findingCounts = (db: Db): FindingCount[] => [...this.findingMemo.read(db).values()].flat().sort(byCodeThenDesa)

  readonly sourceCounts = (db: Db): SourceCount[] => [...this.sourceMemo.read(db).values()].flat()

  readonly lastReview = (db: Db): Map<string, number> => this.reviewMemo.read(db)

  drop(): void {
    for (const m of this.memos) m.drop()
    this.reviewMemo.drop()
  }

  /**
   * Marks the desa these rows ('v…', 'm…' ids) bear on for recomputing; read before and after the
   * command (a decided finding seen on either side marks that side's desa for the pending counts).
   */
  touch(db: Db, rowIds: Iterable<string>): void {
    if (!this.memos.some((m) => m.cached)) return
    const village: number[] = []
    const master: number[] = []
    for (const id of rowIds) (id.startsWith('m') ? master : village).push(Number(id.slice(1)))
    // The next package is built from decided findings alone: rows none of whose findings (nor
    // their master people's) has a decision, before and after the command, leave every desa's as it was.
    const memos = this.pendingMemo.cached && decidedAround(db, village, master) ? this.memos : [this.findingMemo, this.sourceMemo]
    const mark = (key: string) => {
      for (const m of memos) m.mark(key)
    }
    for (const r of desaOfRows(db, village, master)) {
      if (r.desa_key !== null) mark(r.desa_key)
      if (r.desa !== null) mark(desaKey(r.desa))
    }
  }
}
