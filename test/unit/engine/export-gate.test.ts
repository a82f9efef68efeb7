import { generateKeyPairSync, sign } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import type { Command } from '../../../shared/engine/commands/types'
import type { Engine } from '../../../shared/engine/engine'
import type { Signer } from '../../../shared/engine/ports'
import { heldLine } from '../../../shared/i18n/held'
import { openEngine } from '../helpers/engine'
import { packageCsv } from '../helpers/package-csv'
import { masterFile, xlsx } from '../helpers/sheets'

function testSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

const BASIS = { reason: 'PINDAH', kind: 'BA', number: '045/BA/XI/2026', date: '2026-11-02' } as const

/** Sumberadi's list with two impossible birth dates, a name change, a mistyped NIK of MBAH KARSO, and two new people (one with a 14-digit KK). */
function villageFile(): Uint8Array {
  return xlsx([
    ['DESA SUMBERADI KECAMATAN MLATI'],
    ['NO', 'NIK', 'No. KK', 'NAMA LENGKAP', 'L/P', 'TEMPAT LAHIR', 'TGL LAHIR', 'SHDK', 'ALAMAT', 'RT', 'RW', 'KETERANGAN'],
    [1, '3404051205800001', '3404051201100001', 'SUPARMAN', 'L', 'SLEMAN', '24-13-2006', 'KEPALA KELUARGA', 'DUSUN KRAJAN', '3', '5', ''], // 3
    [2, '3404055708850002', '3404051201100001', 'SITI AMINAH', 'P', 'BANTUL', '00-00-0000', 'ISTRI', 'DUSUN KRAJAN', '3', '5', ''], // 4
    [3, '3404050303100003', '3404051201100001', 'BUDI SANTOSA', 'L', 'SLEMAN', '03-03-2010', 'ANAK', 'DUSUN KRAJAN', '3', '5', ''], // 5
    [4, '3404050101500090', '3404051201100009', 'MBAH KARSO', 'L', 'SLEMAN', '01-01-1950', 'KEPALA KELUARGA', 'DUSUN NGINO', '1', '2', ''], // 6
    [5, '3404054101240005', '3404051201100001', 'PUTRI BARU', 'P', 'SLEMAN', '01-01-2024', 'ANAK', 'DUSUN KRAJAN', '3', '5', ''], // 7
    [6, '3404051501150006', '34040512011000', 'ADI BARU', 'L', 'SLEMAN', '15-01-2015', 'ANAK', 'DUSUN KRAJAN', '3', '5', ''] // 8
  ])
}

async function workspace() {
  const { engine } = await openEngine()
  await engine.updateSettings({ kecamatan: 'Mlati' })
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: villageFile() })
  const rows = await engine.rows()
  const keys = (code: string) => rows.flatMap((r) => r.findings.filter((f) => f.code === code).map((f) => f.key))
  return { engine, rows, keys }
}

/** As a journal replays a command: past the review guards. */
const execute = (engine: Engine, cmd: Command) =>
  (engine as unknown as { execute(cmd: Command, taskId: null): Promise<unknown> }).execute(cmd, null)

async function exportCsv(engine: Engine): Promise<string[]> {
  let bytes: Uint8Array = new Uint8Array()
  await engine.exportPackage(['SUMBERADI'], testSigner(), async (b, name) => {
    bytes = b
    return { fileName: name, location: name }
  })
  return packageCsv(bytes).split('\r\n').slice(1).filter(Boolean)
}

describe('export gate', () => {
  it('holds back what a bulk accept let through — impossible dates, a 14-digit KK, rows with open errors — and ships the rest', async () => {
    const { engine, keys } = await workspace()
    await engine.resolveMany({ findingKeys: [...keys('FIELD_MISMATCH'), ...keys('NEW_RECORD')], action: 'accept_village' })

    const preview = await engine.previewExport()
    expect(preview.desa).toEqual([expect.objectContaining({ desa: 'SUMBERADI', changes: 2, held: 3 })])
    const held = preview.held.map((h) => [h.row, h.jenis, h.field, h.rule, h.reason ?? h.codes?.join(',')])
    expect(held).toEqual([
      [3, 'UBAH', 'tanggal_lahir', 'value', 'date_format'],
      [3, 'UBAH', 'tanggal_lahir', 'open_error', 'DATE_INVALID'],
      [4, 'UBAH', 'tanggal_lahir', 'value', 'date_format'],
      [4, 'UBAH', 'tanggal_lahir', 'open_error', 'DATE_INVALID'],
      [8, 'BARU', 'no_kk', 'value', 'no_kk']
    ])
    // Each held change is named by desa, file, row and field, with the rule in Indonesian.
    expect(heldLine('id', preview.held[0]!)).toBe(
      'Desa SUMBERADI, musdes.xlsx baris 3 · UBAH SUPARMAN (NIK 3404051205800001): Tanggal lahir "24-13-2006" ditolak — Tulis tanggal sebagai HH-BB-TTTT, mis. 12-05-1980.'
    )
    expect(heldLine('en', preview.held[4]!)).toContain('musdes.xlsx row 8')

    const body = await exportCsv(engine)
    expect(body.map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['"UBAH","3404050303100003"', '"BARU","3404054101240005"'])
    for (const bad of ['"24-13-2006"', '"00-00-0000"', '"34040512011000"']) expect(body.join('\n')).not.toContain(bad)
  })

  it('refuses a package when everything decided is held back, and says so', async () => {
    const { engine, rows } = await workspace()
    const date = rows.find((r) => r.rowNo === 3)!.findings.find((f) => f.code === 'FIELD_MISMATCH')!
    await engine.resolveFinding({ findingKey: date.key, action: 'accept_village' })
    await expect(exportCsv(engine)).rejects.toMatchObject({ code: 'EXPORT_ALL_HELD', details: { count: 1 } })
    expect((await engine.previewExport()).held).toHaveLength(2)
  })

  it('refuses to remove the candidate of an open probable match until it is settled ("orang lain")', async () => {
    const { engine, rows, keys } = await workspace()
    const missing = keys('MISSING_FROM_VILLAGE')[0]!
    const karso = rows.find((r) => r.kind === 'master_only')!
    const refusal = { code: 'PROBABLE_MATCH_OPEN', details: expect.objectContaining({ nama: 'MBAH KARSO', file: 'musdes.xlsx', row: 6 }) }
    await expect(engine.resolveFinding({ findingKey: missing, action: 'accept_village', basis: BASIS })).rejects.toMatchObject(refusal)
    await expect(engine.resolveMany({ findingKeys: [missing], action: 'accept_village', basis: BASIS })).rejects.toMatchObject(refusal)
    await expect(engine.deactivate({ rowId: karso.id, basis: BASIS })).rejects.toMatchObject(refusal)

    // A removal recorded before this rule (a replayed journal) is held back at export instead.
    await execute(engine, { type: 'resolveFinding', key: missing, action: 'accept_village', basis: BASIS })
    await execute(engine, {
      type: 'resolveFinding',
      key: keys('FIELD_MISMATCH').find((k) => k.includes(':v3:'))!,
      action: 'accept_village'
    })
    const preview = await engine.previewExport()
    expect(preview.held).toEqual([
      expect.objectContaining({ jenis: 'HAPUS', rule: 'probable_match', matchFile: 'musdes.xlsx', matchRow: 6, matchNama: 'MBAH KARSO' })
    ])
    expect((await exportCsv(engine)).map((l) => l.split(',')[0])).toEqual(['"UBAH"'])

    // "Orang lain": the village row is someone else, proposed as new; now the removal may go.
    await engine.resolveFinding({ findingKey: keys('PROBABLE_MATCH')[0]!, action: 'accept_village' })
    await engine.resolveFinding({ findingKey: missing, action: 'accept_village', basis: { ...BASIS, number: '046/BA/XI/2026' } })
    expect((await engine.previewExport()).held).toEqual([])
    expect((await exportCsv(engine)).map((l) => l.split(',')[0]).sort()).toEqual(['"BARU"', '"HAPUS"'])
  })
})
