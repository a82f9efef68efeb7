/**
 * The board's "sent" (status exported) is the export screen's word: a packaged desa is sent exactly
 * when the next package would carry nothing of it and the gate holds nothing of it (issue 13). The
 * summary counts this with pendingPerDesa; here it is checked against collectChanges itself.
 */
import { describe, expect, it } from 'vitest'

import type { Engine } from '../../../shared/engine/engine'
import { collectChanges } from '../../../shared/engine/package/changes'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile, xlsx } from '../helpers/sheets'
import { makeSigner } from '../receiver/helpers/office'
import { dbOf } from './bulk-removal.helpers'

/** Wagiman's name differs from the master, and two new members of his family (one with a 14-digit KK). */
const tlogoadiFile = () =>
  xlsx([
    ['NIK', 'No. KK', 'NAMA LENGKAP', 'L/P', 'TEMPAT LAHIR', 'TGL LAHIR', 'SHDK', 'ALAMAT', 'RT', 'RW', 'KETERANGAN'],
    ['3404051111700004', '3404051301100004', 'WAGIMAN S', 'L', 'SLEMAN', '11-11-1970', 'KEPALA KELUARGA', 'DUSUN JETIS', '1', '1', ''],
    ['3404055505950006', '3404051301100004', 'SRI WAHYUNI', 'P', 'SLEMAN', '15-05-1995', 'ANAK', 'DUSUN JETIS', '1', '1', 'ANGGOTA BARU'],
    ['3404051501150007', '34040513011000', 'ADI PRASETYO', 'L', 'SLEMAN', '15-01-2015', 'ANAK', 'DUSUN JETIS', '1', '1', 'ANGGOTA BARU']
  ])

const DESA = ['SUMBERADI', 'TLOGOADI']
// The test ports' day (helpers/engine.ts): the summary checks birth dates against it too.
const TODAY = '2026-11-23'

/** Per desa: sent on the board, and nothing pending or held in the next package. */
async function both(engine: Engine): Promise<{ board: Record<string, boolean>; exportScreen: Record<string, boolean> }> {
  const summary = await engine.summary()
  const pending = collectChanges(dbOf(engine), { today: TODAY, all: false }).desa
  const board: Record<string, boolean> = {}
  const exportScreen: Record<string, boolean> = {}
  for (const name of DESA) {
    const d = summary.byDesa.find((x) => x.desa === name)!
    board[name] = d.status === 'exported'
    const p = [...pending.values()].find((x) => x.desa === name)
    exportScreen[name] = d.delivery !== null && (!p || p.rows.length + p.held === 0)
  }
  return { board, exportScreen }
}

async function expectSent(engine: Engine, sent: Record<string, boolean>): Promise<void> {
  const { board, exportScreen } = await both(engine)
  expect(board).toEqual(exportScreen)
  expect(board).toEqual(sent)
}

const findingOf = async (engine: Engine, nik: string, code: string) =>
  (await engine.rows()).find((r) => r.values.nik === nik)!.findings.find((f) => f.code === code)!

describe('board "sent" against the export screen', () => {
  it('agrees after an export, an edit in one desa, an accept in another, an undo and a hold by the gate', async () => {
    const { engine } = await openEngine()
    await engine.updateSettings({ kecamatan: 'Mlati' })
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    await engine.importFile('village', { taskId: 'c', fileName: 'tlogoadi.xlsx', bytes: tlogoadiFile() })
    await engine.resolveFinding({
      findingKey: (await findingOf(engine, '3404055708850002', 'FIELD_MISMATCH')).key,
      action: 'accept_village'
    })
    await engine.resolveFinding({
      findingKey: (await findingOf(engine, '3404051111700004', 'FIELD_MISMATCH')).key,
      action: 'accept_village'
    })
    await expectSent(engine, { SUMBERADI: false, TLOGOADI: false })

    const save = async (_b: Uint8Array, name: string) => ({ fileName: name, location: `/tmp/${name}` })
    await engine.exportPackage(DESA, makeSigner(), save)
    await expectSent(engine, { SUMBERADI: true, TLOGOADI: true })

    // An edit of a sent change in Sumberadi: a correction is pending there, Tlogoadi stays sent.
    const siti = (await engine.rows()).find((r) => r.values.nik === '3404055708850002')!
    await engine.editCell({ rowId: siti.id, field: 'nama', value: 'SITI AMINAH W' })
    await expectSent(engine, { SUMBERADI: false, TLOGOADI: true })

    // An accept in Tlogoadi makes it pending; its undo makes it sent again.
    await engine.resolveFinding({ findingKey: (await findingOf(engine, '3404055505950006', 'NEW_RECORD')).key, action: 'accept_village' })
    await expectSent(engine, { SUMBERADI: false, TLOGOADI: false })
    await engine.undo('undo')
    await expectSent(engine, { SUMBERADI: false, TLOGOADI: true })

    // Undo the edit too, then accept a new person with a 14-digit KK: the gate holds it, not sent.
    await engine.undo('undo')
    await expectSent(engine, { SUMBERADI: true, TLOGOADI: true })
    await engine.resolveFinding({ findingKey: (await findingOf(engine, '3404051501150007', 'NEW_RECORD')).key, action: 'accept_village' })
    const next = collectChanges(dbOf(engine), { today: TODAY, all: false })
    expect([...next.desa.values()].find((d) => d.desa === 'TLOGOADI')).toMatchObject({ rows: [], held: 1 })
    await expectSent(engine, { SUMBERADI: true, TLOGOADI: false })
    await engine.close()
  })
})
