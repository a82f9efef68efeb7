/**
 * Removals need their basis (berita acara or SPTJM), checked when the operator acts and carried
 * into the package; a person can be deactivated from the master-only row or from their village
 * row; and bulk actions (resolveMany, verifyMany) are one command and one undo step, all or nothing.
 */
import { generateKeyPairSync, sign } from 'node:crypto'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import { METHODS } from '../../../shared/api/contract'
import type { RowView } from '../../../shared/api/types'
import type { Db } from '../../../shared/engine/db'
import { Engine } from '../../../shared/engine/engine'
import type { Signer } from '../../../shared/engine/ports'
import { REMOVAL_REASONS, type RemovalBasis } from '../../../shared/domain/removal'
import { openEngine, testPorts } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { csv } from '../helpers/sheets'

const master = () =>
  csv(
    [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA;RT',
      'SUMBERADI;3404051201100001;3404051205800001;MUHAMMAD YUSUF;L;1980-05-12;Kepala Keluarga;003',
      'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami;003',
      'SUMBERADI;3404051201100001;3404050303100003;ACHMAD FAUZI;L;2010-03-03;Anak;003',
      'SUMBERADI;3404051201100009;3404050101500009;MBAH KARSO;L;1950-01-01;Kepala Keluarga;001',
      'SUMBERADI;3404051301100004;3404051111700004;SOEHARTO;L;1970-11-11;Kepala Keluarga;003',
      'TLOGOADI;3404051401100005;3404051212750005;WAGIMAN;L;1975-12-12;Kepala Keluarga;001'
    ].join('\n')
  )

/** Rows 2–7 as Excel shows them: three spelling variants, an RT change, a death, a broken NIK, a new child. */
const sumberadi = () =>
  csv(
    [
      'NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;RT;KETERANGAN',
      '3404051205800001;3404051201100001;MUHAMAD YUSUF;L;12-05-1980;KEPALA KELUARGA;3;', // 2 spelling
      '3404055708850002;3404051201100001;SITI AMINAH;P;17-08-1985;ISTRI;7;', // 3 RT differs
      '3404050303100003;3404051201100001;AHMAD FAUZI;L;03-03-2010;ANAK;3;MENINGGAL', // 4 spelling + death
      '3404051111700004;3404051301100004;SUHARTO;L;11-11-1970;KEPALA KELUARGA;3;', // 5 spelling
      '340405010124000;3404051201100001;BAYI;P;01-01-2024;ANAK;3;', // 6 15 digits: error
      '3404054101240005;3404051201100001;PUTRI BARU;P;01-01-2024;ANAK;3;ANGGOTA BARU' // 7 new
    ].join('\n')
  )

const tlogoadi = () => csv(['NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK', '3404051212750005;3404051401100005;WAGIMAN;L;12-12-1975;KEPALA KELUARGA'].join('\n'))

const BA: RemovalBasis = { reason: 'MENINGGAL', kind: 'BA', number: '045/BA/XI/2026', date: '2026-11-02' }

const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db

async function workspace(storage = new FaultyStorage()) {
  const { engine } = await openEngine(storage)
  await engine.importFile('master', { taskId: 'm', fileName: 'induk.csv', bytes: master() })
  await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: sumberadi(), desa: 'SUMBERADI' })
  await engine.importFile('village', { taskId: 'w', fileName: 'tlogoadi.csv', bytes: tlogoadi(), desa: 'TLOGOADI' })
  return { engine, storage }
}

/** What a person sees of the workspace: every row's values, status and findings with their state. */
const view = async (engine: Engine) =>
  (await engine.rows()).map((r: RowView) => ({ id: r.id, values: r.values, status: r.status, findings: r.findings.map((f) => `${f.key}=${f.status}/${f.resolution}`) }))

const byNo = async (engine: Engine, rowNo: number, file = 'sumberadi.csv') => (await engine.rows()).find((r) => r.rowNo === rowNo && r.fileName === file)!
const finding = (row: RowView, code: string) => row.findings.find((f) => f.code === code)!
const masterOnly = async (engine: Engine) => (await engine.rows()).find((r) => r.kind === 'master_only')!
const decision = (engine: Engine, key: string) =>
  dbOf(engine).get('SELECT action, reason, basis_kind, basis_no, basis_date FROM decisions WHERE finding_key = ?', [key])

/** Ids of the rows whose view differs between two full listings (changed, added or gone). */
function changedIds(before: Awaited<ReturnType<typeof view>>, after: Awaited<ReturnType<typeof view>>): string[] {
  const a = new Map(before.map((r) => [r.id, JSON.stringify(r)]))
  const b = new Map(after.map((r) => [r.id, JSON.stringify(r)]))
  return [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id)).sort()
}
const idsOf = (changed: { rows: RowView[]; removed: string[] }) => [...changed.rows.map((r) => r.id), ...changed.removed].sort()

function signer(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

/** The package's CSV of Sumberadi, as rows of named columns. */
async function packageRows(engine: Engine): Promise<Record<string, string>[]> {
  let bytes: Uint8Array<ArrayBufferLike> = new Uint8Array()
  await engine.exportPackage(['SUMBERADI'], signer(), async (b, name) => {
    bytes = b
    return { fileName: name, location: `/tmp/${name}` }
  })
  const lines = strFromU8(unzipSync(bytes)['perubahan/sumberadi.csv']!).split('\r\n').filter(Boolean)
  const cells = (l: string) => l.slice(1, -1).split('","')
  const header = lines[0]!.split(',')
  return lines.slice(1).map((l) => Object.fromEntries(cells(l).map((v, i) => [header[i]!, v])))
}

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
    await expect(engine.resolveFinding({ findingKey: missing.key, action: 'accept_village' })).rejects.toMatchObject({ code: 'REMOVAL_BASIS_REQUIRED', details: { nama: 'MBAH KARSO' } })
    const invalid = async (basis: RemovalBasis, field: string) =>
      expect(engine.resolveFinding({ findingKey: death.key, action: 'accept_village', basis })).rejects.toMatchObject({ code: 'VALUE_INVALID', details: { field } })
    await invalid({ ...BA, date: '2026-11-24' }, 'tanggal_dasar') // after today
    await invalid({ ...BA, date: '2026-02-30' }, 'tanggal_dasar')
    await invalid({ ...BA, date: '1999-12-31' }, 'tanggal_dasar')
    await invalid({ ...BA, number: '  ' }, 'nomor_dasar')
    // The contract refuses what is not even of the right shape.
    expect(() => METHODS.resolveFinding.args({ findingKey: death.key, action: 'accept_village', basis: { ...BA, reason: 'ANGGOTA_BARU' } }, '')).toThrow(/reason/)
    expect(() => METHODS.resolveFinding.args({ findingKey: death.key, action: 'accept_village', basis: { ...BA, date: '2-11-2026' } }, '')).toThrow(/date/)
    expect(() => METHODS.resolveFinding.args({ findingKey: death.key, action: 'accept_village', basis: { ...BA, number: 'x'.repeat(81) } }, '')).toThrow(/number/)
    expect(await view(engine)).toEqual(before)

    // Another reason than the reported one is the operator's to give: stored as given.
    await engine.resolveFinding({ findingKey: death.key, action: 'accept_village', basis: { ...BA, reason: 'TIDAK_DITEMUKAN', number: ' 045/BA/XI/2026 ' } })
    expect(decision(engine, death.key)).toEqual({ action: 'accept_village', reason: 'TIDAK_DITEMUKAN', basis_kind: 'BA', basis_no: '045/BA/XI/2026', basis_date: '2026-11-02' })
    expect((await byNo(engine, 4)).findings.find((f) => f.key === death.key)!.status).toBe('resolved')
    await engine.resolveFinding({ findingKey: missing.key, action: 'accept_village', basis: { ...BA, reason: 'PINDAH', kind: 'SPTJM', number: '3/SPTJM/2026' } })
    expect(decision(engine, missing.key)).toMatchObject({ reason: 'PINDAH', basis_kind: 'SPTJM', basis_no: '3/SPTJM/2026' })
    const audit = await engine.audit(undefined, 2)
    expect(audit[0]).toMatchObject({ action: 'resolve_accept_village', detail: 'MISSING_FROM_VILLAGE; PINDAH; SPTJM 3/SPTJM/2026 tanggal 2026-11-02' })

    // Not a removal: no basis needed, and one given is not stored.
    const spelling = finding(await byNo(engine, 2), 'FIELD_MISMATCH')
    await engine.resolveFinding({ findingKey: spelling.key, action: 'accept_village', basis: BA })
    expect(decision(engine, spelling.key)).toMatchObject({ reason: null, basis_no: null })
    // Keeping the person needs no basis, and clears the one recorded.
    await engine.resolveFinding({ findingKey: missing.key, action: 'keep_master' })
    expect(decision(engine, missing.key)).toEqual({ action: 'keep_master', reason: null, basis_kind: null, basis_no: null, basis_date: null })

    const rows = await packageRows(engine)
    const status = rows.find((r) => r.jenis === 'STATUS')!
    expect(status).toMatchObject({ nik: '3404050303100003', status: 'MENINGGAL', alasan: 'TIDAK_DITEMUKAN', dasar: 'BA', nomor_dasar: '045/BA/XI/2026', tanggal_dasar: '2026-11-02' })
    expect(rows.find((r) => r.jenis === 'UBAH')).toMatchObject({ alasan: '', dasar: '', nomor_dasar: '', tanggal_dasar: '' })
    expect((await engine.previewExport()).desa.find((d) => d.desa === 'SUMBERADI')).toMatchObject({ missingBasis: 0 })
  })

  it('verifying a row does not ship a removal without its basis', async () => {
    const { engine } = await workspace()
    const row4 = await byNo(engine, 4)
    await expect(engine.markVerified({ rowId: row4.id })).rejects.toMatchObject({ code: 'REMOVAL_BASIS_REQUIRED', details: { nama: 'AHMAD FAUZI' } })
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
    await expect(engine.deactivate({ rowId: person.id, basis: { ...BA, date: '2027-01-01' } })).rejects.toMatchObject({ code: 'VALUE_INVALID', details: { field: 'tanggal_dasar' } })

    const changed = await engine.deactivate({ rowId: person.id, basis: { ...BA, reason: 'PINDAH' } })
    expect(changed.rows.map((r) => r.id)).toEqual([person.id])
    expect(changed.rows[0]!.findings[0]).toMatchObject({ status: 'resolved', resolution: 'accept_village' })
    expect(decision(engine, person.findings[0]!.key)).toMatchObject({ reason: 'PINDAH', basis_kind: 'BA', basis_no: BA.number })
    expect(changed.summary.undo.undo).toMatchObject({ action: 'deactivate', code: 'MISSING_FROM_VILLAGE', nama: 'MBAH KARSO', count: null })
    expect((await engine.audit(person.id, 5))[0]).toMatchObject({ action: 'deactivate', detail: `PINDAH; BA ${BA.number} tanggal ${BA.date}` })
    expect((await packageRows(engine)).find((r) => r.jenis === 'HAPUS')).toMatchObject({ nik: '3404050101500009', alasan: 'PINDAH', dasar: 'BA', nomor_dasar: BA.number, tanggal_dasar: BA.date })

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
    expect(finding(after, 'STATUS_CHANGE')).toMatchObject({ status: 'resolved', resolution: 'accept_village', params: { status: 'MENINGGAL' } })
    expect(finding(after, 'FIELD_MISMATCH').status).toBe('open')
    expect(changedIds(before, await view(engine))).toEqual(idsOf(changed))
    expect((await engine.audit(row5.id, 5))[0]).toMatchObject({ action: 'deactivate', field: 'keterangan', oldValue: '', newValue: 'MENINGGAL', detail: `MENINGGAL; BA ${BA.number} tanggal ${BA.date}` })
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
      expect(finding(changed.rows.find((r) => r.id === row2.id)!, 'STATUS_CHANGE'), reason).toMatchObject({ status: 'resolved', params: { status: reason } })
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

describe('bulk actions', () => {
  const spellingKeys = async (engine: Engine) =>
    (await engine.rows()).filter((r) => r.desa === 'SUMBERADI').flatMap((r) => r.findings.filter((f) => f.code === 'FIELD_MISMATCH' && f.params.spelling && f.status === 'open').map((f) => f.key))

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
    expect(changed.summary.undo.undo).toEqual({ action: 'bulk_resolve', field: 'nama', code: 'FIELD_MISMATCH', resolution: 'accept_village', file: 'sumberadi.csv', rowNo: null, nama: '', count: 3 })
    // Audited per row, so each row's history says what happened to it.
    for (const r of changed.rows) expect((await engine.audit(r.id, 1))[0]).toMatchObject({ action: 'resolve_accept_village', field: 'nama' })

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
    await expect(engine.resolveMany({ findingKeys: [...keys, 'FIELD_MISMATCH:v999:nama'], action: 'accept_village' })).rejects.toMatchObject({ code: 'FINDING_NOT_FOUND' })
    // Removals among them need the basis: one for all.
    const death = finding(await byNo(engine, 4), 'STATUS_CHANGE')
    const missing = (await masterOnly(engine)).findings[0]!
    await expect(engine.resolveMany({ findingKeys: [...keys, death.key, missing.key], action: 'accept_village' })).rejects.toMatchObject({
      code: 'REMOVAL_BASIS_REQUIRED',
      details: { count: 2 }
    })
    const shared = { kind: 'BA' as const, number: BA.number, date: BA.date }
    // Without a reason, a missing person has none to fall back on.
    await expect(engine.resolveMany({ findingKeys: [death.key, missing.key], action: 'accept_village', basis: shared })).rejects.toMatchObject({ code: 'VALUE_INVALID', details: { field: 'alasan' } })
    await expect(engine.resolveMany({ findingKeys: [death.key], action: 'accept_village', basis: { ...shared, date: '2030-01-01' } })).rejects.toMatchObject({ code: 'VALUE_INVALID', details: { field: 'tanggal_dasar' } })
    expect(() => METHODS.resolveMany.args({ findingKeys: [], action: 'accept_village' }, '')).toThrow(/minimal 1/)
    expect(() => METHODS.resolveMany.args({ findingKeys: Array.from({ length: 5001 }, (_, i) => `FIELD_MISMATCH:v${i}:nama`), action: 'accept_village' }, '')).toThrow(/maksimal 5000/)
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
    await expect(engine.verifyMany({ rowIds: ids })).rejects.toMatchObject({ code: 'ROW_HAS_ERRORS', details: { rows: 1, codes: 'NIK_INVALID_FORMAT' } })
    expect(await view(engine)).toEqual(before)

    const broken = await byNo(engine, 6)
    await engine.resolveFinding({ findingKey: broken.findings[0]!.key, action: 'exclude_row' })
    const rest = ids.filter((id) => id !== broken.id)
    const excluded = await view(engine)
    await expect(engine.verifyMany({ rowIds: ids })).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED', details: { action: 'verify', code: 'excluded' } })
    await expect(engine.verifyMany({ rowIds: rest })).rejects.toMatchObject({ code: 'REMOVAL_BASIS_REQUIRED', details: { nama: 'AHMAD FAUZI', count: 1 } })
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
    await engine.resolveMany({ findingKeys: [finding(await byNo(engine, 4), 'STATUS_CHANGE').key], action: 'accept_village', basis: { kind: 'SPTJM', number: '9/SPTJM/2026', date: '2026-11-20' } })
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
