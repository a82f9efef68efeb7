/**
 * A change's identity in the delta (decision 31) is the person's stable subject, not the file and
 * row: a corrected village file listing the same person without a NIK in another order is neither
 * a new change nor a correction.
 */
import { describe, expect, it } from 'vitest'

import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import { decidedChanges } from '../../../shared/engine/package/changes'
import { changeIdentity } from '../../../shared/engine/package/delta'
import { openEngine } from '../helpers/engine'
import { csv } from '../helpers/sheets'

const MASTER = [
  'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
  'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga'
].join('\n')
// SUPARMAN without his NIK (a probable match of the master's SUPARMAN) and two children without one.
const PEOPLE = [
  ';3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA',
  ';3404051201100001;BAYU PRATAMA;L;03-03-2015;ANAK',
  ';3404051201100001;SARI PRATIWI;P;04-04-2017;ANAK'
]
const village = (rows: string[]) => csv(['NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK', ...rows].join('\n'))
const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db
const identities = (engine: Engine) => decidedChanges(dbOf(engine)).map((c) => `${changeIdentity(c)} ${c.row.nama}`)

describe('identity of a change in the delta', () => {
  it('names a row without a NIK by its subject: the same person re-sorted in a corrected file is no new change', async () => {
    const { engine } = await openEngine()
    await engine.importFile('master', { taskId: 'm', fileName: 'induk.csv', bytes: csv(MASTER) })
    await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: village(PEOPLE), desa: 'SUMBERADI' })
    const match = (await engine.rows()).flatMap((r) => r.findings).find((f) => f.code === 'PROBABLE_MATCH')!
    // "A different person": a new record (BARU) of a row without a NIK.
    await engine.resolveFinding({ findingKey: match.key, action: 'accept_village' })
    const before = identities(engine)
    expect(before).toEqual([expect.stringMatching(/^SUMBERADI\|fp=.*\|BARU\| SUPARMAN$/)])
    expect(before[0]).not.toContain('#')
    const preview = await engine.previewExport()

    await engine.importFile('village', {
      taskId: 'v2',
      fileName: 'sumberadi-perbaikan.csv',
      bytes: village([...PEOPLE].reverse()),
      desa: 'SUMBERADI',
      onExisting: 'replace'
    })
    expect(identities(engine)).toEqual(before)
    // Held back either way (no NIK): the same change, not a new one or a correction.
    const after = await engine.previewExport()
    expect(after.desa).toEqual(preview.desa)
    expect(after.desa[0]).toMatchObject({ changes: 0, corrections: 0, held: 1 })
  })
})
