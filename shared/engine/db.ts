/**
 * A thin wrapper over a sql.js Database: parameterised statements kept prepared (reset in
 * `finally`), nested transactions as SAVEPOINTs, and `export()` only between transactions
 * (sql.js ≥ 1.15.2 throws when a write transaction is open; older versions silently rolled it back).
 */
import type { BindParams, Database, SqlValue, Statement as Prepared } from 'sql.js'

import { Sql } from './tables/sql'

export type Row = Record<string, SqlValue>
export type Params = SqlValue[] | Record<string, SqlValue>

/** A statement as text and parameters, or as one `sql` template (tables/sql.ts). */
export type Statement = string | Sql

const textOf = (q: Statement): string => (q instanceof Sql ? q.text : q)
const paramsOf = (q: Statement, params: Params): Params => (q instanceof Sql ? q.params : params)

/** Prepared statements kept: enough for every fixed text a command runs, bounded for generated ones. */
const CACHE_SIZE = 128

export class Db {
  readonly raw: Database
  private depth = 0
  private savepointSeq = 0
  /** Compiling a statement costs more than running it on a key: bulk actions run the same few per finding. */
  private readonly prepared = new Map<string, Prepared>()

  constructor(raw: Database) {
    this.raw = raw
  }

  /** The statement for this text, prepared once and kept (most recently used last). */
  private statement(text: string): Prepared {
    const kept = this.prepared.get(text)
    if (kept) {
      this.prepared.delete(text)
      this.prepared.set(text, kept)
      return kept
    }
    const stmt = this.raw.prepare(text)
    this.prepared.set(text, stmt)
    if (this.prepared.size > CACHE_SIZE) {
      const [oldest, old] = this.prepared.entries().next().value!
      this.prepared.delete(oldest)
      old.free()
    }
    return stmt
  }

  /** Frees the kept statements (sql.js export and close free them anyway). */
  private forget(): void {
    for (const stmt of this.prepared.values()) stmt.free()
    this.prepared.clear()
  }

  /** Runs `use` on the bound statement; it is always reset after, so no read stays open. */
  private with<T>(q: Statement, params: Params, use: (stmt: Prepared) => T): T {
    const stmt = this.statement(textOf(q))
    try {
      stmt.bind(paramsOf(q, params) as BindParams)
      return use(stmt)
    } finally {
      stmt.reset()
    }
  }

  run(q: Statement, params: Params = []): void {
    this.with(q, params, (stmt) => stmt.step())
  }

  /** Runs one statement for many parameter rows (bulk insert). */
  runMany(sql: string, rows: Iterable<SqlValue[]>): number {
    const stmt = this.raw.prepare(sql)
    let n = 0
    try {
      for (const r of rows) {
        stmt.run(r)
        n++
      }
    } finally {
      stmt.free()
    }
    return n
  }

  all<T extends object = Row>(q: Statement, params: Params = []): T[] {
    return this.with(q, params, (stmt) => {
      // Column names once per statement: getAsObject() fetches them again for every row,
      // which dominated reads of tens of thousands of rows.
      const names = stmt.getColumnNames()
      const out: T[] = []
      while (stmt.step()) {
        const values = stmt.get()
        const row: Row = {}
        for (let i = 0; i < names.length; i++) row[names[i]!] = values[i] ?? null
        out.push(row as T)
      }
      return out
    })
  }

  /** Every row as an array of values, in column order: no object per row (the grid reads 60,000 at a time). */
  arrays<T extends SqlValue[] = SqlValue[]>(q: Statement, params: Params = []): T[] {
    return this.with(q, params, (stmt) => {
      const out: T[] = []
      while (stmt.step()) out.push(stmt.get() as T)
      return out
    })
  }

  get<T extends object = Row>(q: Statement, params: Params = []): T | undefined {
    return this.with(q, params, (stmt) => (stmt.step() ? (stmt.getAsObject() as T) : undefined))
  }

  /** First column of every row. */
  column<T extends SqlValue = SqlValue>(q: Statement, params: Params = []): T[] {
    return this.with(q, params, (stmt) => {
      const out: T[] = []
      while (stmt.step()) out.push(stmt.get()[0] as T)
      return out
    })
  }

  get inTransaction(): boolean {
    return this.depth > 0
  }

  /** Opens a savepoint; the returned function ends it, keeping (ok) or undoing its changes. */
  private savepoint(): (ok: boolean) => void {
    const name = `sp${++this.savepointSeq}`
    this.raw.run(`SAVEPOINT ${name}`)
    this.depth++
    return (ok) => {
      this.depth--
      if (!ok) this.raw.run(`ROLLBACK TO ${name}`)
      this.raw.run(`RELEASE ${name}`)
    }
  }

  /**
   * Runs `fn` atomically. Nested calls become savepoints; a throw rolls back to where this
   * level began and re-throws.
   */
  async transaction<T>(fn: () => Promise<T> | T): Promise<T> {
    const end = this.savepoint()
    try {
      const out = await fn()
      end(true)
      return out
    } catch (err) {
      end(false)
      throw err
    }
  }

  /** Synchronous variant for code that never awaits inside. */
  transactionSync<T>(fn: () => T): T {
    const end = this.savepoint()
    try {
      const out = fn()
      end(true)
      return out
    } catch (err) {
      end(false)
      throw err
    }
  }

  /** The database image. Only between transactions. */
  export(): Uint8Array {
    if (this.depth > 0) throw new Error('export() during a transaction')
    // sql.js closes and reopens the database to export it, freeing every statement.
    this.forget()
    return this.raw.export()
  }

  close(): void {
    this.forget()
    this.raw.close()
  }
}
