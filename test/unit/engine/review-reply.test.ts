/**
 * A review command's reply names exactly the rows whose view changed (issue 17: a bulk accept and
 * its undo now read only the rows holding its findings, not their households and NIK groups). The
 * oracle is the full comparison: every row's view before and after the command. Random bulk
 * accepts (removals with their basis), undo and redo of them, among edits, keeps and exclusions
 * (whose undo recomputes) on a generated month.
 */
import { describe, expect, it } from 'vitest'

import type { RowView } from '../../../shared/api/types'
import { REMOVAL_REASONS } from '../../../shared/domain/removal'
import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { loadRows, loadSummary, rowSignature } from '../../../shared/engine/views'
import { Rng } from '../../fixtures/generator/index.mts'
import { engineWithGeneratedMonth } from '../helpers/generated-month'

const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db
// The test ports' day (helpers/engine.ts).
const TODAY = '2026-11-23'

/** What the reply should say, from every row's view before and after. */
function fullReply(before: RowView[], after: RowView[]) {
  const was = new Map(before.map((r) => [r.id, rowSignature(r)]))
  const present = new Set(after.map((r) => r.id))
  return {
    rows: after.filter((r) => was.get(r.id) !== rowSignature(r)),
    removed: before.map((r) => r.id).filter((id) => !present.has(id))
  }
}

describe('review reply', () => {
  it('equals the full before/after comparison for random bulk accepts, undo and redo', { timeout: 120_000 }, async () => {
    const { engine } = await engineWithGeneratedMonth(17, 120)
    const db = dbOf(engine)
    const rng = new Rng(1717)
    const basis = { kind: 'BA' as const, number: '12/BA/XI/2026', date: '2026-11-20' }
    const seen = new Map<string, number>()
    let changed = 0
    for (let step = 0; step < 120; step++) {
      const before = loadRows(db)
      const pick = rng.int(0, 9)
      const kind = pick <= 3 ? 'accept' : pick <= 5 ? 'undo' : pick === 6 ? 'redo' : pick === 7 ? 'keep/exclude' : 'edit'
      let reply
      try {
        if (kind === 'accept' || kind === 'keep/exclude') {
          const action = kind === 'accept' ? 'accept_village' : rng.pick(['keep_master', 'exclude_row'] as const)
          // A missing person whose probable match is open is refused: taken in only some of the time.
          const missing = rng.int(0, 2) === 0
          const open = before.flatMap((r) =>
            r.findings.filter((f) => f.status === 'open' && f.allowed.includes(action) && (missing || f.code !== 'MISSING_FROM_VILLAGE'))
          )
          if (open.length === 0) continue
          const keys = Array.from({ length: rng.int(1, 15) }, () => open[rng.int(0, open.length - 1)]!.key)
          reply = await engine.resolveMany({ findingKeys: keys, action, basis: { ...basis, reason: rng.pick(REMOVAL_REASONS) } })
        } else if (kind === 'undo' || kind === 'redo') {
          reply = await engine.undo(kind)
        } else {
          const rows = before.filter((r) => r.kind === 'village' && r.status !== 'excluded')
          const row = rows[rng.int(0, rows.length - 1)]!
          const other = rows[rng.int(0, rows.length - 1)]!
          reply = await engine.editCell(
            rng.int(0, 1)
              ? { rowId: row.id, field: 'no_kk', value: other.values.no_kk }
              : { rowId: row.id, field: 'nama', value: `${row.values.nama} X` }
          )
        }
      } catch (err) {
        expect((err as { code?: string }).code).toMatch(/VALUE_INVALID|ACTION_NOT_ALLOWED|PROBABLE_MATCH_OPEN/)
        continue
      }
      const want = fullReply(before, loadRows(db))
      expect(reply.rows, `${kind} at step ${step}`).toEqual(want.rows)
      expect(reply.removed, `${kind} at step ${step}`).toEqual(want.removed)
      expect(reply.summary, `${kind} at step ${step}`).toEqual(loadSummary(db, TODAY))
      seen.set(kind, (seen.get(kind) ?? 0) + 1)
      changed += want.rows.length
    }
    // Every kind ran, and the replies named rows (a test of empty replies would prove nothing).
    expect([...seen.keys()].sort()).toEqual(['accept', 'edit', 'keep/exclude', 'redo', 'undo'])
    expect(seen.get('accept')).toBeGreaterThan(12)
    expect(changed).toBeGreaterThan(120)
  })
})
