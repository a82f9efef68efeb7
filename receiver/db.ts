/** PostgreSQL access for the receiver: the pool, migrations, one-transaction helper. */
import pg from 'pg'

import { MIGRATIONS } from './migrations'

export type Pool = pg.Pool
export type Client = pg.PoolClient

/**
 * An idle connection that the server ends (a PostgreSQL restart, failover, or shutdown) is reported
 * on the pool; unheard, node-postgres turns it into an uncaught error that would stop the receiver.
 * The pool drops that connection and opens a new one for the next query, so noting it is enough.
 */
export function openPool(url: string, max = 10, onIdleError: (err: Error) => void = () => undefined): Pool {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', onIdleError)
  return pool
}

export async function inTransaction<T>(pool: Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await pool.connect()
  try {
    await c.query('BEGIN')
    const out = await fn(c)
    await c.query('COMMIT')
    return out
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    c.release()
  }
}

/** Applies the migrations not yet applied; an advisory lock keeps two starting receivers apart. */
export async function migrate(pool: Pool): Promise<number> {
  return inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(7420001)')
    await c.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())'
    )
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version))
    let applied = 0
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue
      await c.query(m.sql)
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied++
    }
    return applied
  })
}
