/**
 * The grid's rows in pieces, in a stable order: village rows by id, then master people missing
 * from the files. A piece that ends the village rows is filled up with the first master-only rows.
 * The cursor is `v:<id>` or `m:<id>`, the last row the previous piece held. The grid asks for the
 * same pieces packed (packed-rows.ts).
 */
import type { RowsPage } from '../api/types'
import type { Db } from './db'
import { gridRowCount } from './tables/finding-reads'
import { loadRows } from './views'

export function rowsPage(db: Db, args: { cursor?: string; limit: number }): RowsPage {
  const [kind, after] = args.cursor ? [args.cursor[0] as 'v' | 'm', Number(args.cursor.slice(2))] : ['v' as const, 0]
  const rows = loadRows(db, undefined, { kind, after, limit: args.limit })
  let next: string | null = rows.length === args.limit ? `${kind}:${rows.at(-1)!.id.slice(1)}` : null
  if (kind === 'v' && rows.length < args.limit) {
    const room = args.limit - rows.length
    const masterOnly = loadRows(db, undefined, { kind: 'm', after: 0, limit: room })
    rows.push(...masterOnly)
    next = masterOnly.length === room ? `m:${masterOnly.at(-1)!.id.slice(1)}` : null
  }
  return { rows, next, total: gridRowCount(db) }
}
