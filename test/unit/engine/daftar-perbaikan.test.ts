import { describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

import type { Engine } from '../../../shared/engine/engine'
import { columnOrder } from '../../../shared/engine/outputs/daftar-perbaikan'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile, xlsx } from '../helpers/sheets'

const HEADER = ['NO', 'NIK', 'No. KK', 'NAMA LENGKAP', 'L/P', 'TEMPAT LAHIR', 'TGL LAHIR', 'SHDK', 'ALAMAT', 'RT', 'RW', 'KETERANGAN']

async function workspace(): Promise<Engine> {
  const { engine } = await openEngine()
  await engine.updateSettings({ kecamatan: 'Mlati', kabupaten: 'Sleman' })
  await engine.importFile('master', { taskId: 't1', fileName: 'master.xlsx', bytes: masterFile() })
  await engine.importFile('village', { taskId: 't2', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
  return engine
}

/** The sheet as SheetJS reads it back: every cell with its type, by row. */
function readBack(bytes: Uint8Array) {
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true })
  const sheet = (name: string) => {
    const ws = wb.Sheets[name]!
    const range = XLSX.utils.decode_range(ws['!ref']!)
    const rows: (XLSX.CellObject | undefined)[][] = []
    for (let r = range.s.r; r <= range.e.r; r++) {
      const row: (XLSX.CellObject | undefined)[] = []
      for (let c = range.s.c; c <= range.e.c; c++) row.push(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined)
      rows.push(row)
    }
    const texts = rows.map((r) => r.map((c) => String(c?.v ?? '')))
    return { rows, texts, at: (first: string) => texts.findIndex((r) => r[0] === first) }
  }
  return { names: wb.SheetNames, sheet }
}

describe('daftar perbaikan', () => {
  it("lists the village's own rows with what is wrong, in its own columns, and the people its list lacks", async () => {
    const engine = await workspace()
    const made = await engine.daftarPerbaikan({ desa: 'Desa Sumberadi', output: 'xlsx' })
    expect(made.fileName).toBe('daftar-perbaikan-desa-sumberadi-2026-11-23.xlsx')
    const book = readBack(made.bytes!)
    expect(book.names).toEqual(['SUMBERADI'])
    const s = book.sheet('SUMBERADI')

    // Header block: what, where, when, which file.
    expect(s.texts[0]![0]).toBe('DAFTAR PERBAIKAN DATA DESA')
    expect(s.texts).toContainEqual(expect.arrayContaining(['Kabupaten', 'Sleman']))
    expect(s.texts).toContainEqual(expect.arrayContaining(['Kecamatan', 'Mlati']))
    expect(s.texts).toContainEqual(expect.arrayContaining(['Desa', 'SUMBERADI']))
    expect(s.texts).toContainEqual(expect.arrayContaining(['Tanggal', '23-11-2026']))
    expect(s.texts).toContainEqual(expect.arrayContaining(['File', 'musdes.xlsx (lembar "Sheet1")']))

    // The village's columns in its order and with its header names, between the row number and the two columns for it.
    const head = s.at('Baris di file')
    expect(s.texts[head]!.filter((x) => x !== '')).toEqual(['Baris di file', ...HEADER, 'Masalah', 'Perbaikan (diisi desa)'])
    const col = (name: string) => s.texts[head]!.indexOf(name)
    const table = s.texts.slice(
      head + 1,
      s.texts.findIndex((r, i) => i > head && r[0] === '')
    )
    // Row 7 reports a death and rows 9–10 propose a new person: the kecamatan decides those, they are not listed for them.
    expect(table.map((r) => r[0])).toEqual(['6', '8', '9', '10'])
    const byRow = new Map(table.map((r) => [r[0], r]))
    expect(byRow.get('6')![col('NAMA LENGKAP')]).toBe('SITI AMINA')
    expect(byRow.get('6')![col('Masalah')]).toBe('Nama hanya berbeda ejaan: desa "SITI AMINA", data induk "SITI AMINAH".')
    expect(byRow.get('8')![col('Masalah')]).toBe('NIK "340405030310000" tidak sah: harus 16 angka, tertulis 15 angka.')
    expect(byRow.get('9')![col('Masalah')]).toBe('NIK 3404054101240005 muncul lebih dari sekali di file ini (baris 10).')
    expect(byRow.get('9')![col('KETERANGAN')]).toBe('ANGGOTA BARU')
    expect(byRow.get('10')![col('KETERANGAN')]).toBe('')
    for (const r of table) expect(r[col('Perbaikan (diisi desa)')]).toBe('')

    // NIKs are text cells holding all 16 digits.
    const nikCell = s.rows[head + 1]![col('NIK')]!
    expect(nikCell.t).toBe('s')
    expect(nikCell.v).toBe('3404055708850002')

    // The person of the desa's master list the file does not name, with the master's values.
    const missing = s.at('Tidak ada di daftar desa')
    expect(missing).toBeGreaterThan(head)
    const mHead = s.texts.findIndex((r, i) => i > missing && r[0] === 'NIK')
    expect(s.texts[mHead]!.slice(0, 4)).toEqual(['NIK', 'No. KK', 'Nama', 'Jenis kelamin'])
    const person = s.rows[mHead + 1]!
    expect(person[0]!.t).toBe('s')
    expect(person[0]!.v).toBe('3404050101500009')
    expect(s.texts[mHead + 1]!.slice(1, 6)).toEqual(['3404051201100009', 'MBAH KARSO', 'laki-laki', '01-01-1950', 'Kepala keluarga'])

    // The printable model says the same.
    expect(made.model.desa[0]!.files[0]!.columns).toEqual(HEADER)
    expect(made.model.desa[0]!.files[0]!.rows.map((r) => r.rowNo)).toEqual([6, 8, 9, 10])
    expect(made.model.desa[0]!.missing.map((m) => m.nama)).toEqual(['MBAH KARSO'])
  })

  it('leaves out what the operator has decided, and says so when nothing is left', async () => {
    const engine = await workspace()
    const rows = await engine.rows()
    const key = (rowNo: number, code: string) => rows.find((r) => r.rowNo === rowNo)!.findings.find((f) => f.code === code)!.key
    await engine.resolveFinding({ findingKey: key(6, 'FIELD_MISMATCH'), action: 'accept_village' })
    await engine.resolveFinding({ findingKey: key(8, 'NIK_INVALID_FORMAT'), action: 'exclude_row' })
    let made = await engine.daftarPerbaikan({ output: 'print' })
    expect(made.bytes).toBeNull()
    expect(made.model.desa.map((d) => d.desa)).toEqual(['SUMBERADI'])
    expect(made.model.desa[0]!.files[0]!.rows.map((r) => r.rowNo)).toEqual([9, 10])

    await engine.resolveFinding({ findingKey: key(10, 'DUPLICATE_NIK_IN_FILE'), action: 'exclude_row' })
    const missing = rows.find((r) => r.kind === 'master_only')!.findings[0]!.key
    await engine.resolveFinding({ findingKey: missing, action: 'keep_master' })
    made = await engine.daftarPerbaikan({ desa: 'SUMBERADI', output: 'xlsx' })
    expect(made.model.desa).toEqual([{ desa: 'SUMBERADI', files: [], missing: [] }])
    expect(readBack(made.bytes!).sheet('SUMBERADI').texts).toContainEqual(['Tidak ada yang perlu diperbaiki desa.', ''])
    // All desa: nobody has anything left, so one sheet says so.
    made = await engine.daftarPerbaikan({ output: 'xlsx' })
    expect(made.model.desa).toEqual([])
    expect(readBack(made.bytes!).names).toEqual(['DAFTAR PERBAIKAN DATA DESA'])
  })

  it('refuses a desa the workspace does not know, naming the ones it does', async () => {
    const engine = await workspace()
    await expect(engine.daftarPerbaikan({ desa: 'Sumberado' })).rejects.toMatchObject({
      code: 'DESA_NOT_FOUND',
      message: 'Desa "Sumberado" tidak ada di data induk maupun di file desa ruang kerja ini. Desa yang dikenal: SUMBERADI, TLOGOADI.'
    })
    // A desa of the master without a file yet: its list is empty, not an error.
    expect((await engine.daftarPerbaikan({ desa: 'TLOGOADI' })).model.desa).toEqual([{ desa: 'TLOGOADI', files: [], missing: [] }])
  })

  it('one sheet per desa for all, in English when asked', async () => {
    const engine = await workspace()
    await engine.importFile('village', {
      taskId: 't3',
      fileName: 'tlogoadi.xlsx',
      bytes: xlsx([
        ['NIK', 'NAMA', 'DESA', 'TGL LAHIR'],
        ['3404051111700004', 'WAGIMIN', 'TLOGOADI', '11-11-1970']
      ])
    })
    const made = await engine.daftarPerbaikan({ locale: 'en', output: 'xlsx' })
    const book = readBack(made.bytes!)
    expect(book.names).toEqual(['SUMBERADI', 'TLOGOADI'])
    const s = book.sheet('TLOGOADI')
    expect(s.texts[0]![0]).toBe('LIST OF CORRECTIONS FOR THE VILLAGE')
    const head = s.at('Row in file')
    expect(s.texts[head]).toEqual(['Row in file', 'NIK', 'NAMA', 'DESA', 'TGL LAHIR', 'Problem', 'Correction (by the village)'])
    expect(s.texts[head + 1]).toEqual([
      '2',
      '3404051111700004',
      'WAGIMIN',
      'TLOGOADI',
      '11-11-1970',
      expect.stringContaining('WAGIMIN'),
      ''
    ])
  })

  it('a corrected file sent back imports as a replacement, and its fixed rows leave the list', async () => {
    const engine = await workspace()
    const before = await engine.daftarPerbaikan({ desa: 'SUMBERADI' })
    expect(before.model.desa[0]!.files[0]!.rows.map((r) => r.rowNo)).toEqual([6, 8, 9, 10])
    // The village corrects the name of row 6 and deletes the doubled row 10, as the list asked.
    const wb = XLSX.read(sumberadiFile(), { type: 'array' })
    const ws = wb.Sheets[wb.SheetNames[0]!]!
    ws['D6'] = { t: 's', v: 'SITI AMINAH' }
    for (const c of 'ABCDEFGHIJKL') delete ws[`${c}10`]
    const corrected = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)
    const result = await engine.importFile('village', {
      taskId: 't4',
      fileName: 'musdes-perbaikan.xlsx',
      bytes: corrected,
      onExisting: 'replace'
    })
    expect(result.warnings.map((w) => w.code)).toContain('REPLACED')
    const after = await engine.daftarPerbaikan({ desa: 'SUMBERADI' })
    const file = after.model.desa[0]!.files[0]!
    expect(file.fileName).toBe('musdes-perbaikan.xlsx')
    expect(file.rows.map((r) => r.rowNo)).toEqual([8])
  })

  it('reads the column order from rows that each hold only some of the columns', () => {
    const raw = (...headers: string[]) => JSON.stringify(headers.map((h) => [h, 'x']))
    const order = columnOrder([
      raw('NO', 'NIK', 'KETERANGAN'),
      raw('NO', 'NIK', 'NAMA'),
      raw('NAMA', 'RT', 'KETERANGAN'),
      raw('KET', 'KET')
    ])
    expect(order.map((c) => `${c.header}${c.nth ? '#' + c.nth : ''}`)).toEqual(['NO', 'NIK', 'NAMA', 'RT', 'KETERANGAN', 'KET', 'KET#1'])
  })
})
