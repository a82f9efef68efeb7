/**
 * Incremental recomputation (an edit touches only the rows sharing its NIKs, and the household
 * checks of its file) must leave exactly
 * the findings a full recomputation gives. Random commands on a generated workspace (edits,
 * resolutions, bulk resolutions and verifications, deactivations, undo and redo of any of them),
 * compared with a full recomputation after each one.
 */
import { describe, expect, it } from 'vitest'

import { REMOVAL_REASONS } from '../../../shared/domain/removal'
import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { recomputeSources } from '../../../shared/engine/match/recompute'
import { Rng } from '../../fixtures/generator/index.mts'
import { engineWithGeneratedMonth } from '../helpers/generated-month'

const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db

function findings(db: Db): string[] {
  return db
    .all<{
      key: string
      code: string
      village_value: string | null
      master_value: string | null
      params: string
      master_row_id: number | null
    }>('SELECT key, code, village_value, master_value, params, master_row_id FROM findings ORDER BY key')
    .map((f) => JSON.stringify(f))
}

/** Findings as a full recomputation would store them (inside a savepoint that is undone). */
function fullRecompute(db: Db): string[] {
  let out: string[] = []
  try {
    db.transactionSync(() => {
      recomputeSources(db, 'all', '2026-11-23')
      out = findings(db)
      throw new Error('undo')
    })
  } catch (err) {
    if (!(err instanceof Error) || err.message !== 'undo') throw err
  }
  return out
}

describe('incremental recomputation', () => {
  it('equals a full recomputation after every one of many random commands', { timeout: 120_000 }, async () => {
    const { engine } = await engineWithGeneratedMonth(99, 120)
    const db = dbOf(engine)
    expect(findings(db)).toEqual(fullRecompute(db))

    const rng = new Rng(4242)
    const basis = { kind: 'BA' as const, number: '12/BA/XI/2026', date: '2026-11-20' }
    const used = new Set<string>()
    const masterNiks = db.column<string>('SELECT nik FROM master_rows')
    let commands = 0
    for (let step = 0; step < 150; step++) {
      const rows = (await engine.rows()).filter((r) => r.kind === 'village' && r.status !== 'excluded')
      const row = rows[rng.int(0, rows.length - 1)]!
      const other = rows[rng.int(0, rows.length - 1)]!
      const pick = rng.int(0, 15)
      try {
        if (pick === 0)
          await engine.editCell({ rowId: row.id, field: 'nik', value: other.values.nik }) // a duplicate (maybe across villages)
        else if (pick === 1) await engine.editCell({ rowId: row.id, field: 'nik', value: masterNiks[rng.int(0, masterNiks.length - 1)]! })
        else if (pick === 2) await engine.editCell({ rowId: row.id, field: 'nama', value: `${row.values.nama} X` })
        else if (pick === 3) await engine.editCell({ rowId: row.id, field: 'rt', value: String(rng.int(1, 9)) })
        // household: a second head, a family without one, a child older than the parents, a move to another KK
        else if (pick === 4)
          await engine.editCell({ rowId: row.id, field: 'shdk', value: rng.pick(['KEPALA KELUARGA', 'ANAK', 'ISTRI', 'FAMILI LAIN']) })
        else if (pick === 5) await engine.editCell({ rowId: row.id, field: 'no_kk', value: other.values.no_kk || '3404050101100001' })
        else if (pick === 6)
          await engine.editCell({
            rowId: row.id,
            field: 'tanggal_lahir',
            value: `0${rng.int(1, 9)}-0${rng.int(1, 9)}-${rng.int(1930, 2020)}`
          })
        else if (pick === 7) {
          const sources = (await engine.info()).villages
          await engine.setCoverage({ sourceId: rng.pick(sources).id, coverage: rng.pick(['auto', 'complete', 'changes'] as const) })
        } else if (pick === 8) await engine.undo('undo')
        else if (pick === 9) await engine.undo('redo')
        else if (pick === 13) {
          // One action on the open findings of a few rows (master-only people included) that allow it.
          const action = rng.pick(['accept_village', 'keep_master', 'exclude_row'] as const)
          const all = await engine.rows()
          const some = Array.from({ length: rng.int(1, 8) }, () => all[rng.int(0, all.length - 1)]!)
          const keys = some.flatMap((r) => r.findings.filter((f) => f.status === 'open' && f.allowed.includes(action)).map((f) => f.key))
          if (keys.length === 0) continue
          await engine.resolveMany({
            findingKeys: keys,
            action,
            basis: { ...basis, ...(rng.int(0, 1) ? { reason: rng.pick(REMOVAL_REASONS) } : {}) }
          })
        } else if (pick === 14) {
          // Rows that can be verified (no open error, no open removal), a few at once.
          const ready = rows.filter(
            (r) => !r.findings.some((f) => f.status === 'open' && (f.severity === 'error' || f.code === 'STATUS_CHANGE'))
          )
          if (ready.length === 0) continue
          await engine.verifyMany({ rowIds: Array.from({ length: rng.int(1, 6) }, () => ready[rng.int(0, ready.length - 1)]!.id) })
        } else if (pick === 15) {
          const all = await engine.rows()
          await engine.deactivate({ rowId: all[rng.int(0, all.length - 1)]!.id, basis: { ...basis, reason: rng.pick(REMOVAL_REASONS) } })
        } else {
          const f = row.findings.find((x) => x.status === 'open' && x.allowed.length > 0)
          if (!f) continue
          await engine.resolveFinding({
            findingKey: f.key,
            action: f.allowed[rng.int(0, f.allowed.length - 1)]!,
            basis: { ...basis, reason: rng.pick(REMOVAL_REASONS) }
          })
        }
        commands++
        used.add(pick === 13 ? 'resolveMany' : pick === 14 ? 'verifyMany' : pick === 15 ? 'deactivate' : 'other')
      } catch (err) {
        // Refused edits (e.g. an invalid NIK) change nothing; they are fine here.
        expect((err as { code?: string }).code).toMatch(/VALUE_INVALID|ACTION_NOT_ALLOWED|DEACTIVATE_NEEDS_MASTER/)
      }
      expect(findings(db), `after step ${step}`).toEqual(fullRecompute(db))
    }
    expect(commands).toBeGreaterThan(100)
    expect([...used].sort()).toEqual(['deactivate', 'other', 'resolveMany', 'verifyMany'])
  })
})
