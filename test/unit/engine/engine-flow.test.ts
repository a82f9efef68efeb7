import { describe, expect, it } from 'vitest'

import { Engine } from '../../../shared/engine/engine'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

describe('engine: import, match, resolve', () => {
  it('finds every conflict of a village file and none from case or spacing', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 't1', fileName: 'master.xlsx', bytes: masterFile() })
    const result = await engine.importFile('village', { taskId: 't2', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    expect(result.source.desa).toBe('SUMBERADI')
    expect(result.source.headerRow).toBe(4)
    expect(result.source.rows).toBe(6)

    const rows = await engine.rows()
    const byRowNo = new Map(rows.filter((r) => r.kind === 'village').map((r) => [r.rowNo, r]))
    const codes = (n: number) =>
      byRowNo
        .get(n)!
        .findings.map((f) => `${f.code}${f.field ? ':' + f.field : ''}`)
        .sort()

    expect(codes(5)).toEqual([])
    expect(codes(6)).toEqual(['FIELD_MISMATCH:nama'])
    expect(codes(7)).toEqual(['STATUS_CHANGE:keterangan'])
    expect(codes(8)).toEqual(['NIK_INVALID_FORMAT:nik'])
    expect(codes(9)).toEqual(['DUPLICATE_NIK_IN_FILE:nik', 'NEW_RECORD:nik'])
    expect(codes(10)).toEqual(['DUPLICATE_NIK_IN_FILE:nik', 'NEW_RECORD:nik'])
    const missing = rows.filter((r) => r.kind === 'master_only')
    expect(missing.map((r) => r.values.nik)).toEqual(['3404050101500009'])
    // Tlogoadi has no village file yet: its people are not reported missing.
    expect(rows.some((r) => r.values.nik === '3404051111700004')).toBe(false)

    const mismatch = byRowNo.get(6)!.findings[0]!
    expect(mismatch.village).toBe('SITI AMINA')
    expect(mismatch.master).toBe('SITI AMINAH')
  })

  it('resolves findings and the counts go down; the audit records who and what', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 't1', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 't2', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const before = await engine.summary()
    const rows = await engine.rows()
    const row6 = rows.find((r) => r.rowNo === 6)!
    const changed = await engine.resolveFinding({ findingKey: row6.findings[0]!.key, action: 'accept_village' })
    expect(changed.rows.map((r) => r.id)).toEqual([row6.id])
    expect(changed.rows[0]!.findings[0]!.status).toBe('resolved')
    expect(changed.summary.open).toBe(before.open - 1)

    const row8 = rows.find((r) => r.rowNo === 8)!
    const fixed = await engine.editCell({ rowId: row8.id, field: 'nik', value: "'3404054101240008" })
    const row8After = fixed.rows.find((r) => r.id === row8.id)!
    expect(row8After.values.nik).toBe('3404054101240008')
    expect(row8After.findings.map((f) => f.code)).toEqual(['NEW_RECORD'])

    const audit = await engine.audit(row8.id, 10)
    expect(audit[0]).toMatchObject({
      action: 'edit',
      field: 'nik',
      oldValue: '340405030310000',
      newValue: '3404054101240008',
      operator: 'operator-uji'
    })
  })

  it('refuses to verify a row with open errors, and excluding a duplicate clears both', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 't1', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 't2', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const rows = await engine.rows()
    const row9 = rows.find((r) => r.rowNo === 9)!
    const row10 = rows.find((r) => r.rowNo === 10)!
    await expect(engine.markVerified({ rowId: row9.id })).rejects.toMatchObject({ code: 'ROW_HAS_ERRORS' })
    const dup = row10.findings.find((f) => f.code === 'DUPLICATE_NIK_IN_FILE')!
    const changed = await engine.resolveFinding({ findingKey: dup.key, action: 'exclude_row' })
    const after9 = changed.rows.find((r) => r.id === row9.id)!
    expect(after9.findings.map((f) => f.code)).toEqual(['NEW_RECORD'])
    expect(changed.rows.find((r) => r.id === row10.id)!.status).toBe('excluded')
    const verified = await engine.markVerified({ rowId: row9.id })
    expect(verified.rows.find((r) => r.id === row9.id)).toMatchObject({
      status: 'verified',
      findings: [{ code: 'NEW_RECORD', status: 'resolved', resolution: 'verified' }]
    })
  })

  it('survives a reopen: everything acknowledged is there, from journal replay', async () => {
    const { engine, ports } = await openEngine()
    await engine.importFile('master', { taskId: 't1', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 't2', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const rows = await engine.rows()
    await engine.editCell({ rowId: rows.find((r) => r.rowNo === 6)!.id, field: 'nama', value: 'Siti Aminah' })
    const summary = await engine.summary()
    // No close(): the edit lives only in the journal, as after a crash.
    const reopened = await Engine.open(ports)
    expect(await reopened.summary()).toEqual(summary)
    const info = await reopened.info()
    expect(info.recovery).toMatchObject({ replayed: 1, usedPreviousSnapshot: false })
  })
})

describe('engine: long work', () => {
  it('reports progress of an import, phase by phase, with the caller task id', async () => {
    const { engine, ports } = await openEngine()
    await engine.importFile('master', { taskId: 'induk', fileName: 'master.xlsx', bytes: masterFile() })
    const phases = ports.events.filter((e) => e.taskId === 'induk').map((e) => e.phase)
    expect([...new Set(phases)]).toEqual(['read', 'parse', 'store', 'match', 'save', 'done'])
    expect(ports.events.at(-1)).toMatchObject({ taskId: 'induk', phase: 'done', done: 1, total: 1, fileName: 'master.xlsx' })
  })

  it('a cancelled import rolls back and leaves the workspace as it was', async () => {
    const { engine, ports } = await openEngine()
    await engine.importFile('master', { taskId: 'induk', fileName: 'master.xlsx', bytes: masterFile() })
    const before = await engine.summary()
    // Cancel as soon as the import reports it is parsing (the engine yields between phases).
    const cancelOnParse = ports.progress
    ports.progress = (e) => {
      cancelOnParse(e)
      if (e.taskId === 'desa' && e.phase === 'parse') engine.cancel('desa')
    }
    await expect(engine.importFile('village', { taskId: 'desa', fileName: 'musdes.xlsx', bytes: sumberadiFile() })).rejects.toMatchObject({
      code: 'CANCELLED'
    })
    expect(await engine.summary()).toEqual(before)
    expect((await engine.info()).villages).toEqual([])
    // The same file imports normally afterwards.
    ports.progress = cancelOnParse
    await engine.importFile('village', { taskId: 'desa', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    expect((await engine.info()).villages).toHaveLength(1)
  })

  it('recognises the same file imported twice and changes nothing', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    const again = await engine.importFile('village', { taskId: 'c', fileName: 'salinan.xlsx', bytes: sumberadiFile() })
    expect(again.alreadyImported).toBe(true)
    expect(again.source.fileName).toBe('musdes.xlsx')
    expect((await engine.info()).villages).toHaveLength(1)
  })
})
