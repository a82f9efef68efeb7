/**
 * The grid's packed pieces are built straight from SQL value arrays (shared/engine/packed-rows.ts),
 * not from loadRows' RowViews: decoded, they must be exactly the rows loadRows gives, on a
 * generated month with findings of many kinds, coercions, decisions, edits (unicode, empty values),
 * verified and excluded rows and deactivated people.
 */
import { describe, expect, it } from 'vitest'

import { decodeRows } from '../../../shared/api/rows-codec'
import type { RowView } from '../../../shared/api/types'
import { PERSON_FIELDS } from '../../../shared/domain/fields'
import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { Rng } from '../../fixtures/generator/index.mts'
import { engineWithGeneratedMonth } from '../helpers/generated-month'

async function packedAll(engine: Engine, limit: number): Promise<RowView[]> {
  const out: RowView[] = []
  let cursor: string | null = null
  do {
    const page = await engine.rowsPacked({ ...(cursor ? { cursor } : {}), limit })
    expect(page.rows.n).toBeLessThanOrEqual(limit)
    out.push(...decodeRows(page.rows))
    cursor = page.next
  } while (cursor)
  return out
}

describe('packed pieces', () => {
  it('decode to exactly the rows loadRows builds, before and after review commands', { timeout: 120_000 }, async () => {
    const { engine } = await engineWithGeneratedMonth(1717, 80)
    for (const limit of [3, 50, 10_000]) expect(await packedAll(engine, limit)).toEqual(await engine.rows())

    const rng = new Rng(17)
    const basis = { kind: 'BA' as const, number: '12/BA/XI/2026', date: '2026-11-20', reason: 'MENINGGAL' as const }
    const village = () => engine.rows().then((all) => all.filter((r) => r.kind === 'village' && r.status !== 'excluded'))
    let rows = await village()
    // Unicode, quotes, separators and an empty value in what the grid shows.
    await engine.editCell({ rowId: rows[0]!.id, field: 'nama', value: 'Ñoño "Budi", 李 😀 \\ / \u0001' })
    await engine.editCell({ rowId: rows[1]!.id, field: 'alamat', value: '' })
    await engine.editCell({ rowId: rows[2]!.id, field: 'nik', value: rows[3]!.values.nik })
    for (let step = 0; step < 40; step++) {
      rows = await village()
      const row = rows[rng.int(0, rows.length - 1)]!
      const pick = rng.int(0, 3)
      try {
        if (pick === 0) await engine.verifyMany({ rowIds: [row.id] })
        else if (pick === 1) {
          const all = await engine.rows()
          await engine.deactivate({ rowId: all[rng.int(0, all.length - 1)]!.id, basis })
        } else {
          const f = (await engine.rows()).flatMap((r) => r.findings).filter((x) => x.status === 'open' && x.allowed.length > 0)
          const one = f[rng.int(0, f.length - 1)]
          if (one) await engine.resolveFinding({ findingKey: one.key, action: one.allowed[rng.int(0, one.allowed.length - 1)]!, basis })
        }
      } catch (err) {
        expect((err as { code?: string }).code).toMatch(/VALUE_INVALID|ACTION_NOT_ALLOWED|DEACTIVATE_NEEDS_MASTER|NOT_READY|OPEN/)
      }
    }

    // A NIK twice in the master (the file's desa wins, else the first by id), and a file replaced (inactive).
    const db = (engine as unknown as { db: Db }).db
    const matched = [...new Set(rows.filter((r) => r.master).map((r) => r.values.nik))]
    const copy = (nik: string, desa: string, prefix: string) =>
      db.run(
        `INSERT INTO master_rows (source_id, row_no, ${PERSON_FIELDS.join(', ')}, desa_key)
         SELECT source_id, row_no, ${PERSON_FIELDS.map((f) => (f === 'nama' ? `? || nama` : f === 'desa' ? '?' : f)).join(', ')}, ?
         FROM master_rows WHERE nik = ?`,
        [prefix, desa, desa, nik]
      )
    copy(matched[0]!, 'LAIN', 'LAIN ')
    db.run(`UPDATE master_rows SET desa_key = 'YYY' WHERE nik = ?`, [matched[1]!])
    copy(matched[1]!, 'WWW', 'WWW ')
    db.run(`UPDATE sources SET active = 0 WHERE id = (SELECT id FROM sources WHERE kind = 'village' ORDER BY id LIMIT 1 OFFSET 1)`)

    const all = await engine.rows()
    expect(all.filter((r) => r.values.nik === matched[0] && r.master).every((r) => !r.master!.nama.startsWith('LAIN '))).toBe(true)
    expect(all.filter((r) => r.values.nik === matched[1] && r.master).every((r) => !r.master!.nama.startsWith('WWW '))).toBe(true)
    // What the fixture holds, so the comparison covers it.
    const codes = new Set(all.flatMap((r) => r.findings.map((f) => f.code)))
    expect(codes.size).toBeGreaterThanOrEqual(8)
    expect(all.some((r) => r.findings.length > 1)).toBe(true)
    expect(all.some((r) => r.findings.some((f) => f.status === 'resolved'))).toBe(true)
    expect(all.some((r) => r.coercions.length > 0)).toBe(true)
    expect(all.some((r) => r.kind === 'master_only')).toBe(true)
    expect(all.some((r) => r.status === 'verified')).toBe(true)
    expect(all.some((r) => r.master && JSON.stringify(r.master) !== JSON.stringify(r.values))).toBe(true)
    expect(all.some((r) => r.kind === 'village' && r.master === null)).toBe(true)
    expect(all.some((r) => r.values.nama.includes('😀'))).toBe(true)
    for (const limit of [1, 7, 10_000]) expect(await packedAll(engine, limit)).toEqual(all)
  })
})
