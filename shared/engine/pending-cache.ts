/**
 * The board's "sent" needs, per desa, what the next package would carry (pendingPerDesa): once a
 * package exists that was most of every summary's cost. Kept here per desa and recomputed only for
 * the desa a review command can touch, by the same code path (issue 13); any other command, or a
 * new day (the gate checks birth dates against it), drops it all: when in doubt, everything.
 */
import { desaKey } from '../domain/region'
import type { Db } from './db'
import { pendingPerDesa } from './package/changes'
import { desaOfRows } from './tables/finding-reads'

type Pending = Map<string, { rows: number; held: number }>

export class PendingCache {
  private cache: Pending | null = null
  private day = ''
  private readonly dirty = new Set<string>()

  /** loadSummary's PendingPerDesa: the dirty desa recomputed, or all of them when there is no cache. */
  readonly read = (db: Db, today: string): Pending => {
    if (!this.cache || today !== this.day) {
      this.cache = pendingPerDesa(db, today)
      this.day = today
      this.dirty.clear()
      return this.cache
    }
    if (this.dirty.size > 0) {
      const fresh = pendingPerDesa(db, today, this.dirty)
      for (const key of this.dirty) {
        const p = fresh.get(key)
        if (p) this.cache.set(key, p)
        else this.cache.delete(key)
      }
      this.dirty.clear()
    }
    return this.cache
  }

  drop(): void {
    this.cache = null
    this.dirty.clear()
  }

  /** Marks the desa these rows ('v…', 'm…' ids) bear on for recomputing; read before and after the command. */
  touch(db: Db, rowIds: Iterable<string>): void {
    if (!this.cache) return
    const village: number[] = []
    const master: number[] = []
    for (const id of rowIds) (id.startsWith('m') ? master : village).push(Number(id.slice(1)))
    for (const r of desaOfRows(db, village, master)) {
      if (r.desa_key !== null) this.dirty.add(r.desa_key)
      if (r.desa !== null) this.dirty.add(desaKey(r.desa))
    }
  }
}
