/** Bulk actions (resolveMany, verifyMany) are one command and one undo step, all or nothing. */
import { describe, expect, it } from 'vitest'

import { METHODS } from '../../../shared/api/contract'
import { Engine } from '../../../shared/engine/engine'
import { testPorts } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { BA, byNo, changedIds, dbOf, decision, finding, idsOf, masterOnly, view, workspace } from './bulk-removal.helpers'

describe('bulk actions', () => {
  const spellingKeys = async (engine: Engine) =>
    (await engine.rows())
      .filter((r) => r.desa === 'SUMBERADI')
      .flatMap((r) => r.findings.filter((f) => f.code === 'FIELD_MISMATCH' && f.params.spelling && f.status === 'open').map((f) => f.key))

  it('accepts every spelling difference of a desa in one step; one undo restores them all, redo repeats', async () => {
    const { engine } = await workspace()
    const before = await view(engine)
    const keys = await spellingKeys(engine)
    expect(keys).toHaveLength(3)

    const changed = await engine.resolveMany({ findingKeys: keys, action: 'accept_village' })
    const after = await view(engine)
    expect(idsOf(changed)).toEqual(changedIds(before, after))
    expect(changed.rows).toHaveLength(3)
    expect(await spellingKeys(engine)).toEqual([])
    expect(changed.summary.undo.undo).toEqual({
      action: 'bulk_resolve',
      field: 'nama',
      code: 'FIELD_MISMATCH',
      resolution: 'accept_village',
      file: 'sumberadi.csv',
      rowNo: null,
      nama: '',
      count: 3
    })
    // Audited per row, so each row's history says what happened to it.
    for (const r of changed.rows)
      expect((await engine.audit(r.id, 1))[0]).toMatchObject({ action: 'resolve_accept_village', field: 'nama' })

    // Asking again changes nothing and adds no undo step.
    const again = await engine.resolveMany({ findingKeys: keys, action: 'accept_village' })
    expect(again.rows).toEqual([])
    expect(dbOf(engine).get('SELECT COUNT(*) AS n FROM undo_log')).toEqual({ n: 1 })

    const undone = await engine.undo('undo')
    expect(await view(engine)).toEqual(before)
    expect(idsOf(undone)).toEqual(changedIds(after, before))
    expect(undone.summary.undo).toEqual({ undo: null, redo: expect.objectContaining({ action: 'bulk_resolve', count: 3 }) })
    expect((await engine.audit(undefined, 3)).map((a) => a.action)).toEqual(['undo', 'undo', 'undo'])
    await engine.undo('redo')
    expect(await view(engine)).toEqual(after)
  })

  it('resolveMany is all or nothing', async () => {
    const { engine } = await workspace()
    const before = await view(engine)
    const keys = await spellingKeys(engine)
    const broken = (await byNo(engine, 6)).findings.find((f) => f.code === 'NIK_INVALID_FORMAT')!
    await expect(engine.resolveMany({ findingKeys: [...keys, broken.key], action: 'accept_village' })).rejects.toMatchObject({
      code: 'ACTION_NOT_ALLOWED',
      details: { code: 'NIK_INVALID_FORMAT (1)', count: 1 }
    })
    await expect(
      engine.resolveMany({ findingKeys: [...keys, 'FIELD_MISMATCH:v999:nama'], action: 'accept_village' })
    ).rejects.toMatchObject({ code: 'FINDING_NOT_FOUND' })
    // Removals among them need the basis: one for all.
    const death = finding(await byNo(engine, 4), 'STATUS_CHANGE')
    const missing = (await masterOnly(engine)).findings[0]!
    await expect(engine.resolveMany({ findingKeys: [...keys, death.key, missing.key], action: 'accept_village' })).rejects.toMatchObject({
      code: 'REMOVAL_BASIS_REQUIRED',
      details: { count: 2 }
    })
    const shared = { kind: 'BA' as const, number: BA.number, date: BA.date }
    // Without a reason, a missing person has none to fall back on.
    await expect(
      engine.resolveMany({ findingKeys: [death.key, missing.key], action: 'accept_village', basis: shared })
    ).rejects.toMatchObject({ code: 'VALUE_INVALID', details: { field: 'alasan' } })
    await expect(
      engine.resolveMany({ findingKeys: [death.key], action: 'accept_village', basis: { ...shared, date: '2030-01-01' } })
    ).rejects.toMatchObject({ code: 'VALUE_INVALID', details: { field: 'tanggal_dasar' } })
    expect(() => METHODS.resolveMany.args({ findingKeys: [], action: 'accept_village' }, '')).toThrow(/minimal 1/)
    expect(() =>
      METHODS.resolveMany.args(
        { findingKeys: Array.from({ length: 5001 }, (_, i) => `FIELD_MISMATCH:v${i}:nama`), action: 'accept_village' },
        ''
      )
    ).toThrow(/maksimal 5000/)
    expect(await view(engine)).toEqual(before)
    expect((await engine.summary()).undo.undo).toBeNull()

    // Without a reason, a reported status stays the reason; the basis is shared.
    await engine.resolveMany({ findingKeys: [...keys, death.key], action: 'accept_village', basis: shared })
    expect(decision(engine, death.key)).toMatchObject({ reason: 'MENINGGAL', basis_kind: 'BA', basis_no: BA.number, basis_date: BA.date })
    expect(decision(engine, keys[0]!)).toMatchObject({ reason: null, basis_no: null })
    await engine.resolveMany({ findingKeys: [missing.key], action: 'accept_village', basis: { ...shared, reason: 'DATA_GANDA' } })
    expect(decision(engine, missing.key)).toMatchObject({ reason: 'DATA_GANDA' })
    expect((await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')).toMatchObject({ changes: 5, missingBasis: 0 })
  })

  it('verifyMany is all or nothing: an open error or an open removal in one row refuses them all', async () => {
    const { engine } = await workspace()
    const ids = (await engine.rows()).filter((r) => r.fileName === 'sumberadi.csv').map((r) => r.id)
    const before = await view(engine)
    await expect(engine.verifyMany({ rowIds: ids })).rejects.toMatchObject({
      code: 'ROW_HAS_ERRORS',
      details: { rows: 1, codes: 'NIK_INVALID_FORMAT' }
    })
    expect(await view(engine)).toEqual(before)

    const broken = await byNo(engine, 6)
    await engine.resolveFinding({ findingKey: broken.findings[0]!.key, action: 'exclude_row' })
    const rest = ids.filter((id) => id !== broken.id)
    const excluded = await view(engine)
    await expect(engine.verifyMany({ rowIds: ids })).rejects.toMatchObject({
      code: 'ACTION_NOT_ALLOWED',
      details: { action: 'verify', code: 'excluded' }
    })
    await expect(engine.verifyMany({ rowIds: rest })).rejects.toMatchObject({
      code: 'REMOVAL_BASIS_REQUIRED',
      details: { nama: 'AHMAD FAUZI', count: 1 }
    })
    await expect(engine.verifyMany({ rowIds: [...rest, 'm1'] })).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED' })
    expect(await view(engine)).toEqual(excluded)

    await engine.resolveFinding({ findingKey: finding(await byNo(engine, 4), 'STATUS_CHANGE').key, action: 'accept_village', basis: BA })
    const ready = await view(engine)
    const changed = await engine.verifyMany({ rowIds: rest })
    const verified = await view(engine)
    expect(idsOf(changed)).toEqual(changedIds(ready, verified))
    expect(verified.filter((r) => rest.includes(r.id)).every((r) => r.status === 'verified')).toBe(true)
    expect(changed.summary.undo.undo).toMatchObject({ action: 'bulk_verify', count: rest.length, file: 'sumberadi.csv' })
    for (const id of rest) expect((await engine.audit(id, 1))[0]).toMatchObject({ action: 'verify' })
    // Rows already verified with nothing open are passed over: nothing to do, no undo step.
    expect((await engine.verifyMany({ rowIds: rest })).rows).toEqual([])

    await engine.undo('undo')
    expect(await view(engine)).toEqual(ready)
    await engine.undo('redo')
    expect(await view(engine)).toEqual(verified)
  })

  it('replaying the journal after a crash gives the same bulk results', async () => {
    const storage = new FaultyStorage()
    const { engine } = await workspace(storage)
    await engine.checkpointIfDirty()
    await engine.resolveMany({ findingKeys: await spellingKeys(engine), action: 'accept_village' })
    await engine.resolveMany({
      findingKeys: [finding(await byNo(engine, 4), 'STATUS_CHANGE').key],
      action: 'accept_village',
      basis: { kind: 'SPTJM', number: '9/SPTJM/2026', date: '2026-11-20' }
    })
    await engine.deactivate({ rowId: (await masterOnly(engine)).id, basis: { ...BA, reason: 'TIDAK_DITEMUKAN' } })
    await engine.resolveFinding({ findingKey: (await byNo(engine, 6)).findings[0]!.key, action: 'exclude_row' })
    await engine.verifyMany({ rowIds: [(await byNo(engine, 2)).id, (await byNo(engine, 4)).id, (await byNo(engine, 5)).id] })
    await engine.undo('undo')
    await engine.undo('redo')
    const state = await view(engine)
    const decisions = dbOf(engine).all('SELECT * FROM decisions ORDER BY finding_key')
    const summary = await engine.summary()
    const preview = await engine.previewExport()

    // No close: the process dies; the next open replays the journal since the last snapshot.
    const recovered = await Engine.open(await testPorts(storage))
    expect((await recovered.info()).recovery).toMatchObject({ replayed: 7 })
    expect(await view(recovered)).toEqual(state)
    expect(dbOf(recovered).all('SELECT * FROM decisions ORDER BY finding_key')).toEqual(decisions)
    expect((await recovered.summary()).undo).toEqual(summary.undo)
    expect(await recovered.previewExport()).toEqual(preview)
  })
})
