/**
 * Undo and redo of review actions: each action comes back exactly (values, status, decisions and
 * the findings they produce), redo repeats it, a new action clears the redo stack, and both
 * survive closing and reopening the workspace (they are in the workspace, not in memory).
 */
import { describe, expect, it } from 'vitest'

import type { RowView } from '../../../shared/api/types'
import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { openEngine } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { csv, masterFile } from '../helpers/sheets'

const village = () =>
  csv(
    [
      'NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
      '3404051205800001;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA',
      '3404055708850002;3404051201100001;SITI AMINA;P;17-08-1985;ISTRI',
      '3404050303100007;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK'
    ].join('\n')
  )

/** What a person sees of the workspace: every row's values, status and findings with their state. */
const view = async (engine: Engine) =>
  (await engine.rows()).map((r: RowView) => ({
    id: r.id,
    values: r.values,
    status: r.status,
    findings: r.findings.map((f) => `${f.key}=${f.status}/${f.resolution}`)
  }))

async function workspace(storage = new FaultyStorage()) {
  const { engine } = await openEngine(storage)
  await engine.importFile('master', { taskId: 'm', fileName: 'induk.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: village(), desa: 'SUMBERADI' })
  return { engine, storage }
}

const row = async (engine: Engine, rowNo: number) => (await engine.rows()).find((r) => r.rowNo === rowNo)!

describe('undo and redo', () => {
  it('undoes and redoes an edit, a resolution, taking a probable match and a verification, one by one', async () => {
    const { engine } = await workspace()
    const states = [await view(engine)]
    expect((await engine.summary()).undo).toEqual({ undo: null, redo: null })

    await engine.editCell({ rowId: (await row(engine, 3)).id, field: 'nama', value: 'SITI AMINAH' })
    states.push(await view(engine))
    const probable = (await row(engine, 4)).findings.find((f) => f.code === 'PROBABLE_MATCH')!
    await engine.resolveFinding({ findingKey: probable.key, action: 'keep_master' })
    states.push(await view(engine))
    await engine.markVerified({ rowId: (await row(engine, 2)).id })
    states.push(await view(engine))
    expect((await engine.summary()).undo.undo).toMatchObject({ action: 'verify', file: 'sumberadi.csv', rowNo: 2, nama: 'SUPARMAN' })

    // Undo walks back through every state; the findings are exactly those of that state.
    for (let i = states.length - 2; i >= 0; i--) {
      const changed = await engine.undo('undo')
      expect(await view(engine), `after undo to state ${i}`).toEqual(states[i])
      expect(changed.summary.undo.redo).not.toBeNull()
    }
    expect((await engine.undo('undo')).rows).toEqual([]) // nothing left to undo
    // Redo walks forward again.
    for (let i = 1; i < states.length; i++) {
      await engine.undo('redo')
      expect(await view(engine), `after redo to state ${i}`).toEqual(states[i])
    }
    const audit = await engine.audit(undefined, 20)
    expect(audit.filter((a) => a.action === 'undo')).toHaveLength(3)
    expect(audit.filter((a) => a.action === 'redo')).toHaveLength(3)
  })

  it('a new action clears what could be redone; an exclusion comes back', async () => {
    const { engine } = await workspace()
    const before = await view(engine)
    const r3 = await row(engine, 3)
    await engine.resolveFinding({ findingKey: r3.findings[0]!.key, action: 'accept_village' })
    await engine.undo('undo')
    expect(await view(engine)).toEqual(before)
    await engine.editCell({ rowId: r3.id, field: 'rt', value: '7' })
    expect((await engine.summary()).undo.redo).toBeNull()

    const r4 = await row(engine, 4)
    await engine.resolveFinding({ findingKey: r4.findings.find((f) => f.allowed.includes('exclude_row'))!.key, action: 'exclude_row' })
    expect((await row(engine, 4)).status).toBe('excluded')
    const changed = await engine.undo('undo')
    expect(changed.rows.find((r) => r.id === r4.id)!.status).toBe('open')
  })

  it('undoes and redoes an entry written before bulk actions (one snapshot, no basis, no count)', async () => {
    const { engine } = await workspace()
    const before = await view(engine)
    const r3 = await row(engine, 3)
    await engine.resolveFinding({ findingKey: r3.findings.find((f) => f.code === 'FIELD_MISMATCH')!.key, action: 'accept_village' })
    const after = await view(engine)
    // Rewrite the entry as an older Cermat stored it.
    const db = (engine as unknown as { db: Db }).db
    const entry = db.get<{ id: number; label: string; before: string; after: string }>('SELECT id, label, before, after FROM undo_log')!
    const old = (text: string) => {
      const [snapshot] = JSON.parse(text) as { decisions: Record<string, unknown>[] }[]
      for (const d of snapshot!.decisions) for (const k of ['reason', 'basis_kind', 'basis_no', 'basis_date']) delete d[k]
      return JSON.stringify(snapshot)
    }
    const { count, ...label } = JSON.parse(entry.label) as Record<string, unknown>
    expect(count).toBeNull()
    db.run('UPDATE undo_log SET label = ?, before = ?, after = ? WHERE id = ?', [
      JSON.stringify(label),
      old(entry.before),
      old(entry.after),
      entry.id
    ])
    expect(JSON.parse(db.get<{ before: string }>('SELECT before FROM undo_log')!.before)).toMatchObject({ target: { kind: 'v' } })

    expect((await engine.summary()).undo.undo).toMatchObject({ action: 'resolve', rowNo: 3, count: null })
    await engine.undo('undo')
    expect(await view(engine)).toEqual(before)
    await engine.undo('redo')
    expect(await view(engine)).toEqual(after)
  })

  it('survives closing and reopening the workspace', async () => {
    const { engine, storage } = await workspace()
    const before = await view(engine)
    await engine.editCell({ rowId: (await row(engine, 3)).id, field: 'nama', value: 'SITI AMINAH' })
    const edited = await view(engine)
    await engine.close()

    const reopened = (await openEngine(storage)).engine
    expect((await reopened.summary()).undo.undo).toMatchObject({ action: 'edit', field: 'nama', rowNo: 3 })
    await reopened.undo('undo')
    expect(await view(reopened)).toEqual(before)
    await reopened.close()

    const again = (await openEngine(storage)).engine
    expect((await again.summary()).undo.redo).toMatchObject({ action: 'edit', field: 'nama' })
    await again.undo('redo')
    expect(await view(again)).toEqual(edited)
  })
})
