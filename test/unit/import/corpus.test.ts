/**
 * The independent corpus (test/fixtures/corpus) is sound: every file of MANIFEST.json exists and
 * holds what its entry says — the header cells, the number of person rows (read with SheetJS here,
 * and with Python's csv/openpyxl/odfpy readers when Debian's python3-openpyxl and python3-odf are
 * installed), and every injected finding points at a row of that person or, for a missing person,
 * at a master person of the expected desa absent from the file. It does not assert how well the
 * engine does on the corpus: `npm run bench:accuracy` measures that.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { PERSON_FIELDS } from '../../../shared/domain/fields'
import { FINDING_CODES } from '../../../shared/domain/findings'
import { HEADER_TARGETS } from '../../../shared/domain/header-mapping'
import type { ReportFile, ReportFinding } from '../../../shared/engine/report'
import { type ManifestFile, readManifest, scoreFile, summarise } from '../../fixtures/corpus/evaluate.mts'
import { cellAt, type Grid, readGrid, text } from '../../fixtures/corpus/grid.mts'

const DIR = resolve(__dirname, '../../fixtures/corpus')
const manifest = readManifest(DIR)

/** The sheet's cells from A1, as SheetJS reads them (raw values; dates as serial numbers). */
function gridOf(entry: Pick<ManifestFile, 'file' | 'format' | 'sheet' | 'csv'>): Grid {
  const grid = readGrid(DIR, entry)
  expect(grid, `${entry.file}: sheet "${entry.sheet}"`).toBeDefined()
  return grid!
}

function headerOf(grid: Grid, entry: Pick<ManifestFile, 'headerRow' | 'headerRows'>, letter: string): string {
  const lower = text(cellAt(grid, entry.headerRow, letter))
  return lower === '' && entry.headerRows === 2 ? text(cellAt(grid, entry.headerRow - 1, letter)) : lower
}

function personRows(grid: Grid, entry: Pick<ManifestFile, 'firstDataRow' | 'lastDataRow' | 'nameColumn'>): number {
  let n = 0
  for (let r = entry.firstDataRow; r <= entry.lastDataRow; r++) if (text(cellAt(grid, r, entry.nameColumn)) !== '') n++
  return n
}

/** A NIK cell against the NIK as written: a number cell may have been rounded by its program (15 digits). */
function sameNik(cell: unknown, written: string): boolean {
  if (typeof cell === 'number') return /^\d{16}$/.test(written) && Math.abs(cell - Number(written)) < 10
  return text(cell) === written
}

const masterGrid = gridOf(manifest.master as unknown as ManifestFile)
const masterCol = (target: string) => manifest.master.columns.find((c) => c.target === target)!.column
const masterPeople = new Map<string, string>()
for (let r = manifest.master.firstDataRow; r <= manifest.master.lastDataRow; r++) {
  masterPeople.set(text(cellAt(masterGrid, r, masterCol('nik'))), text(cellAt(masterGrid, r, masterCol('desa'))))
}

describe('the independent corpus (MANIFEST.json)', () => {
  it('has at least 25 village files from every writer, and a master of every desa', () => {
    expect(manifest.files.length).toBeGreaterThanOrEqual(25)
    expect(new Set(manifest.files.map((f) => f.writer))).toEqual(new Set(['libreoffice', 'csv', 'openpyxl', 'odf', 'sheetjs']))
    expect(new Set(manifest.files.map((f) => f.file)).size).toBe(manifest.files.length)
    for (const f of [manifest.master.file, ...manifest.files.map((e) => e.file)]) expect(existsSync(join(DIR, f)), f).toBe(true)
    expect(masterPeople.size).toBe(manifest.master.rows)
    for (const d of manifest.master.desaList) expect([...masterPeople.values()].filter((v) => v === d.name).length, d.name).toBe(d.people)
  })

  it('names only known desa, targets, fields and finding codes', () => {
    const desa = new Set(manifest.master.desaList.map((d) => d.name))
    const targets: readonly string[] = HEADER_TARGETS
    const fields: readonly string[] = PERSON_FIELDS
    const codes: readonly string[] = FINDING_CODES
    for (const f of manifest.files) {
      if (f.desa.expected !== null) expect(desa.has(f.desa.expected), f.file).toBe(true)
      expect(['complete', 'changes']).toContain(f.coverage)
      for (const c of f.columns) if (c.target !== null) expect(targets, `${f.file} ${c.column}`).toContain(c.target)
      for (const x of f.findings) {
        expect(codes, f.file).toContain(x.code)
        if (x.field !== null) expect(fields, `${f.file} ${x.code}`).toContain(x.field)
        // People missing from a changes-only list are never reported, so none are injected there.
        if (x.code === 'MISSING_FROM_VILLAGE') expect(f.coverage, f.file).toBe('complete')
      }
    }
  })

  it('models desa named in a title, a file name, a sheet name, nowhere, and evidence that disagrees', () => {
    const evidence = manifest.files.flatMap((f) => f.desa.evidence).join(' | ')
    for (const kind of ['title', 'file name', 'sheet name', 'NIK/KK overlap only', 'desa column']) expect(evidence).toContain(kind)
    expect(manifest.files.filter((f) => f.desa.conflict).length).toBeGreaterThanOrEqual(2)
    expect(manifest.files.some((f) => f.coverage === 'changes')).toBe(true)
    expect(manifest.files.some((f) => f.headerRows === 2)).toBe(true)
  })

  it.each(manifest.files.map((f) => [f.file, f] as const))('%s: headers and person rows are as the manifest says', (_name, entry) => {
    const grid = gridOf(entry)
    for (const c of entry.columns) expect(headerOf(grid, entry, c.column), `${entry.file} ${c.column}`).toBe(c.header)
    const rows = personRows(grid, entry)
    expect(rows).toBe(entry.rows)
    if (entry.readBack) expect(entry.readBack.rows).toBe(rows)
  })

  it.each(manifest.files.map((f) => [f.file, f] as const))('%s: every injected finding points at its person', (_name, entry) => {
    const grid = gridOf(entry)
    const nikCol = entry.columns.find((c) => c.target === 'nik')!.column
    const niks = new Set<string>()
    for (let r = entry.firstDataRow; r <= entry.lastDataRow; r++) niks.add(text(cellAt(grid, r, nikCol)))
    expect(entry.findings.length).toBeGreaterThan(0)
    for (const x of entry.findings) {
      if (x.row === null) {
        expect(masterPeople.get(x.nik), `${x.code} ${x.nik}`).toBe(entry.desa.expected)
        expect(niks.has(x.nik), `${x.nik} is missing from ${entry.file}`).toBe(false)
      } else {
        expect(x.row).toBeGreaterThanOrEqual(entry.firstDataRow)
        expect(x.row).toBeLessThanOrEqual(entry.lastDataRow)
        expect(
          sameNik(cellAt(grid, x.row, nikCol), x.nik),
          `${x.code} at row ${x.row}: ${String(cellAt(grid, x.row, nikCol))} ≠ ${x.nik}`
        ).toBe(true)
        if (x.masterNik) expect(masterPeople.has(x.masterNik), x.masterNik).toBe(true)
      }
    }
  })

  const python = spawnSync('/usr/bin/python3', ['-c', 'import openpyxl, odf'], { encoding: 'utf8' })
  it.skipIf(python.status !== 0)('reads back the same with Python csv/openpyxl/odfpy (make/manifest.py --check)', () => {
    const r = spawnSync('/usr/bin/python3', [join(DIR, 'make', 'manifest.py'), '--check'], {
      cwd: join(DIR, 'make'),
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('match MANIFEST.json')
  })
})

describe('corpus scoring (evaluate.mts) on made-up reports', () => {
  const entry = manifest.files.find((f) => f.file === 'DTKS_SUKAWANA_verivali.xlsx')!
  const PRIMARY: Record<string, string> = { tempat_tanggal_lahir: 'tanggal_lahir', rt_rw: 'rt' }
  const perfectFile = (): ReportFile => ({
    file: entry.file,
    sheet: entry.sheet,
    headerRow: entry.headerRow,
    rows: entry.rows,
    desa: `Desa ${entry.desa.expected}`,
    mapping: entry.columns
      .filter((c) => c.target !== null)
      .map((c) => ({ field: PRIMARY[c.target!] ?? c.target!, column: c.column, header: c.header })),
    error: null
  })
  const finding = (code: string, row: number | null, field: string | null, nik: string): ReportFinding =>
    ({
      code,
      severity: 'warning',
      file: row === null ? null : entry.file,
      row,
      nik,
      masterNik: row === null ? nik : null,
      field,
      village: null,
      master: null,
      message: '',
      desa: entry.desa.expected!
    }) as ReportFinding
  const perfectFindings = () => entry.findings.map((f) => finding(f.code, f.row, f.field, f.nik))

  it('scores a report that finds everything as all right', () => {
    const s = scoreFile(entry, perfectFile(), perfectFindings())
    expect(s.desa.verdict).toBe('right')
    expect(s.columns).toMatchObject({
      wrong: 0,
      missing: 0,
      noTargetMapped: 0,
      right: entry.columns.filter((c) => c.target !== null).length
    })
    expect(Object.values(s.codes).every((t) => t.found === t.expected)).toBe(true)
    expect(s.falseAlarms).toBe(0)
    expect(s.cleanRows).toBe(entry.rows - new Set(entry.findings.filter((f) => f.row !== null).map((f) => f.row)).size)
  })

  it('counts an unknown desa, an unmapped column, a missed finding and a false alarm', () => {
    const file = { ...perfectFile(), desa: null }
    file.mapping = file.mapping!.filter((m) => m.field !== 'keterangan').concat({ field: 'keterangan', column: 'A', header: 'ID DTKS' })
    const found = perfectFindings()
    const dropped = found.findIndex((f) => f.code === 'STATUS_CHANGE')
    found.splice(dropped, 1)
    const clean =
      entry.firstDataRow + [...Array(entry.rows).keys()].find((i) => !entry.findings.some((f) => f.row === entry.firstDataRow + i))!
    found.push(finding('FIELD_MISMATCH', clean, 'nama', '5108060000000000'))
    const s = scoreFile(entry, file, found)
    expect(s.desa.verdict).toBe('unknown')
    expect(s.columns).toMatchObject({ missing: 1, noTargetMapped: 1 })
    expect(s.codes.STATUS_CHANGE!.found).toBe(s.codes.STATUS_CHANGE!.expected - 1)
    expect(s.falseAlarms).toBe(1)
    const total = summarise([s, scoreFile(entry, { ...perfectFile(), desa: 'WANAJAYA' }, perfectFindings())])
    expect(total.desa).toEqual({ right: 0, wrong: 1, unknown: 1 })
    expect(total.falseAlarms).toBe(1)
  })

  it('scores the "not recognised" list: meaningful columns without a field found, columns listed wrongly, columns dropped silently', () => {
    const meaningful = entry.columns.filter((c) => c.target === null && c.meaningful)
    expect(meaningful.length).toBeGreaterThan(1)
    const listed = (columns: string[]) => columns.map((column) => ({ column, header: '', samples: [], filled: 1 }))
    const all = scoreFile(entry, { ...perfectFile(), unrecognised: listed(meaningful.map((c) => c.column)) }, perfectFindings())
    expect(all.unrecognised).toMatchObject({ expected: meaningful.length, found: meaningful.length, listed: meaningful.length, silent: 0 })
    expect(all.unrecognised.listedMeaningful).toBe(meaningful.length)

    // One left out, one column that is not in the file listed, and the NIK column neither mapped nor listed.
    const file = { ...perfectFile(), unrecognised: listed([...meaningful.slice(1).map((c) => c.column), 'ZZ']) }
    const nik = entry.columns.find((c) => c.target === 'nik')!
    file.mapping = file.mapping!.filter((m) => m.column !== nik.column)
    const some = scoreFile(entry, file, perfectFindings())
    expect(some.unrecognised).toMatchObject({
      expected: meaningful.length,
      found: meaningful.length - 1,
      listed: meaningful.length,
      silent: 2
    })
    expect(some.unrecognised.listedMeaningful).toBe(meaningful.length - 1)
    expect(some.unrecognised.details).toHaveLength(3)
    const total = summarise([all, some])
    expect(total.unrecognised).toMatchObject({ expected: 2 * meaningful.length, found: 2 * meaningful.length - 1, silent: 2 })
  })
})
