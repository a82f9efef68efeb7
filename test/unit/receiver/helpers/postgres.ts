/** One real, throwaway PostgreSQL per test file: started in beforeAll, stopped in afterAll. */
import { afterAll, beforeAll } from 'vitest'

import { migrate, openPool, type Pool } from '../../../../receiver/db'
import { type DevPostgres, startDevPostgres } from '../../../../receiver/dev-postgres'

export function usePostgres(): { pool(): Pool; url(): string } {
  let pg: DevPostgres | null = null
  let pool: Pool | null = null
  beforeAll(async () => {
    pg = await startDevPostgres()
    pool = openPool(pg.url, 20)
    await migrate(pool)
  })
  afterAll(async () => {
    await pool?.end().catch(() => undefined)
    await pg?.stop()
  })
  return {
    pool: () => {
      if (!pool) throw new Error('PostgreSQL not started')
      return pool
    },
    url: () => pg?.url ?? ''
  }
}
