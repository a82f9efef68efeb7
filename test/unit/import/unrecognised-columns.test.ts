/**
 * "Kolom tidak dikenali": columns with data that map to no field are listed with a few values
 * (NIK/KK-like ones masked) in the parsed table, and by `cermat check` on stdout and in report.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { runCheck } from '../../../electron/cli/check'
import { isDesaCodeHeader } from '../../../shared/domain/desa-evidence'
import { isFormToolColumn, sampleText } from '../../../shared/engine/import/unrecognised-columns'
import type { Report } from '../../../shared/engine/report'
import { book, read } from './build'

const CORPUS = resolve(import.meta.dirname, '../../fixtures/corpus')

describe('columns not recognised, in the parsed table', () => {
  it('lists columns with data and no field, with up to 3 distinct values; row numbers and empty columns are left out', () => {
    const { table } = read(
      book([
        ['NO', 'NIK', 'NAMA', 'NIK KEPALA KELUARGA', 'PEKERJAAN', 'CATATAN', 'KETERANGAN'],
        [1, '3404051205800001', 'BUDI', '3404051205800001', 'PETANI', '', ''],
        [2, '3404054506850002', 'SITI', '3404051205800001', 'PEDAGANG', '', ''],
        [3, '3404051010100003', 'ANDI', '3404051205800001', 'PELAJAR', '', ''],
        [4, '3404055505120004', 'RINA', '3404051205800001', 'PETANI', '', 'PINDAH']
      ]),
      'desa.xlsx'
    )
    expect(table.unrecognised).toEqual([
      { column: 'D', header: 'NIK KEPALA KELUARGA', samples: ['340405••••••0001'], filled: 4 },
      { column: 'E', header: 'PEKERJAAN', samples: ['PETANI', 'PEDAGANG', 'PELAJAR'], filled: 4 }
    ])
  })

  it('a column with data under an empty header is listed by its letter', () => {
    const { table } = read(
      book([
        ['NIK', 'NAMA', ''],
        ['3404051205800001', 'BUDI', 'x'],
        ['3404054506850002', 'SITI', '']
      ]),
      'desa.xlsx'
    )
    expect(table.unrecognised).toEqual([{ column: 'C', header: '', samples: ['x'], filled: 1 }])
  })

  it("leaves out the columns a form tool adds about the submission, not a person's columns of the same words", () => {
    for (const h of [
      '_id',
      '_uuid',
      '_submission_time',
      '_index',
      '__version__',
      'SubmissionDate',
      'KEY',
      'SubmitterName',
      'ReviewState',
      'meta-instanceID',
      'meta/instanceID'
    ])
      expect(isFormToolColumn(h), h).toBe(true)
    for (const h of ['Key', 'KETERANGAN', 'Status', 'start', 'today', 'deviceid', 'anggota/nama', 'meta-nama', ''])
      expect(isFormToolColumn(h), h).toBe(false)
  })

  it('masks values that look like a NIK or KK, keeps other text', () => {
    expect(sampleText('3404051205800001')).toBe('340405••••••0001')
    expect(sampleText("'3404.0512.0580.0001")).toBe('340405••••••0001')
    expect(sampleText('081234567890')).toBe('••••••••7890')
    expect(sampleText('Tetap')).toBe('Tetap')
    expect(sampleText('12')).toBe('12')
  })
})

describe('columns not recognised, in cermat check (report.json and stdout)', () => {
  const out = mkdtempSync(join(tmpdir(), 'cermat-unrec-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))
  const files = ['opensid-penduduk-lama.xls', 'biodata_wni_510806.xlsx', 'verval_dtsen_2026_11_10_export.csv', 'regsosek_listing_002.xlsx']
  // Columns with a header but no value in any row: nothing to list.
  const EMPTY: Record<string, string[]> = { 'opensid-penduduk-lama.xls': ['I', 'Q'] }
  const lines: string[] = []
  const run = runCheck({
    master: join(CORPUS, 'master-dtsen-sukawana.xlsx'),
    villages: files.map((f) => join(CORPUS, f)),
    out,
    locale: 'id',
    appVersion: '0.0.0-test',
    log: (l) => lines.push(l)
  }).then(() => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report)

  it('every meaningful column of the corpus without a field is listed, and no mapped one', async () => {
    const report = await run
    const manifest = JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as {
      files: { file: string; columns: { column: string; header: string; target: string | null; meaningful: boolean }[] }[]
    }
    for (const name of files) {
      const entry = manifest.files.find((f) => f.file === name)!
      const listed = report.files.find((f) => f.file === name)!.unrecognised!.map((u) => u.column)
      const expected = entry.columns
        // A desa code column is read as desa evidence, so it is not "not recognised".
        .filter((c) => c.target === null && c.meaningful && !isDesaCodeHeader(c.header) && !(EMPTY[name] ?? []).includes(c.column))
        .map((c) => c.column)
      expect(listed, name).toEqual(expect.arrayContaining(expected))
      // Kobo's _id, _uuid, _submission_time … are about the submission: not listed.
      const meaningless = entry.columns.filter((c) => c.target === null && !c.meaningful).map((c) => c.column)
      expect(
        listed.filter((c) => meaningless.includes(c)),
        name
      ).toEqual([])
      const mapped = entry.columns.filter((c) => c.target !== null).map((c) => c.column)
      expect(
        listed.filter((c) => mapped.includes(c)),
        name
      ).toEqual([])
    }
  })

  it("OpenSID's residence Status (Tetap) is not taken for the musdes result but listed with its values", async () => {
    const report = await run
    const opensid = report.files.find((f) => f.file === 'opensid-penduduk-lama.xls')!
    expect(opensid.mapping!.map((m) => m.field)).not.toContain('keterangan')
    expect(opensid.unrecognised).toContainEqual(expect.objectContaining({ column: 'S', header: 'Status', samples: ['Tetap'] }))
  })

  it('prints them per file under the summary', async () => {
    await run
    const text = lines.join('\n')
    expect(text).toContain('opensid-penduduk-lama.xls — Kolom tidak dikenali')
    expect(text).toMatch(/Kolom S \("Status"\), \d+ baris terisi, mis\. "Tetap"/)
  })
})
