/**
 * The receiver (real PostgreSQL) honours withdrawals and corrections: a change withdrawn by a later
 * BATAL of the same office leaves the accepted changes (page, conflicts, Excel export) and is listed
 * as withdrawn; a correction replaces the row it corrects; another office's same change stays.
 */
import { describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

import { exportChanges } from '../../../receiver/export'
import { renderPage } from '../../../receiver/page'
import { enrolKey } from '../../../receiver/registry'
import type { ChangeRow, PackageDesa } from '../../../shared/engine/package/changes'
import { useDinas } from './helpers/dinas'
import { makeOffice, syntheticChanges } from './helpers/office'

const { pg, accept } = useDinas('batal')

/** Three changes in one desa: an UBAH of nama, a STATUS and a HAPUS (each a different person). */
function baseRows(seed: number): PackageDesa {
  const all = syntheticChanges(60, seed)
  const d = all[0]!
  const pick = (jenis: string) => all.flatMap((x) => x.rows).find((r) => r.jenis === jenis)!
  return withRows(d, [pick('UBAH'), pick('STATUS'), pick('HAPUS')])
}

function withRows(d: PackageDesa, rows: ChangeRow[]): PackageDesa {
  return { ...d, rows, sources: [{ ...d.sources[0]!, rows: rows.length }] }
}

/** What withdrawal.ts sends: the change as package N carried it, its kind in status. */
const batal = (r: ChangeRow, seq: number): ChangeRow => ({ ...r, jenis: 'BATAL', status: r.jenis, koreksi_paket: String(seq) })

async function exported(kecamatan: string) {
  const x = await exportChanges(pg.pool(), kecamatan, null)
  const book = XLSX.read(x.bytes, { type: 'buffer' })
  const sheet = (name: string) => XLSX.utils.sheet_to_json<Record<string, string | number>>(book.Sheets[name]!, { raw: false, defval: '' })
  return { ...x, perubahan: sheet('Perubahan'), ditarik: sheet('Ditarik') }
}

describe('receiver: withdrawals and corrections', () => {
  it('leaves a change withdrawn by a later BATAL out of the export, page and conflicts, and lists the withdrawal', async () => {
    const office = makeOffice('Gamping')
    const other = makeOffice('Godean')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Gamping' })
    await enrolKey(pg.pool(), { publicKey: other.publicKey, kecamatan: 'Godean' })
    const d = baseRows(11)
    const [ubah, status, hapus] = d.rows as [ChangeRow, ChangeRow, ChangeRow]
    expect(await accept((await office.next(3, { desa: [d] })).bytes)).toMatchObject({ status: 'accepted' })
    // Another kecamatan proposes the same removal: a conflict while both stand.
    expect(await accept((await other.next(1, { desa: [withRows(d, [hapus])] })).bytes)).toMatchObject({ status: 'accepted' })
    expect(await renderPage(pg.pool(), 'Dinas Uji')).toContain(`<td>${hapus.nik}</td>`)

    expect(await accept((await office.next(1, { desa: [withRows(d, [batal(hapus, 1)])] })).bytes)).toMatchObject({ status: 'accepted' })

    const x = await exported('Gamping')
    expect(x.rows).toBe(2)
    expect(x.perubahan.map((r) => r['NIK'])).toEqual([ubah.nik, status.nik])
    expect(x.perubahan.map((r) => r['Jenis'])).toEqual(['UBAH', 'STATUS'])
    expect(x.withdrawn).toBe(1)
    expect(x.ditarik).toEqual([
      expect.objectContaining({ Desa: d.desa, Jenis: 'HAPUS', NIK: hapus.nik, 'Dikirim di paket': '1', Status: 'ditarik di paket 2' })
    ])
    // The other office's removal is not withdrawn by Gamping's BATAL.
    expect((await exported('Godean')).perubahan.map((r) => r['NIK'])).toEqual([hapus.nik])
    const page = await renderPage(pg.pool(), 'Dinas Uji')
    expect(page).toContain(`<td>Gamping</td><td>${d.desa}</td><td>2</td><td>1</td>`)
    expect(page).not.toContain(`<td>${hapus.nik}</td>`)

    // Decided again later: a correction of the withdrawing package brings it back.
    const again = { ...hapus, nomor_dasar: '777/BA/XII/2026', koreksi_paket: '2' }
    expect(await accept((await office.next(1, { desa: [withRows(d, [again])] })).bytes)).toMatchObject({ status: 'accepted' })
    const y = await exported('Gamping')
    expect(y.perubahan.map((r) => [r['NIK'], r['Nomor dasar'], r['Paket ke']])).toEqual([
      [ubah.nik, '', '1'],
      [status.nik, status.nomor_dasar, '1'],
      [hapus.nik, '777/BA/XII/2026', '3']
    ])
    expect(y.ditarik).toEqual([])
  })

  it('keeps only the corrected value when a later package corrects a change', async () => {
    const office = makeOffice('Seyegan')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Seyegan' })
    const d = baseRows(12)
    const [ubah, status] = d.rows as [ChangeRow, ChangeRow, ChangeRow]
    expect(await accept((await office.next(3, { desa: [d] })).bytes)).toMatchObject({ status: 'accepted' })
    const corrected = { ...ubah, nilai_desa: 'SITI AMINAH RAHAYU', koreksi_paket: '1' }
    expect(await accept((await office.next(1, { desa: [withRows(d, [corrected])] })).bytes)).toMatchObject({ status: 'accepted' })

    const x = await exported('Seyegan')
    expect(x.rows).toBe(3)
    const ofNik = x.perubahan.filter((r) => r['NIK'] === ubah.nik)
    expect(ofNik).toEqual([expect.objectContaining({ Jenis: 'UBAH', Kolom: 'nama', 'Nilai desa': 'SITI AMINAH RAHAYU', 'Paket ke': '2' })])
    expect(x.perubahan.find((r) => r['NIK'] === status.nik)).toMatchObject({ 'Paket ke': '1' })
    expect(x.ditarik).toEqual([])
  })
})
