/** The grid loads rows in pieces: the pieces together are exactly the full view, in a stable order. */
import { describe, expect, it } from 'vitest'

import { decodeRows } from '../../../shared/api/rows-codec'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

describe('rows in pieces', () => {
  it.each([1, 2, 3, 7, 100])(
    'pieces of %i make up every row once: village rows by id, then master people missing from the file',
    async (limit) => {
      const { engine } = await openEngine()
      await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: masterFile() })
      await engine.importFile('village', { taskId: 'v', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
      const all = await engine.rows()
      expect(all.some((r) => r.kind === 'master_only')).toBe(true)

      const pieces: string[][] = []
      let cursor: string | undefined
      for (;;) {
        const page = await engine.rowsPage({ ...(cursor ? { cursor } : {}), limit })
        expect(page.total).toBe(all.length)
        expect(page.rows.length).toBeLessThanOrEqual(limit)
        pieces.push(page.rows.map((r) => r.id))
        // Each row exactly as the full view shows it.
        for (const r of page.rows) expect(r).toEqual(all.find((a) => a.id === r.id))
        if (!page.next) break
        cursor = page.next
        expect(pieces.length).toBeLessThan(100)
      }
      const ids = pieces.flat()
      expect(ids).toHaveLength(all.length)
      expect(new Set(ids)).toEqual(new Set(all.map((r) => r.id)))
      const kinds = ids.map((id) => id[0])
      expect(kinds.lastIndexOf('v')).toBeLessThan(kinds.indexOf('m'))
      expect(ids.filter((id) => id[0] === 'v').map((id) => Number(id.slice(1)))).toEqual(
        ids
          .filter((id) => id[0] === 'v')
          .map((id) => Number(id.slice(1)))
          .sort((a, b) => a - b)
      )
    }
  )

  it('packed pieces decode to the same rows as the plain ones (values, master, findings, coercions)', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'v', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const all = await engine.rows()
    expect(all.some((r) => r.findings.length > 0 && r.master !== null)).toBe(true)
    const decoded = []
    let cursor: string | null = null
    do {
      const page = await engine.rowsPacked({ ...(cursor ? { cursor } : {}), limit: 4 })
      expect(page.total).toBe(all.length)
      decoded.push(...decodeRows(page.rows))
      cursor = page.next
    } while (cursor)
    expect(decoded).toEqual(all)
  })
})
