import { generateKeyPairSync, sign } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import { Engine } from '../../../shared/engine/engine'
import { CHANGE_COLUMNS } from '../../../shared/engine/package/changes'
import type { Signer } from '../../../shared/engine/ports'
import { openEngine } from '../helpers/engine'
import { packageCsv } from '../helpers/package-csv'
import { masterFile, sumberadiFile } from '../helpers/sheets'

function testSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

const signer = testSigner()

/** The package's rows as column → value, for the columns a test reads. */
async function exportRows(engine: Engine, opts: { all?: boolean } = {}) {
  let bytes: Uint8Array = new Uint8Array()
  await engine.exportPackage(
    ['SUMBERADI'],
    signer,
    async (b, name) => {
      bytes = b
      return { fileName: name, location: name }
    },
    opts
  )
  const lines = packageCsv(bytes).split('\r\n').slice(1).filter(Boolean)
  return lines.map((l) => {
    const cells = l.slice(1, -1).split('","')
    const at = (c: (typeof CHANGE_COLUMNS)[number]) => cells[CHANGE_COLUMNS.indexOf(c)]
    return { jenis: at('jenis'), nik: at('nik'), nilai: at('nilai_desa'), nomor: at('nomor_dasar'), koreksi: at('koreksi_paket') }
  })
}

async function workspace() {
  const { engine, ports } = await openEngine()
  await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  const finding = async (rowNo: number) => (await engine.rows()).find((r) => r.rowNo === rowNo)!.findings[0]!
  return { engine, ports, finding }
}

const BA = (number: string) => ({ reason: 'MENINGGAL', kind: 'BA', number, date: '2026-11-02' }) as const

describe('delta packages', () => {
  it('sends only what is new since the last package, refuses an empty second one, and marks a changed decision as a correction', async () => {
    const { engine, ports, finding } = await workspace()
    await engine.resolveFinding({ findingKey: (await finding(6)).key, action: 'accept_village' })
    expect(await exportRows(engine)).toEqual([{ jenis: 'UBAH', nik: '3404055708850002', nilai: 'SITI AMINA', nomor: '', koreksi: '' }])

    // Nothing new: a clear refusal naming the last package, not an empty or repeated one.
    await expect(exportRows(engine)).rejects.toMatchObject({ code: 'NOTHING_NEW_TO_EXPORT', details: { seq: 1 } })
    expect((await engine.previewExport()).desa[0]).toMatchObject({ changes: 0, sent: 1 })

    // Decide more: package 2 holds only the new decision.
    await engine.resolveFinding({ findingKey: (await finding(7)).key, action: 'accept_village', basis: BA('045/BA/XI/2026') })
    expect(await exportRows(engine)).toEqual([
      { jenis: 'STATUS', nik: '3404050303100003', nilai: '', nomor: '045/BA/XI/2026', koreksi: '' }
    ])

    // The basis of a sent removal corrected, and the sent name edited: corrections of packages 2 and 1.
    await engine.resolveFinding({ findingKey: (await finding(7)).key, action: 'accept_village', basis: BA('046/BA/XI/2026') })
    const row6 = (await engine.rows()).find((r) => r.rowNo === 6)!
    await engine.editCell({ rowId: row6.id, field: 'nama', value: 'SITI AMINA H' })
    await engine.resolveFinding({ findingKey: (await finding(6)).key, action: 'accept_village' })
    const preview = await engine.previewExport()
    expect(preview).toMatchObject({ lastPackage: 2, desa: [expect.objectContaining({ changes: 2, corrections: 2, sent: 0 })] })
    expect(await exportRows(engine)).toEqual([
      { jenis: 'UBAH', nik: '3404055708850002', nilai: 'SITI AMINA H', nomor: '', koreksi: '1' },
      { jenis: 'STATUS', nik: '3404050303100003', nilai: '', nomor: '046/BA/XI/2026', koreksi: '2' }
    ])

    // What was sent survives closing and replaying the journal.
    await engine.close()
    const reopened = await Engine.open(ports, { name: 'Uji' })
    await expect(exportRows(reopened)).rejects.toMatchObject({ code: 'NOTHING_NEW_TO_EXPORT', details: { seq: 3 } })

    // --all re-sends everything decided, as it is now.
    expect((await reopened.previewExport({ all: true })).desa[0]).toMatchObject({ changes: 2, sent: 2 })
    expect(await exportRows(reopened, { all: true })).toEqual([
      { jenis: 'UBAH', nik: '3404055708850002', nilai: 'SITI AMINA H', nomor: '', koreksi: '' },
      { jenis: 'STATUS', nik: '3404050303100003', nilai: '', nomor: '046/BA/XI/2026', koreksi: '' }
    ])
  })

  it('announces a sent change undone (or reversed) as BATAL of its package, once; decided again, it goes out anew', async () => {
    const { engine } = await workspace()
    await engine.resolveFinding({ findingKey: (await finding6(engine)).key, action: 'accept_village' })
    await engine.resolveFinding({ findingKey: (await finding7(engine)).key, action: 'accept_village', basis: BA('045/BA/XI/2026') })
    expect((await exportRows(engine)).map((r) => r.jenis)).toEqual(['UBAH', 'STATUS'])

    // The removal undone after package 1 went out: package 2 withdraws it, naming package 1.
    await engine.undo('undo')
    expect((await engine.previewExport()).desa[0]).toMatchObject({ changes: 1, withdrawn: 1, sent: 1 })
    expect(await exportRows(engine)).toEqual([
      { jenis: 'BATAL', nik: '3404050303100003', nilai: '', nomor: '045/BA/XI/2026', koreksi: '1' }
    ])
    // Announced once: nothing new after it.
    await expect(exportRows(engine)).rejects.toMatchObject({ code: 'NOTHING_NEW_TO_EXPORT', details: { seq: 2 } })

    // The name decision reversed (the master's value kept): withdrawn too.
    await engine.resolveFinding({ findingKey: (await finding6(engine)).key, action: 'keep_master' })
    expect(await exportRows(engine)).toEqual([{ jenis: 'BATAL', nik: '3404055708850002', nilai: 'SITI AMINA', nomor: '', koreksi: '1' }])

    // The reversal undone (and redone, and undone): the name goes out again, replacing package 3's withdrawal.
    await engine.undo('undo')
    await engine.undo('redo')
    await engine.undo('undo')
    const redo = await engine.previewExport()
    expect(redo.desa[0]).toMatchObject({ withdrawn: 0 })
    expect(await exportRows(engine)).toEqual([{ jenis: 'UBAH', nik: '3404055708850002', nilai: 'SITI AMINA', nomor: '', koreksi: '3' }])
  })
})

const finding6 = async (engine: Engine) => (await engine.rows()).find((r) => r.rowNo === 6)!.findings[0]!
const finding7 = async (engine: Engine) => (await engine.rows()).find((r) => r.rowNo === 7)!.findings[0]!
