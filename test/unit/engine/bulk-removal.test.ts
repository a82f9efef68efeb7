/**
 * Removals need their basis (berita acara or SPTJM), checked when the operator acts and carried
 * into the package; a person can be deactivated from the master-only row or from their village row.
 * Bulk actions are in bulk-actions.test.ts; the shared workspace is in bulk-removal.helpers.ts.
 */
import { describe, expect, it } from 'vitest'

import { METHODS } from '../../../shared/api/contract'
import { REMOVAL_REASONS, type RemovalBasis } from '../../../shared/domain/removal'
import { openEngine } from '../helpers/engine'
import {
  BA,
  byNo,
  changedIds,
  dbOf,
  decision,
  finding,
  idsOf,
  masterOnly,
  packageRows,
  sumberadi,
  view,
  workspace
} from './bulk-removal.helpers'

describe('the basis of a removal', () => {
  it('is required to accept a reported status or a missing person, checked, stored and audited', async () => {
    const { engine } = await workspace()
    const before = await view(engine)
    const death = finding(await byNo(engine, 4), 'STATUS_CHANGE')
    const missing = (await masterOnly(engine)).findings[0]!

    await expect(engine.resolveFinding({ findingKey: death.key, action: 'accept_village' })).rejects.toMatchObject({
      code: 'REMOVAL_BASIS_REQUIRED',
      details: { nama: 'AHMAD FAUZI', nik: '3404050303100003', count: 1 },
      message: expect.stringContaining('berita acara')
    })
    await expect(engine.resolveFinding({ findingKey: missing.key, action: 'accept_village' })).rejects.toMatchObject({
      code: 'REMOVAL_BASIS_REQUIRED',
      details: { nama: 'MBAH KARSO' }
    })
    const invalid = async (basis: RemovalBasis, field: string) =>
      expect(engine.resolveFinding({ findingKey: death.key, action: 'accept_village', basis })).rejects.toMatchObject({
        code: 'VALUE_INVALID',
        details: { field }
      })
    await invalid({ ...BA, date: '2026-11-24' }, 'tanggal_dasar') // after today
    await invalid({ ...BA, date: '2026-02-30' }, 'tanggal_dasar')
    await invalid({ ...BA, date: '1999-12-31' }, 'tanggal_dasar')
    await invalid({ ...BA, number: '  ' }, 'nomor_dasar')
    // The contract refuses what is not even of the right shape.
    expect(() =>
      METHODS.resolveFinding.args({ findingKey: death.key, action: 'accept_village', basis: { ...BA, reason: 'ANGGOTA_BARU' } }, '')
    ).toThrow(/reason/)
    expect(() =>
      METHODS.resolveFinding.args({ findingKey: death.key, action: 'accept_village', basis: { ...BA, date: '2-11-2026' } }, '')
    ).toThrow(/date/)
    expect(() =>
      METHODS.resolveFinding.args({ findingKey: death.key, action: 'accept_village', basis: { ...BA, number: 'x'.repeat(81) } }, '')
    ).toThrow(/number/)
    expect(await view(engine)).toEqual(before)

    // Another reason than the reported one is the operator's to give: stored as given.
    await engine.resolveFinding({
      findingKey: death.key,
      action: 'accept_village',
      basis: { ...BA, reason: 'TIDAK_DITEMUKAN', number: ' 045/BA/XI/2026 ' }
    })
    expect(decision(engine, death.key)).toEqual({
      action: 'accept_village',
      reason: 'TIDAK_DITEMUKAN',
      basis_kind: 'BA',
      basis_no: '045/BA/XI/2026',
      basis_date: '2026-11-02'
    })
    expect((await byNo(engine, 4)).findings.find((f) => f.key === death.key)!.status).toBe('resolved')
    await engine.resolveFinding({
      findingKey: missing.key,
      action: 'accept_village',
      basis: { ...BA, reason: 'PINDAH', kind: 'SPTJM', number: '3/SPTJM/2026' }
    })
    expect(decision(engine, missing.key)).toMatchObject({ reason: 'PINDAH', basis_kind: 'SPTJM', basis_no: '3/SPTJM/2026' })
    const audit = await engine.audit(undefined, 2)
    expect(audit[0]).toMatchObject({
      action: 'resolve_accept_village',
      detail: 'MISSING_FROM_VILLAGE; PINDAH; SPTJM 3/SPTJM/2026 tanggal 2026-11-02'
    })

    // Not a removal: no basis needed, and one given is not stored.
    const spelling = finding(await byNo(engine, 2), 'FIELD_MISMATCH')
    await engine.resolveFinding({ findingKey: spelling.key, action: 'accept_village', basis: BA })
    expect(decision(engine, spelling.key)).toMatchObject({ reason: null, basis_no: null })
    // Keeping the person needs no basis, and clears the one recorded.
    await engine.resolveFinding({ findingKey: missing.key, action: 'keep_master' })
    expect(decision(engine, missing.key)).toEqual({
      action: 'keep_master',
      reason: null,
      basis_kind: null,
      basis_no: null,
      basis_date: null
    })

    const rows = await packageRows(engine)
    const status = rows.find((r) => r.jenis === 'STATUS')!
    expect(status).toMatchObject({
      nik: '3404050303100003',
      status: 'MENINGGAL',
      alasan: 'TIDAK_DITEMUKAN',
      dasar: 'BA',
      nomor_dasar: '045/BA/XI/2026',
      tanggal_dasar: '2026-11-02'
    })
    expect(rows.find((r) => r.jenis === 'UBAH')).toMatchObject({ alasan: '', dasar: '', nomor_dasar: '', tanggal_dasar: '' })
    expect((await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')).toMatchObject({ missingBasis: 0 })
  })

  it('verifying a row does not ship a removal without its basis', async () => {
    const { engine } = await workspace()
    const row4 = await byNo(engine, 4)
    await expect(engine.markVerified({ rowId: row4.id })).rejects.toMatchObject({
      code: 'REMOVAL_BASIS_REQUIRED',
      details: { nama: 'AHMAD FAUZI' }
    })
    expect((await byNo(engine, 4)).status).toBe('open')
    await engine.resolveFinding({ findingKey: finding(row4, 'STATUS_CHANGE').key, action: 'accept_village', basis: BA })
    const changed = await engine.markVerified({ rowId: row4.id })
    expect(changed.rows.find((r) => r.id === row4.id)).toMatchObject({ status: 'verified' })
    // The removal keeps its basis; the spelling difference was accepted by verifying.
    expect(decision(engine, finding(row4, 'STATUS_CHANGE').key)).toMatchObject({ action: 'accept_village', basis_no: BA.number })
    expect(decision(engine, finding(row4, 'FIELD_MISMATCH').key)).toMatchObject({ action: 'verified', basis_no: null })
  })
})

describe('deactivate', () => {
  it('a master-only person: their absence is accepted as a removal with its basis, undone in one step', async () => {
    const { engine } = await workspace()
    const before = await view(engine)
    const person = await masterOnly(engine)
    await expect(engine.deactivate({ rowId: person.id, basis: { ...BA, date: '2027-01-01' } })).rejects.toMatchObject({
      code: 'VALUE_INVALID',
      details: { field: 'tanggal_dasar' }
    })

    const changed = await engine.deactivate({ rowId: person.id, basis: { ...BA, reason: 'PINDAH' } })
    expect(changed.rows.map((r) => r.id)).toEqual([person.id])
    expect(changed.rows[0]!.findings[0]).toMatchObject({ status: 'resolved', resolution: 'accept_village' })
    expect(decision(engine, person.findings[0]!.key)).toMatchObject({ reason: 'PINDAH', basis_kind: 'BA', basis_no: BA.number })
    expect(changed.summary.undo.undo).toMatchObject({ action: 'deactivate', code: 'MISSING_FROM_VILLAGE', nama: 'MBAH KARSO', count: null })
    expect((await engine.audit(person.id, 5))[0]).toMatchObject({
      action: 'deactivate',
      detail: `PINDAH; BA ${BA.number} tanggal ${BA.date}`
    })
    expect((await packageRows(engine)).find((r) => r.jenis === 'HAPUS')).toMatchObject({
      nik: '3404050101500009',
      alasan: 'PINDAH',
      dasar: 'BA',
      nomor_dasar: BA.number,
      tanggal_dasar: BA.date
    })

    await engine.undo('undo')
    expect(await view(engine)).toEqual(before)
    expect(decision(engine, person.findings[0]!.key)).toBeUndefined()
    await expect(engine.deactivate({ rowId: 'm999', basis: BA })).rejects.toMatchObject({ code: 'ROW_NOT_FOUND' })
  })

  it('a matched village row: KETERANGAN takes the reason and the status change is accepted, one undo step across a restart', async () => {
    const { engine, storage } = await workspace()
    const before = await view(engine)
    const row5 = await byNo(engine, 5)
    expect(row5.findings.map((f) => f.code)).toEqual(['FIELD_MISMATCH'])

    const changed = await engine.deactivate({ rowId: row5.id, basis: BA })
    const after = changed.rows.find((r) => r.id === row5.id)!
    expect(after.values.keterangan).toBe('MENINGGAL')
    expect(finding(after, 'STATUS_CHANGE')).toMatchObject({
      status: 'resolved',
      resolution: 'accept_village',
      params: { status: 'MENINGGAL' }
    })
    expect(finding(after, 'FIELD_MISMATCH').status).toBe('open')
    expect(changedIds(before, await view(engine))).toEqual(idsOf(changed))
    expect((await engine.audit(row5.id, 5))[0]).toMatchObject({
      action: 'deactivate',
      field: 'keterangan',
      oldValue: '',
      newValue: 'MENINGGAL',
      detail: `MENINGGAL; BA ${BA.number} tanggal ${BA.date}`
    })
    expect((await packageRows(engine)).find((r) => r.jenis === 'STATUS')).toMatchObject({
      nik: '3404051111700004',
      status: 'MENINGGAL',
      alasan: 'MENINGGAL',
      dasar: 'BA',
      nomor_dasar: BA.number,
      tanggal_dasar: BA.date,
      file_sumber: 'sumberadi.csv',
      baris_sumber: '5'
    })
    const deactivated = await view(engine)
    await engine.close()

    const reopened = (await openEngine(storage)).engine
    expect((await reopened.summary()).undo.undo).toMatchObject({ action: 'deactivate', code: 'STATUS_CHANGE', rowNo: 5, nama: 'SUHARTO' })
    await reopened.undo('undo')
    expect(await view(reopened)).toEqual(before)
    expect(dbOf(reopened).get(`SELECT COUNT(*) AS n FROM decisions WHERE finding_key LIKE ?`, [`%:${row5.id}%`])).toEqual({ n: 0 })
    await reopened.close()

    const again = (await openEngine(storage)).engine
    await again.undo('redo')
    expect(await view(again)).toEqual(deactivated)
    expect(decision(again, finding(after, 'STATUS_CHANGE').key)).toMatchObject({ reason: 'MENINGGAL', basis_no: BA.number })
  })

  it('a new copy of the village file keeps the deactivation and its basis', async () => {
    const { engine } = await workspace()
    const row5 = await byNo(engine, 5)
    await engine.deactivate({ rowId: row5.id, basis: BA })
    const again = new Uint8Array([...sumberadi(), 0x0a])
    await engine.importFile('village', { taskId: 'r', fileName: 'sumberadi-2.csv', bytes: again, desa: 'SUMBERADI', onExisting: 'replace' })
    const now = await byNo(engine, 5, 'sumberadi-2.csv')
    expect(now.values.keterangan).toBe('MENINGGAL')
    const status = finding(now, 'STATUS_CHANGE')
    expect(status).toMatchObject({ status: 'resolved', resolution: 'accept_village' })
    expect(decision(engine, status.key)).toMatchObject({ reason: 'MENINGGAL', basis_kind: 'BA', basis_no: BA.number, basis_date: BA.date })
    expect((await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')).toMatchObject({ missingBasis: 0 })
  })

  it('every reason reads back from KETERANGAN into the package status', async () => {
    const { engine } = await workspace()
    const row2 = await byNo(engine, 2)
    for (const reason of REMOVAL_REASONS) {
      const changed = await engine.deactivate({ rowId: row2.id, basis: { ...BA, reason } })
      expect(
        finding(
          changed.rows.find((r) => r.id === row2.id)!,
          'STATUS_CHANGE'
        ),
        reason
      ).toMatchObject({ status: 'resolved', params: { status: reason } })
      await engine.undo('undo')
    }
  })

  it('a row whose NIK is not in the master has nothing to remove; an excluded row is not deactivated', async () => {
    const { engine } = await workspace()
    const newChild = await byNo(engine, 7)
    await expect(engine.deactivate({ rowId: newChild.id, basis: BA })).rejects.toMatchObject({
      code: 'DEACTIVATE_NEEDS_MASTER',
      details: { nama: 'PUTRI BARU' },
      message: expect.stringContaining('keluarkan barisnya saja')
    })
    const broken = await byNo(engine, 6)
    await engine.resolveFinding({ findingKey: broken.findings[0]!.key, action: 'exclude_row' })
    await expect(engine.deactivate({ rowId: broken.id, basis: BA })).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED' })
  })
})
