/** A receiver on the test PostgreSQL with its own Dinas key in a temporary folder: accept a package, count rows. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll } from 'vitest'

import { acceptPackage } from '../../../../receiver/accept'
import { type DinasKey, loadOrCreateDinasKey } from '../../../../receiver/dinas-key'
import { usePostgres } from './postgres'

export function useDinas(name: string) {
  const pg = usePostgres()
  const tmp = mkdtempSync(join(tmpdir(), `cermat-${name}-`))
  let key: DinasKey | null = null
  beforeAll(async () => {
    key = await loadOrCreateDinasKey(join(tmp, 'dinas-key.pem'))
  })
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))
  return {
    pg,
    accept: (bytes: Uint8Array) => acceptPackage(pg.pool(), bytes, { key: key!, receiverName: 'Dinas Sosial Uji' }),
    count: async (sql: string, params: unknown[] = []) =>
      (await pg.pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n
  }
}
