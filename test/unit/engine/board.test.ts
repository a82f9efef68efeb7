/**
 * The kecamatan board's per-desa status: not received → imported → in review → verified →
 * exported, and back to in review when anything of the desa changes after its package went out.
 */
import { generateKeyPairSync, sign } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import type { Engine } from '../../../shared/engine/engine'
import type { Signer } from '../../../shared/engine/ports'
import { loadSummary } from '../../../shared/engine/views'
import { openEngine } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { csv, masterFile } from '../helpers/sheets'
import { dbOf } from './bulk-removal.helpers'

// The test ports' day (helpers/engine.ts).
const TODAY = '2026-11-23'

function signer(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

const sumberadi = csv(
  [
    'NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
    '3404051205800001;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA',
    '3404055708850002;3404051201100001;SITI AMINA;P;17-08-1985;ISTRI'
  ].join('\n')
)
const tlogoadi = csv(
  ['NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK', '3404051111700004;3404051301100004;WAGIMAN;L;11-11-1970;KEPALA KELUARGA'].join('\n')
)

async function board(engine: Engine) {
  const summary = await engine.summary()
  return Object.fromEntries(summary.byDesa.map((d) => [d.desa, d]))
}

const exportDesa = (engine: Engine, desa: string, all = false) =>
  engine.exportPackage([desa], signer(), async (_bytes, name) => ({ fileName: name, location: `/tmp/${name}` }), { all })

describe('kecamatan board status', () => {
  it('follows a desa from not received to exported, and back when it changes after the export', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 'm', fileName: 'induk.xlsx', bytes: masterFile() })
    let b = await board(engine)
    expect(b.SUMBERADI).toMatchObject({ status: 'not_received', people: 4, files: [], rows: 0 })
    expect(b.TLOGOADI).toMatchObject({ status: 'not_received', people: 1 })

    await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: sumberadi, desa: 'SUMBERADI' })
    b = await board(engine)
    expect(b.SUMBERADI).toMatchObject({ status: 'imported', files: ['sumberadi.csv'], rows: 2, resolved: 0 })
    expect(b.SUMBERADI!.open).toBeGreaterThan(1)
    expect(b.TLOGOADI!.status).toBe('not_received')

    // Settle every finding of the desa, one by one: in review until none is open.
    const open = async () => (await engine.rows()).flatMap((r) => r.findings.filter((f) => f.status === 'open'))
    let first = true
    for (let f = (await open())[0]; f; f = (await open())[0]) {
      await engine.resolveFinding({ findingKey: f.key, action: f.code === 'MISSING_FROM_VILLAGE' ? 'keep_master' : f.allowed[0]! })
      if (first && (await open()).length > 0) expect((await board(engine)).SUMBERADI!.status).toBe('in_review')
      first = false
    }
    b = await board(engine)
    expect(b.SUMBERADI).toMatchObject({ status: 'verified', open: 0, exportedAt: null })

    await engine.importFile('village', { taskId: 'w', fileName: 'tlogoadi.csv', bytes: tlogoadi, desa: 'TLOGOADI' })
    await exportDesa(engine, 'SUMBERADI')
    b = await board(engine)
    expect(b.SUMBERADI!.status).toBe('exported')
    expect(b.SUMBERADI!.exportedAt).toMatch(/^2026-11-23T/)
    // Another desa's work does not make Sumberadi's package stale.
    expect(b.TLOGOADI!.status).toBe('verified')
    await engine.markVerified({ rowId: (await engine.rows()).find((r) => r.desa === 'TLOGOADI')!.id })
    expect((await board(engine)).SUMBERADI!.status).toBe('exported')

    // Undoing a Sumberadi decision after the export: the package no longer says what the desa says.
    await engine.undo('undo') // Tlogoadi's verification
    expect((await board(engine)).SUMBERADI!.status).toBe('exported')
    await engine.undo('undo')
    // The board says sent exactly when the export screen has nothing new, withdrawn or held for the desa.
    const pending = (await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')!
    b = await board(engine)
    expect(b.SUMBERADI!.status === 'exported').toBe(pending.changes + pending.held === 0)
    // Redone, the decisions are the ones package 1 carried: the board and the export screen both say sent.
    await engine.undo('redo')
    b = await board(engine)
    expect(b.SUMBERADI).toMatchObject({ status: 'exported', exportedAt: expect.stringMatching(/^2026-11-23T/) })
    expect((await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')).toMatchObject({ changes: 0, withdrawn: 0 })
    await expect(exportDesa(engine, 'SUMBERADI')).rejects.toMatchObject({ code: 'NOTHING_NEW_TO_EXPORT' })
    await exportDesa(engine, 'SUMBERADI', true)
    expect((await board(engine)).SUMBERADI!.status).toBe('exported')

    // A new master extract changes every desa's findings: no package is current any more.
    await engine.importFile('master', {
      taskId: 'm2',
      fileName: 'induk-baru.csv',
      bytes: csv(
        [
          'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
          'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga'
        ].join('\n')
      )
    })
    expect((await board(engine)).SUMBERADI!.exportedAt).toBeNull()
  })

  it('is in review after an edit that resolves nothing, as the tables say (the engine keeps that per desa)', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 'm', fileName: 'induk.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: sumberadi, desa: 'SUMBERADI' })
    // Read once first: the newest review entry per desa is then read on from the last entry seen.
    expect((await board(engine)).SUMBERADI).toMatchObject({ status: 'imported', resolved: 0 })
    const edited = await engine.editCell({ rowId: 'v1', field: 'alamat', value: 'JALAN KALIURANG' })
    const d = edited.summary.byDesa.find((x) => x.desa === 'SUMBERADI')!
    expect(d).toMatchObject({ status: 'in_review', resolved: 0, verified: 0 })
    expect(edited.summary).toEqual(loadSummary(dbOf(engine), TODAY))
    await engine.undo('undo')
    // Undone, still reviewed: the undo is a review entry of its own.
    expect((await board(engine)).SUMBERADI!.status).toBe('in_review')
    expect(await engine.summary()).toEqual(loadSummary(dbOf(engine), TODAY))
    await engine.close()
  })
})

describe('per-kabupaten settings', () => {
  it('suggests the sub-village label and signatories until set; what is set survives reopening and is audited', async () => {
    const storage = new FaultyStorage()
    const { engine } = await openEngine(storage)
    let info = await engine.updateSettings({ kecamatan: 'Mengwi' })
    expect(info).toMatchObject({ kabupaten: '', subVillageLabel: 'dusun' })
    expect(info.signatories.map((s) => s.title)).toEqual(['Operator SIKS-NG Kecamatan Mengwi', 'TKSK Kecamatan Mengwi', 'Camat Mengwi'])
    info = await engine.updateSettings({ kabupaten: 'Badung' })
    expect(info.subVillageLabel).toBe('banjar') // suggested, not stored
    const signatories = info.signatories.map((s) => (s.role === 'approved' ? { ...s, name: 'I Made Suarta' } : s))
    await engine.updateSettings({ subVillageLabel: 'lingkungan', signatories })
    await engine.close()

    const reopened = (await openEngine(storage)).engine
    info = await reopened.info()
    expect(info).toMatchObject({ kabupaten: 'Badung', subVillageLabel: 'lingkungan' })
    expect(info.signatories.find((s) => s.role === 'approved')).toEqual({ role: 'approved', title: 'Camat Mengwi', name: 'I Made Suarta' })
    const audit = await reopened.audit(undefined, 50)
    expect(audit.filter((a) => a.action === 'settings').map((a) => a.field)).toEqual([
      'signatories',
      'sub_village_label',
      'kabupaten',
      'kecamatan'
    ])
  })
})
