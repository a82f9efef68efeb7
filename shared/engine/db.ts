/**
 * A thin wrapper over a sql.js Database: parameterised statements freed in `finally`,
 * nested transactions as SAVEPOINTs, and `export()` only between transactions (sql.js ≥ 1.15.2
 * throws when a write transaction is open; older versions silently rolled it back).
 */
import type { BindParams, Database, SqlValue } from 'sql.js'

import { Sql } from './tables/sql'

export type Row = Record<string, SqlValue>
export type Params = SqlValue[] | Record<string, SqlValue>

/** A statement as text and parameters, or as one `sql` template (tables/sql.ts). */
export type Statement = string | Sql

const textOf = (q: Statement): string => (q instanceof Sql ? q.text : q)
const paramsOf = (q: Statement, params: Params): Params => (q instanceof Sql ? q.params : params)

export class Db {
  readonly raw: Database
  private depth = 0
  private savepointSeq = 0

  constructor(raw: Database) {
    this.raw = raw
  }

  run(q: Statement, params: Params = []): void {
    this.raw.run(textOf(q), paramsOf(q, params) as BindParams)
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
    const stmt = this.raw.prepare(textOf(q))
    try {
      stmt.bind(paramsOf(q, params) as BindParams)
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
    } finally {
      stmt.free()
    }
  }

  get<T extends object = Row>(q: Statement, params: Params = []): T | undefined {
    const stmt = this.raw.prepare(textOf(q))
    try {
      stmt.bind(paramsOf(q, params) as BindParams)
      return stmt.step() ? (stmt.getAsObject() as T) : undefined
    } finally {
      stmt.free()
    }
  }

  /** First column of every row. */
  column<T extends SqlValue = SqlValue>(q: Statement, params: Params = []): T[] {
    const stmt = this.raw.prepare(textOf(q))
    try {
      stmt.bind(paramsOf(q, params) as BindParams)
      const out: T[] = []
      while (stmt.step()) out.push(stmt.get()[0] as T)
      return out
    } finally {
      stmt.free()
    }
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
    return this.raw.export()
  }

  close(): void {
    this.raw.close()
  }
}
