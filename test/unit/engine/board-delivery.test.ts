/**
 * The board's delivery line per desa comes from the workspace's packages: the newest package that
 * carried the desa, and the Dinas's receipt time once a receipt for it is recorded.
 */
import { describe, expect, it } from 'vitest'

import type { Engine } from '../../../shared/engine/engine'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'
import { makeSigner } from '../receiver/helpers/office'

const delivery = async (engine: Engine, desa: string) => (await engine.summary()).byDesa.find((d) => d.desa === desa)?.delivery

describe('board delivery per desa', () => {
  it('is empty before a package, names the newest package after, and carries the receipt time once recorded', async () => {
    const { engine } = await openEngine()
    await engine.updateSettings({ kecamatan: 'Mlati' })
    await engine.importFile('master', { taskId: 'a', fileName: 'master.xlsx', bytes: masterFile() })
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    expect(await delivery(engine, 'SUMBERADI')).toBeNull()
    const row = (await engine.rows()).find((r) => r.rowNo === 6)!
    await engine.resolveFinding({ findingKey: row.findings[0]!.key, action: 'accept_village' })
    const signer = makeSigner()
    const save = async (_b: Uint8Array, name: string) => ({ fileName: name, location: `/tmp/${name}` })
    const one = await engine.exportPackage(['SUMBERADI'], signer, save)
    expect(await delivery(engine, 'SUMBERADI')).toEqual({ seq: 1, sha256: one.sha256, receivedAt: null })

    // Everything sent again: the newest package carrying the desa is now the second.
    const two = await engine.exportPackage(['SUMBERADI'], signer, save, { all: true })
    expect(await delivery(engine, 'SUMBERADI')).toEqual({ seq: 2, sha256: two.sha256, receivedAt: null })

    await engine.recordReceipt({
      packageSha256: two.sha256,
      seq: 2,
      receivedAt: '2026-12-06T03:00:00.000Z',
      receiver: 'Dinas Sosial (abcd)'
    })
    expect(await delivery(engine, 'SUMBERADI')).toEqual({ seq: 2, sha256: two.sha256, receivedAt: '2026-12-06T03:00:00.000Z' })
    await engine.close()
  })
})
