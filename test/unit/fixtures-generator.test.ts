/**
 * The test-data generator keeps its own promises: determinism by seed, structurally valid
 * NIK/KK numbers, realistic households, exact row counts, and labels that point at rows whose
 * cells (read back from the produced xlsx/CSV bytes with SheetJS) really carry the defect,
 * while every unlabelled row equals its master person after normalisation.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'
import {
  DEMO_OPTIONS,
  LABEL_CODES,
  MASTER_HEADERS,
  MASTER_SHEET_NAME,
  MISMATCH_FIELDS,
  SHDK_DTSEN,
  SHDK_DUKCAPIL,
  VILLAGE_STYLES,
  ZERO_RATES,
  countLabels,
  decodeNik,
  excelSerialToIso,
  generateScenario,
  isoToDays,
  shdkToDtsen,
  writeMasterXlsx,
  writeVillageFile
} from '../fixtures/generator.mts'
import type {
  ColumnKey,
  Label,
  MasterPerson,
  Scenario,
  ScenarioOptions,
  VillageFileSpec
} from '../fixtures/generator.mts'

// ------------------------------------------------------------------------------------------
// Reading the produced files back

interface RawCell {
  t: 's' | 'n' | 'other'
  v: string | number
}

type Grid = (row1: number, col0: number) => RawCell | undefined

function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    if (quoted) {
      if (ch === '"' && text.charAt(i + 1) === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ';') {
      row.push(field)
      field = ''
    } else if (ch === '\r') continue
    else if (ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

interface ReadFile {
  grid: Grid
  /** Number of the last row that has any cell. */
  lastRow: number
  workbook: XLSX.WorkBook | null
}

function readVillageBytes(spec: VillageFileSpec, bytes: Uint8Array): ReadFile {
  if (spec.style.format === 'csv') {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.charCodeAt(0)).toBe(spec.style.csvBom ? 0xfeff : text.charCodeAt(0))
    const rows = parseCsv(text.replace(/^\uFEFF/, ''))
    for (const r of rows) expect(r.length).toBe(spec.style.columns.length)
    return {
      grid: (r, c) => {
        const v = rows[r - 1]?.[c]
        return v === undefined || v === '' ? undefined : { t: 's', v }
      },
      lastRow: rows.length,
      workbook: null
    }
  }
  const wb = XLSX.read(bytes, { type: 'array', dense: true, cellNF: true })
  const ws = wb.Sheets[spec.style.sheetName]
  if (!ws) throw new Error(`sheet ${spec.style.sheetName} missing in ${spec.fileName}`)
  const data = (ws['!data'] ?? []) as XLSX.CellObject[][]
  return {
    grid: (r, c) => {
      const cell = data[r - 1]?.[c]
      if (!cell || cell.v === undefined || cell.v === null) return undefined
      if (cell.t === 's') return { t: 's', v: String(cell.v) }
      if (cell.t === 'n') return { t: 'n', v: Number(cell.v) }
      return { t: 'other', v: String(cell.v) }
    },
    lastRow: data.length,
    workbook: wb
  }
}

// ------------------------------------------------------------------------------------------
// Normalisation (DOMAIN.md): trim, collapse spaces, upper-case, strip punctuation, map codes

function norm(s: string): string {
  return s
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function cellText(c: RawCell | undefined): string {
  return c === undefined ? '' : String(c.v)
}

/** ISO form of a text date (yyyy-mm-dd, dd-mm-yyyy, dd/mm/yyyy) when it is a real calendar date (any year). */
function parseTextDate(s: string): string | null {
  const t = s.trim()
  let iso: string | null = null
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`
  m = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(t)
  if (m) iso = `${m[3]}-${m[2]}-${m[1]}`
  if (iso === null) return null
  const d = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))))
  const back = `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
  return back === iso && iso.slice(0, 4) !== '0000' ? iso : null
}

function sexOf(c: RawCell | undefined): 'L' | 'P' | null {
  const t = norm(cellText(c))
  if (t === 'L' || t === 'LAKI LAKI' || t === '1') return 'L'
  if (t === 'P' || t === 'PEREMPUAN' || t === '2') return 'P'
  return null
}

const DUKCAPIL_BY_LABEL = new Map(SHDK_DUKCAPIL.map((l, i) => [norm(l), i]))
const DTSEN_BY_LABEL = new Map(SHDK_DTSEN.map((l, i) => [norm(l), i]))

/** SHDK cell → Regsosek/DTSEN group (1–8); the two code systems meet there. */
function shdkGroup(c: RawCell | undefined): number | null {
  if (c === undefined) return null
  if (c.t === 'n') return shdkToDtsen(Number(c.v))
  const t = norm(String(c.v))
  if (/^\d+$/.test(t)) return shdkToDtsen(Number(t))
  const d = DUKCAPIL_BY_LABEL.get(t)
  if (d) return shdkToDtsen(d)
  return DTSEN_BY_LABEL.get(t) ?? null
}

interface RowValues {
  nikCell: RawCell | undefined
  nik: string
  noKk: string
  nama: string
  jenisKelamin: 'L' | 'P' | null
  tempatLahir: string
  tanggalLahir: string | null
  shdk: number | null
  alamat: string
  rt: number
  rw: number
  dusun: string
  keterangan: string
  /** The birth date as written (a date cell as dd/mm/yyyy; the date part of a TTL cell). */
  dateText: string
  /** Columns of the file (besides NO and KETERANGAN) whose cell is empty. */
  empty: Set<ColumnKey>
}

function readRow(file: ReadFile, spec: VillageFileSpec, row: number): RowValues {
  const col = (key: ColumnKey): RawCell | undefined => {
    const i = spec.style.columns.findIndex((c) => c.key === key)
    return i < 0 ? undefined : file.grid(row, i)
  }
  let tempat = cellText(col('tempat_lahir'))
  let tanggal: string | null = null
  let dateText = ''
  const ttl = col('ttl')
  if (ttl) {
    const text = cellText(ttl)
    const comma = text.indexOf(',')
    tempat = text.slice(0, comma)
    dateText = text.slice(comma + 1).trim()
    tanggal = parseTextDate(dateText)
  } else {
    const d = col('tanggal_lahir')
    if (d?.t === 'n') {
      tanggal = excelSerialToIso(Number(d.v))
      dateText = `${tanggal.slice(8, 10)}/${tanggal.slice(5, 7)}/${tanggal.slice(0, 4)}`
    } else if (d) {
      dateText = String(d.v)
      tanggal = parseTextDate(dateText)
    }
  }
  const empty = new Set<ColumnKey>()
  for (const c of spec.style.columns) {
    if (c.key !== 'no' && c.key !== 'keterangan' && cellText(col(c.key)).trim() === '') empty.add(c.key)
  }
  const nikCell = col('nik')
  return {
    nikCell,
    nik: cellText(nikCell).trim(),
    noKk: cellText(col('no_kk')).trim(),
    nama: norm(cellText(col('nama'))),
    jenisKelamin: sexOf(col('jenis_kelamin')),
    tempatLahir: norm(tempat),
    tanggalLahir: tanggal,
    shdk: shdkGroup(col('shdk')),
    alamat: norm(cellText(col('alamat'))),
    rt: Number(cellText(col('rt'))),
    rw: Number(cellText(col('rw'))),
    dusun: norm(cellText(col('dusun'))),
    keterangan: norm(cellText(col('keterangan'))),
    dateText,
    empty
  }
}

type Compared = 'nama' | 'tanggal_lahir' | 'jenis_kelamin' | 'no_kk' | 'shdk' | 'tempat_lahir' | 'alamat' | 'rt' | 'rw' | 'dusun'

/** Fields of the row that differ from the master person after normalisation. */
function differences(v: RowValues, p: MasterPerson): Compared[] {
  const out: Compared[] = []
  if (v.nama !== norm(p.nama)) out.push('nama')
  if (v.tanggalLahir !== p.tanggalLahir) out.push('tanggal_lahir')
  if (v.jenisKelamin !== p.jenisKelamin) out.push('jenis_kelamin')
  if (v.noKk !== p.noKk) out.push('no_kk')
  if (v.shdk !== shdkToDtsen(p.shdk)) out.push('shdk')
  if (v.tempatLahir !== norm(p.tempatLahir)) out.push('tempat_lahir')
  if (v.alamat !== norm(p.alamat)) out.push('alamat')
  if (v.rt !== p.rt) out.push('rt')
  if (v.rw !== p.rw) out.push('rw')
  if (v.dusun !== norm(p.dusun)) out.push('dusun')
  return out
}

function canonicalOf(v: RowValues, field: string): string {
  switch (field) {
    case 'nama':
      return v.nama
    case 'tanggal_lahir':
      return v.tanggalLahir ?? ''
    case 'jenis_kelamin':
      return v.jenisKelamin ?? ''
    case 'no_kk':
      return v.noKk
    case 'shdk':
      return String(v.shdk)
    case 'tempat_lahir':
      return v.tempatLahir
    case 'alamat':
      return v.alamat
    case 'rt':
      return String(v.rt)
    case 'rw':
      return String(v.rw)
    default:
      return ''
  }
}

function canonicalLabelValue(field: string, value: string): string {
  if (field === 'shdk') return String(shdkToDtsen(SHDK_DUKCAPIL.indexOf(value)))
  if (field === 'nama' || field === 'tempat_lahir' || field === 'alamat') return norm(value)
  return value
}

// ------------------------------------------------------------------------------------------
// Reference rules: what a correct checker raises on its own (household and NIK consistency)

const KK_LABEL_CODES: readonly string[] = ['KK_MULTIPLE_HEADS', 'KK_NO_HEAD', 'KK_CHILD_OLDER_THAN_PARENT']
const NIK_CONSISTENCY: readonly ('NIK_BIRTHDATE_MISMATCH' | 'NIK_GENDER_MISMATCH')[] = ['NIK_BIRTHDATE_MISMATCH', 'NIK_GENDER_MISMATCH']

/** DTSEN groups (shdkToDtsen): 1 head, 2 spouse (Istri/Suami), 3 child (Anak). */
const HEAD = 1
const SPOUSE = 2
const CHILD = 3

interface ReadRowAt {
  row: number
  v: RowValues
}

/**
 * Household findings of one file by the rules of docs/conflicts.md: a family is the rows sharing
 * a KK; every head of a KK with two or more heads; the first row of a KK without head (complete
 * files only); a child born before a head or spouse of its KK (ISO dates only).
 */
function householdReference(rows: readonly ReadRowAt[], complete: boolean): Map<number, string[]> {
  const out = new Map<number, string[]>()
  const add = (row: number, code: string) => out.set(row, [...(out.get(row) ?? []), code])
  const byKk = new Map<string, ReadRowAt[]>()
  for (const r of rows) {
    if (r.v.noKk === '') continue
    byKk.set(r.v.noKk, [...(byKk.get(r.v.noKk) ?? []), r])
  }
  for (const family of byKk.values()) {
    family.sort((a, b) => a.row - b.row)
    const heads = family.filter((r) => r.v.shdk === HEAD)
    if (heads.length > 1) for (const h of heads) add(h.row, 'KK_MULTIPLE_HEADS')
    if (heads.length === 0 && complete) add((family[0] as ReadRowAt).row, 'KK_NO_HEAD')
    const parents = family.filter((r) => (r.v.shdk === HEAD || r.v.shdk === SPOUSE) && r.v.tanggalLahir !== null)
    for (const c of family) {
      const born = c.v.tanggalLahir
      if (c.v.shdk !== CHILD || born === null) continue
      if (parents.some((p) => born < (p.v.tanggalLahir as string))) add(c.row, 'KK_CHILD_OLDER_THAN_PARENT')
    }
  }
  return out
}

/** NIK_BIRTHDATE_MISMATCH / NIK_GENDER_MISMATCH a checker raises on a row with a usable NIK. */
function nikReference(v: RowValues, referenceDate: string): string[] {
  if (v.nikCell?.t !== 's') return []
  const info = decodeNik(v.nik)
  if (!info) return []
  const out: string[] = []
  const d = v.tanggalLahir
  if (d !== null && d >= '1900-01-01' && d <= referenceDate) {
    if (info.day !== Number(d.slice(8, 10)) || info.month !== Number(d.slice(5, 7)) || info.yy !== Number(d.slice(2, 4))) {
      out.push('NIK_BIRTHDATE_MISMATCH')
    }
  }
  if (v.jenisKelamin !== null && info.sex !== v.jenisKelamin) out.push('NIK_GENDER_MISMATCH')
  return out
}

/** The codes a reference check raised on a row must be the label's (code/implied/tolerated), and vice versa. */
function expectExplained(where: string, raised: readonly string[], codes: readonly string[], label: Label | undefined): void {
  for (const code of codes) {
    const implied: readonly string[] = label?.implied ?? []
    const tolerated = (label?.tolerated as readonly string[] | undefined)?.includes(code) ?? false
    const expected = label !== undefined && (label.code === code || implied.includes(code))
    if (expected) expect(raised, `${where}: ${code} expected`).toContain(code)
    else if (!tolerated) expect(raised, `${where}: ${code} not explained by a label`).not.toContain(code)
  }
}

/** NIKs one typo (a digit replaced, two adjacent digits swapped) away from `nik`. */
function typoNeighbours(nik: string): string[] {
  const out: string[] = []
  for (let i = 0; i < nik.length; i++) {
    for (let k = 0; k <= 9; k++) if (String(k) !== nik.charAt(i)) out.push(nik.slice(0, i) + k + nik.slice(i + 1))
    if (i + 1 < nik.length && nik.charAt(i) !== nik.charAt(i + 1)) out.push(nik.slice(0, i) + nik.charAt(i + 1) + nik.charAt(i) + nik.slice(i + 2))
  }
  return out
}

function diffPositions(a: string, b: string): number[] {
  const out: number[] = []
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a.charAt(i) !== b.charAt(i)) out.push(i)
  return out
}

// ------------------------------------------------------------------------------------------
// The full check of one scenario against its own bytes

interface ReadBack {
  spec: VillageFileSpec
  file: ReadFile
  rows: ReadRowAt[]
}

function checkScenario(s: Scenario): { checkedLabels: number } {
  const byNik = new Map(s.master.map((p) => [p.nik, p]))
  const labelsByFile = new Map<string, Map<number, Label[]>>()
  for (const l of s.labels) {
    if (l.file === null || l.row === null) continue
    const m = labelsByFile.get(l.file) ?? new Map<number, Label[]>()
    m.set(l.row, [...(m.get(l.row) ?? []), l])
    labelsByFile.set(l.file, m)
  }
  // every file written and read back first: some labels look at other files
  const readBack: ReadBack[] = s.villageFiles.map((spec) => {
    const { fileName, bytes } = writeVillageFile(s, spec)
    expect(fileName).toBe(spec.fileName)
    const file = readVillageBytes(spec, bytes)
    const rows: ReadRowAt[] = []
    for (let row = spec.firstDataRow; row < spec.firstDataRow + spec.rows.length; row++) rows.push({ row, v: readRow(file, spec, row) })
    return { spec, file, rows }
  })
  const written = new Map<string, { file: string; row: number }[]>()
  for (const rb of readBack) {
    for (const r of rb.rows) {
      if (r.v.nik === '') continue
      written.set(r.v.nik, [...(written.get(r.v.nik) ?? []), { file: rb.spec.fileName, row: r.row }])
    }
  }

  let checkedLabels = 0
  for (const { spec, file, rows } of readBack) {
    const desa = s.desa[spec.desaIndex]
    if (!desa) throw new Error('desa missing')
    const desaPersons = s.master.slice(desa.personStart, desa.personEnd)
    const fileLabels = labelsByFile.get(spec.fileName) ?? new Map<number, Label[]>()
    const complete = spec.coverage === 'complete'

    // header row as specified, data rows where specified, JUMLAH row, nothing after
    spec.style.columns.forEach((c, i) => expect(cellText(file.grid(spec.headerRow, i))).toBe(c.header))
    if (spec.style.titleRows.length > 0) {
      expect(cellText(file.grid(1, 0))).toBe(spec.style.titleRows[0])
      expect(file.grid(spec.headerRow - 1, 0)).toBeUndefined()
    }
    const lastData = spec.firstDataRow + spec.rows.length - 1
    if (spec.totalRowNumber !== null) {
      expect(spec.totalRowNumber).toBe(lastData + 1)
      expect(cellText(file.grid(spec.totalRowNumber, 0))).toBe('JUMLAH')
      expect(file.lastRow).toBe(spec.totalRowNumber)
    } else {
      expect(file.lastRow).toBe(lastData)
    }

    // row count: a complete file lists the desa − missing + duplicate copies + new people + people
    // of other desa; a changes file only labelled rows, for far less than half of the desa
    const missing = s.labels.filter((l) => l.code === 'MISSING_FROM_VILLAGE' && l.kodeDesa === spec.kodeDesa)
    const flat = [...fileLabels.values()].flat()
    const dupCopies = flat.filter((l) => l.code === 'DUPLICATE_NIK_IN_FILE').length / 2
    const newPeople = flat.filter((l) => l.code === 'NEW_RECORD').length
    const fromElsewhere = flat.filter((l) => l.code === 'DUPLICATE_NIK_ACROSS_VILLAGES' && byNik.get(l.masterNik ?? '')?.desaIndex !== spec.desaIndex).length
    const desaNiks = new Set(desaPersons.map((p) => p.nik))
    const listedShare = new Set(rows.map((r) => r.v.nik).filter((nik) => desaNiks.has(nik))).size / desaPersons.length
    if (complete) {
      expect(spec.rows.length).toBe(desaPersons.length - missing.length + dupCopies + newPeople + fromElsewhere)
      expect(listedShare, `${spec.fileName}: a complete file lists ≥ 50% of the desa by NIK`).toBeGreaterThanOrEqual(0.5)
    } else {
      expect(missing, `${spec.fileName}: no MISSING_FROM_VILLAGE for a changes file`).toEqual([])
      expect(flat.filter((l) => l.code === 'KK_NO_HEAD' || l.code === 'KK_CHILD_OLDER_THAN_PARENT')).toEqual([])
      for (const r of rows) expect(fileLabels.has(r.row), `${spec.fileName} row ${r.row}: a changes file lists labelled rows only`).toBe(true)
      expect(listedShare, `${spec.fileName}: a changes file lists far less than half of the desa`).toBeLessThanOrEqual(0.35)
    }

    const household = householdReference(rows, complete)
    const seenMaster = new Set<string>()
    for (const { row, v } of rows) {
      const labels = fileLabels.get(row) ?? []
      expect(labels.length, `${spec.fileName} row ${row}: at most one label`).toBeLessThanOrEqual(1)
      const label = labels[0]
      const where = label ? `${spec.fileName} row ${row} ${label.code} ${label.variant}` : `${spec.fileName} row ${row} (clean)`
      // household problems and NIK/date/sex disagreements only where a label says so
      expectExplained(where, household.get(row) ?? [], KK_LABEL_CODES, label)
      expectExplained(where, nikReference(v, s.options.referenceDate), NIK_CONSISTENCY, label)
      if (!label) {
        // clean row: equal to its master person after normalisation, no KETERANGAN
        const p = byNik.get(v.nik)
        expect(p, `${where}: clean row NIK ${v.nik} is a master NIK`).toBeDefined()
        if (!p) continue
        expect(v.nikCell?.t).toBe('s')
        expect(p.desaIndex).toBe(spec.desaIndex)
        expect(differences(v, p), where).toEqual([])
        expect(v.keterangan).toBe('')
        seenMaster.add(p.nik)
        continue
      }
      checkedLabels++
      expect(label.sheet).toBe(spec.style.format === 'xlsx' ? spec.style.sheetName : null)
      expect(label.kodeDesa).toBe(spec.kodeDesa)
      const master = label.masterNik ? byNik.get(label.masterNik) : undefined
      if (label.masterNik) {
        expect(master, where).toBeDefined()
        seenMaster.add(label.masterNik)
      }
      switch (label.code) {
        case 'FIELD_MISMATCH': {
          if (!master || !label.field) throw new Error(where)
          expect(v.nik, where).toBe(label.nik)
          expect(v.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual([label.field])
          expect(canonicalOf(v, label.field), where).toBe(
            canonicalLabelValue(label.field, label.villageValue ?? '')
          )
          expect(v.keterangan).toBe('')
          break
        }
        case 'NIK_INVALID_FORMAT': {
          if (!master) throw new Error(where)
          expect(v.nikCell?.t).toBe('s')
          expect(v.nik, where).toBe(label.nik)
          const cleaned = v.nik.replace(/[\s.'-]/g, '')
          expect(/^\d{16}$/.test(cleaned) && decodeNik(cleaned) !== null, where).toBe(false)
          expect(differences(v, master), where).toEqual([])
          break
        }
        case 'NIK_PRECISION_LOST': {
          if (!master) throw new Error(where)
          if (label.variant === 'numeric-cell') {
            expect(v.nikCell?.t, where).toBe('n')
            expect(String(v.nikCell?.v)).toBe(label.nik)
            expect(Number(v.nikCell?.v)).not.toBe(Number(master.nik))
            expect(String(v.nikCell?.v).slice(0, 15)).toBe(master.nik.slice(0, 15))
            expect(String(v.nikCell?.v).endsWith('0')).toBe(true)
          } else {
            expect(v.nikCell?.t).toBe('s')
            expect(v.nik, where).toMatch(/^\d\.\d+E\+15$/)
            expect(v.nik).toBe(label.nik)
          }
          expect(differences(v, master), where).toEqual([])
          break
        }
        case 'DUPLICATE_NIK_IN_FILE': {
          if (!master || label.pairRow === null) throw new Error(where)
          const other = readRow(file, spec, label.pairRow)
          expect(v.nik, where).toBe(master.nik)
          expect(other.nik, where).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          expect(v.shdk, `${where}: a head listed twice would be two heads`).not.toBe(HEAD)
          const pair = fileLabels.get(label.pairRow)?.[0]
          expect(pair?.code).toBe('DUPLICATE_NIK_IN_FILE')
          expect(pair?.pairRow).toBe(row)
          break
        }
        case 'NEW_RECORD': {
          expect(label.masterNik).toBeNull()
          expect(v.nik, where).toBe(label.nik)
          expect(byNik.has(v.nik), where).toBe(false)
          const info = decodeNik(v.nik)
          expect(info, where).not.toBeNull()
          expect(info?.sex).toBe(v.jenisKelamin)
          expect(v.tanggalLahir?.slice(8, 10)).toBe(String(info?.day).padStart(2, '0'))
          expect(v.tanggalLahir?.slice(5, 7)).toBe(String(info?.month).padStart(2, '0'))
          expect(desaPersons.some((p) => p.noKk === v.noKk), where).toBe(true)
          expect(['', 'ANGGOTA BARU']).toContain(v.keterangan)
          break
        }
        case 'STATUS_CHANGE': {
          if (!master) throw new Error(where)
          expect(v.keterangan, where).toBe(label.villageValue)
          expect(['MENINGGAL', 'PINDAH', 'TIDAK DITEMUKAN', 'MAMPU']).toContain(v.keterangan)
          expect(v.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          break
        }
        case 'NIK_BIRTHDATE_MISMATCH':
        case 'NIK_GENDER_MISMATCH': {
          // a property of the master person: the row is the master person, unchanged
          if (!master) throw new Error(where)
          expect(label.field).toBe(label.code === 'NIK_GENDER_MISMATCH' ? 'jenis_kelamin' : 'tanggal_lahir')
          expect(v.nik, where).toBe(master.nik)
          expect(label.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          expect(label.implied).toEqual([])
          const info = decodeNik(master.nik)
          if (!info) throw new Error(`${where}: master NIK not valid`)
          const sameDate =
            info.day === Number(master.tanggalLahir.slice(8, 10)) &&
            info.month === Number(master.tanggalLahir.slice(5, 7)) &&
            info.yy === Number(master.tanggalLahir.slice(2, 4))
          expect(sameDate, where).toBe(label.code === 'NIK_GENDER_MISMATCH')
          expect(info.sex === master.jenisKelamin, where).toBe(label.code === 'NIK_BIRTHDATE_MISMATCH')
          break
        }
        case 'PROBABLE_MATCH': {
          if (!master) throw new Error(where)
          expect(label.field).toBe('nik')
          expect(v.nikCell?.t).toBe('s')
          expect(v.nik, where).toBe(label.nik)
          expect(v.nik).not.toBe(master.nik)
          expect(label.villageValue).toBe(v.nik)
          expect(label.masterValue).toBe(master.nik)
          // still a valid NIK, in nobody's name, written once in the whole kecamatan
          const info = decodeNik(v.nik)
          expect(info, where).not.toBeNull()
          expect(v.nik.slice(12)).not.toBe('0000')
          expect(byNik.has(v.nik), where).toBe(false)
          expect(written.get(v.nik), where).toHaveLength(1)
          // no other master NIK is one typo away: the master person is the only candidate
          expect(typoNeighbours(v.nik).filter((n) => n !== master.nik && byNik.has(n)), where).toEqual([])
          const diff = diffPositions(v.nik, master.nik)
          if (label.variant === 'serial-digit') {
            expect(diff, where).toHaveLength(1)
            expect(diff[0]).toBeGreaterThanOrEqual(12)
          } else if (label.variant === 'transposed') {
            expect(diff, where).toHaveLength(2)
            const [a, b] = diff as [number, number]
            expect(b).toBe(a + 1)
            expect(a).toBeGreaterThanOrEqual(12)
            expect(v.nik.charAt(a)).toBe(master.nik.charAt(b))
            expect(v.nik.charAt(b)).toBe(master.nik.charAt(a))
          } else {
            expect(label.variant).toBe('date-digit')
            expect(diff, where).toHaveLength(1)
            expect(diff[0]).toBeGreaterThanOrEqual(6)
            expect(diff[0]).toBeLessThanOrEqual(11)
          }
          expect(differences(v, master), where).toEqual([])
          expect(label.tolerated).toContain('MISSING_FROM_VILLAGE')
          break
        }
        case 'DUPLICATE_NIK_ACROSS_VILLAGES': {
          if (!master) throw new Error(where)
          expect(label.field).toBe('nik')
          expect(v.nik, where).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          expect(v.shdk).toBe(HEAD)
          // the NIK is in exactly two files, once each, and both rows carry this label
          const at = written.get(v.nik) ?? []
          expect(new Set(at.map((w) => w.file)).size, where).toBe(2)
          expect(at).toHaveLength(2)
          for (const w of at) {
            const other = labelsByFile.get(w.file)?.get(w.row)?.[0]
            expect(other?.code, where).toBe('DUPLICATE_NIK_ACROSS_VILLAGES')
            expect(other?.masterNik).toBe(master.nik)
          }
          const home = s.villageFiles.find((f) => f.desaIndex === master.desaIndex)
          expect(at.some((w) => w.file === home?.fileName), where).toBe(true)
          break
        }
        case 'KK_MULTIPLE_HEADS': {
          if (!master || label.pairRow === null) throw new Error(where)
          expect(label.field).toBe('shdk')
          expect(v.nik).toBe(master.nik)
          expect(v.shdk, where).toBe(HEAD)
          expect(differences(v, master), where).toEqual(label.variant === 'original-head' ? [] : ['shdk'])
          const pair = fileLabels.get(label.pairRow)?.[0]
          expect(pair?.code).toBe('KK_MULTIPLE_HEADS')
          expect(pair?.pairRow).toBe(row)
          expect(readRow(file, spec, label.pairRow).noKk).toBe(v.noKk)
          break
        }
        case 'KK_NO_HEAD': {
          if (!master) throw new Error(where)
          expect(complete).toBe(true)
          expect(label.field).toBe('shdk')
          expect(differences(v, master), where).toEqual(['shdk'])
          expect(master.shdk).toBe(1)
          const family = rows.filter((r) => r.v.noKk === v.noKk)
          expect(family[0]?.row, `${where}: the first row of the KK`).toBe(row)
          expect(family.some((r) => r.v.shdk === HEAD), where).toBe(false)
          break
        }
        case 'KK_CHILD_OLDER_THAN_PARENT': {
          if (!master) throw new Error(where)
          expect(complete).toBe(true)
          expect(label.field).toBe('tanggal_lahir')
          expect(differences(v, master), where).toEqual(['tanggal_lahir'])
          expect(v.shdk).toBe(CHILD)
          expect(v.tanggalLahir).toBe(label.villageValue)
          expect((v.tanggalLahir ?? '') >= '1900-01-01', where).toBe(true)
          expect(label.implied).toEqual(['FIELD_MISMATCH', 'NIK_BIRTHDATE_MISMATCH'])
          break
        }
        case 'REQUIRED_FIELD_MISSING': {
          if (!master || !label.field) throw new Error(where)
          const key = label.field as ColumnKey
          expect(spec.style.columns.some((c) => c.key === key), where).toBe(true)
          expect(v.empty.has(key), `${where}: the ${key} cell is empty`).toBe(true)
          expect(v.empty.size, `${where}: only that cell is empty`).toBe(1)
          if (key === 'nik') {
            expect(label.nik).toBe('')
            expect(differences(v, master), where).toEqual([])
          } else {
            expect(v.nik).toBe(master.nik)
            expect(differences(v, master), where).toEqual([label.field])
          }
          expect(label.implied).toEqual([])
          break
        }
        case 'DATE_INVALID': {
          if (!master) throw new Error(where)
          expect(label.field).toBe('tanggal_lahir')
          expect(spec.style.columns.some((c) => c.key === 'tanggal_lahir'), where).toBe(true)
          const cell = spec.style.columns.findIndex((c) => c.key === 'tanggal_lahir')
          expect(file.grid(row, cell)?.t, `${where}: written as text`).toBe('s')
          expect(v.dateText, where).toBe(label.villageValue)
          // no real date, or one before 1900 or after the reference date
          const d = v.tanggalLahir
          expect(d === null || d < '1900-01-01' || d > s.options.referenceDate, `${where}: "${v.dateText}"`).toBe(true)
          expect(v.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual(['tanggal_lahir'])
          break
        }
        default:
          throw new Error(`unexpected label on a row: ${where}`)
      }
    }

    // missing people are absent; in a complete file every other master person of the desa is represented
    const niks = new Set(rows.map((r) => r.v.nik))
    for (const l of missing) {
      checkedLabels++
      expect(l.file).toBeNull()
      expect(l.row).toBeNull()
      expect(niks.has(l.nik), `${l.nik} should be missing from ${spec.fileName}`).toBe(false)
      expect(s.master.find((p) => p.nik === l.nik)?.shdk, 'heads are never left out').not.toBe(1)
      seenMaster.add(l.nik)
    }
    if (complete) for (const p of desaPersons) expect(seenMaster.has(p.nik), `${p.nik} accounted for`).toBe(true)
  }
  expect(checkedLabels).toBe(s.labels.length)
  return { checkedLabels }
}

// ------------------------------------------------------------------------------------------

const ALL_STYLES: ScenarioOptions = {
  seed: 4242,
  desaCount: 5,
  peoplePerDesa: 260,
  minPerKind: 1,
  summarySheets: true,
  fileStyles: [...VILLAGE_STYLES]
}

describe('fixtures generator', () => {
  it('is deterministic by seed (scenario and bytes)', () => {
    const opts: ScenarioOptions = { seed: 7, desaCount: 3, peoplePerDesa: 120, minPerKind: 1 }
    const a = generateScenario(opts)
    const b = generateScenario(opts)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(writeMasterXlsx(b)).toEqual(writeMasterXlsx(a))
    a.villageFiles.forEach((f, i) => {
      const g = b.villageFiles[i]
      if (!g) throw new Error('file missing')
      expect(writeVillageFile(b, g).bytes).toEqual(writeVillageFile(a, f).bytes)
    })
    // bytes do not depend on what SheetJS wrote earlier in the process (it keeps formats globally)
    const before = writeMasterXlsx(a)
    for (const f of generateScenario({ ...ALL_STYLES, peoplePerDesa: 40 }).villageFiles) {
      writeVillageFile(generateScenario({ ...ALL_STYLES, peoplePerDesa: 40 }), f)
    }
    expect(writeMasterXlsx(a)).toEqual(before)
    const c = generateScenario({ ...opts, seed: 8 })
    expect(c.master.map((p) => p.nik)).not.toEqual(a.master.map((p) => p.nik))
  })

  it('keeps the population when only defect rates change', () => {
    const a = generateScenario({ seed: 11, desaCount: 2, peoplePerDesa: 150 })
    const b = generateScenario({ seed: 11, desaCount: 2, peoplePerDesa: 150, rates: { fieldMismatch: 0.1 } })
    expect(JSON.stringify(b.master)).toBe(JSON.stringify(a.master))
  })

  it('produces structurally valid, unique master NIKs and KK numbers', () => {
    const s = generateScenario({ seed: 3, desaCount: 4, peoplePerDesa: 500 })
    const niks = new Set<string>()
    let elsewhere = 0
    // the NIK of a few master people disagrees with the register on purpose (labelled)
    const anomaly = new Map(
      s.labels.filter((l) => l.code === 'NIK_BIRTHDATE_MISMATCH' || l.code === 'NIK_GENDER_MISMATCH').map((l) => [l.masterNik, l.code])
    )
    expect([...anomaly.values()]).toContain('NIK_BIRTHDATE_MISMATCH')
    expect([...anomaly.values()]).toContain('NIK_GENDER_MISMATCH')
    for (const p of s.master) {
      const info = decodeNik(p.nik)
      expect(info, p.nik).not.toBeNull()
      if (!info) continue
      const sameDate =
        info.day === Number(p.tanggalLahir.slice(8, 10)) &&
        info.month === Number(p.tanggalLahir.slice(5, 7)) &&
        info.yy === Number(p.tanggalLahir.slice(2, 4))
      expect(sameDate, p.nik).toBe(anomaly.get(p.nik) !== 'NIK_BIRTHDATE_MISMATCH')
      expect(info.sex === p.jenisKelamin, p.nik).toBe(anomaly.get(p.nik) !== 'NIK_GENDER_MISMATCH')
      expect(niks.has(p.nik), `duplicate ${p.nik}`).toBe(false)
      niks.add(p.nik)
      if (info.region !== s.kecamatan.kodeDigits) elsewhere++
      expect(p.noKk).toMatch(/^\d{16}$/)
      expect(p.noKk.slice(0, 6)).toBe(s.kecamatan.kodeDigits)
      expect(Number(p.noKk.slice(6, 8))).toBeGreaterThanOrEqual(1)
      expect(Number(p.noKk.slice(6, 8))).toBeLessThanOrEqual(31)
      expect(Number(p.noKk.slice(8, 10))).toBeGreaterThanOrEqual(1)
      expect(Number(p.noKk.slice(8, 10))).toBeLessThanOrEqual(12)
      expect(p.kodeWilayah).toBe(s.desa[p.desaIndex]?.kode)
      expect(p.desil).toBeGreaterThanOrEqual(1)
      expect(p.desil).toBeLessThanOrEqual(10)
      expect(p.nama).toMatch(/^[A-Z]+( [A-Z]+)*$/)
      expect(p.tempatLahir).not.toContain(',')
    }
    // mostly issued here, a few elsewhere
    expect(elsewhere).toBeGreaterThan(0)
    expect(elsewhere / s.master.length).toBeLessThan(0.3)
    // KK numbers unique per family
    expect(new Set(s.families.map((f) => f.noKk)).size).toBe(s.families.length)
    expect(s.kecamatan.kode).toBe('34.04.06')
  })

  it('builds plausible households: one head first, children ≥ 15 years younger than the couple', () => {
    const s = generateScenario({ seed: 5, desaCount: 3, peoplePerDesa: 800 })
    const year = 365.2425
    for (const f of s.families) {
      const members = s.master.slice(f.memberStart, f.memberEnd)
      expect(members[0]?.shdk).toBe(1)
      expect(members.filter((m) => m.shdk === 1)).toHaveLength(1)
      expect(new Set(members.map((m) => m.noKk))).toEqual(new Set([f.noKk]))
      const couple = members.filter((m) => m.shdk === 1 || m.shdk === 2 || m.shdk === 3)
      for (const child of members.filter((m) => m.shdk === 4)) {
        for (const parent of couple) {
          const gap = (isoToDays(child.tanggalLahir) - isoToDays(parent.tanggalLahir)) / year
          expect(gap, `${child.nik} vs ${parent.nik}`).toBeGreaterThanOrEqual(15)
        }
      }
      for (const m of members) {
        expect(isoToDays(m.tanggalLahir)).toBeLessThan(isoToDays(s.options.referenceDate))
      }
    }
    // the household rules (as a checker applies them to a complete list) find nothing in clean data
    const rows: ReadRowAt[] = s.master.map((p, i) => ({
      row: i + 2,
      v: { noKk: p.noKk, shdk: shdkToDtsen(p.shdk), tanggalLahir: p.tanggalLahir } as RowValues
    }))
    expect([...householdReference(rows, true)]).toEqual([])
    // variety: hundreds of distinct names, several naming traditions
    expect(new Set(s.master.map((p) => p.nama)).size).toBeGreaterThan(1200)
    expect(new Set(s.master.map((p) => p.ethnicity)).size).toBeGreaterThanOrEqual(5)
  })

  it('gives exact row counts and a readable master xlsx with text NIK/KK cells', () => {
    const s = generateScenario({ seed: 9, desaCount: 3, peoplePerDesa: 137, masterDateStyle: 'dd-mm-yyyy' })
    expect(s.master).toHaveLength(3 * 137)
    for (const d of s.desa) expect(d.personEnd - d.personStart).toBe(137)
    const wb = XLSX.read(writeMasterXlsx(s), { type: 'array', dense: true })
    expect(wb.SheetNames).toEqual([MASTER_SHEET_NAME])
    const ws = wb.Sheets[MASTER_SHEET_NAME]
    const data = (ws?.['!data'] ?? []) as XLSX.CellObject[][]
    expect(data).toHaveLength(s.master.length + 1)
    expect((data[0] ?? []).map((c) => c.v)).toEqual([...MASTER_HEADERS])
    s.master.forEach((p, i) => {
      const row = data[i + 1] ?? []
      expect(row[3]).toMatchObject({ t: 's', v: p.noKk })
      expect(row[4]).toMatchObject({ t: 's', v: p.nik })
      expect(row[6]?.v).toBe(p.jenisKelamin === 'L' ? 'LAKI-LAKI' : 'PEREMPUAN')
      expect(row[8]?.v).toBe(`${p.tanggalLahir.slice(8, 10)}-${p.tanggalLahir.slice(5, 7)}-${p.tanggalLahir.slice(0, 4)}`)
      expect(SHDK_DTSEN).toContain(row[9]?.v)
    })
  })

  it('with zero rates writes village files equal to the master after normalisation', () => {
    const s = generateScenario({ seed: 21, desaCount: 5, peoplePerDesa: 90, rates: ZERO_RATES, fileStyles: [...VILLAGE_STYLES], noise: 0.6 })
    expect(s.labels).toHaveLength(0)
    for (const f of s.villageFiles) expect(f.rows).toHaveLength(90)
    checkScenario(s)
    // clean data at scale: no household problem, no NIK/date or NIK/sex disagreement anywhere
    const big = generateScenario({ seed: 22, desaCount: 4, peoplePerDesa: 1500, rates: ZERO_RATES, fileStyles: [...VILLAGE_STYLES] })
    expect(big.labels).toHaveLength(0)
    checkScenario(big)
  })

  it('labels point at rows that really carry the defect (all five file styles)', () => {
    const s = generateScenario(ALL_STYLES)
    const { checkedLabels } = checkScenario(s)
    expect(checkedLabels).toBeGreaterThan(40)
    const styles = s.villageFiles.map((f) => f.style.name)
    expect(new Set(styles)).toEqual(new Set(VILLAGE_STYLES))
    // the summary sheet comes before the data sheet where the style has one
    const withSummary = s.villageFiles.find((f) => f.style.summarySheet)
    if (withSummary) {
      const wb = XLSX.read(writeVillageFile(s, withSummary).bytes, { type: 'array' })
      expect(wb.SheetNames).toEqual(['REKAP', withSummary.style.sheetName])
    }
  })

  it('labels stay exact under heavy defect rates (every variant path exercised)', () => {
    const s = generateScenario({
      seed: 77,
      desaCount: 5,
      peoplePerDesa: 400,
      fileStyles: [...VILLAGE_STYLES],
      changesShare: 0.4,
      rates: {
        fieldMismatch: 0.25,
        nikInvalidFormat: 0.04,
        nikPrecisionLost: 0.04,
        duplicateNik: 0.03,
        newRecord: 0.04,
        missingFromVillage: 0.03,
        statusChange: 0.04,
        nikBirthdateMismatch: 0.02,
        nikGenderMismatch: 0.02,
        probableMatch: 0.04,
        duplicateAcrossVillages: 0.02,
        kkMultipleHeads: 0.02,
        kkNoHead: 0.02,
        kkChildOlderThanParent: 0.02,
        requiredFieldMissing: 0.03,
        dateInvalid: 0.04
      }
    })
    const { checkedLabels } = checkScenario(s)
    expect(checkedLabels).toBeGreaterThan(500)
    expect(s.villageFiles.map((f) => f.coverage)).toEqual(['complete', 'complete', 'changes', 'complete', 'changes'])
    const namaVariants = new Set(s.labels.filter((l) => l.field === 'nama').map((l) => l.variant))
    expect(namaVariants.has('letter-dropped')).toBe(true)
    expect([...namaVariants].some((v) => v.includes('→'))).toBe(true)
    const variants = (code: Label['code']): Set<string> => new Set(s.labels.filter((l) => l.code === code).map((l) => l.variant))
    expect(variants('PROBABLE_MATCH')).toEqual(new Set(['serial-digit', 'transposed', 'date-digit']))
    expect(variants('KK_MULTIPLE_HEADS')).toEqual(new Set(['original-head', 'spouse-as-head', 'child-as-head']))
    expect(variants('KK_NO_HEAD')).toEqual(new Set(['head-as-LAINNYA', 'head-as-FAMILI LAIN']))
    expect(variants('NIK_BIRTHDATE_MISMATCH')).toEqual(new Set(['nik-days-off', 'nik-year-off']))
    expect(variants('NIK_GENDER_MISMATCH')).toEqual(new Set(['female-nik-sex-L', 'male-nik-sex-P']))
    expect(variants('DATE_INVALID')).toEqual(new Set(['impossible-date', 'zero-date', 'month-13', 'future', 'before-1900']))
    expect(variants('REQUIRED_FIELD_MISSING')).toEqual(new Set(['blank-nik', 'blank-nama', 'blank-tanggal-lahir']))
    // a date-digit typo brings the NIK consistency findings it causes
    const dateTypos = s.labels.filter((l) => l.variant === 'date-digit')
    expect(dateTypos.some((l) => l.implied.includes('NIK_BIRTHDATE_MISMATCH'))).toBe(true)
    // heavy rates still keep changes files far below half of their desa
    for (const f of s.villageFiles.filter((x) => x.coverage === 'changes')) {
      expect(f.rows.length).toBeGreaterThanOrEqual(3)
      expect(f.rows.every((r) => r.labelled)).toBe(true)
    }
  })

  it('changes-only files: every style, only labelled rows, at least three of them', () => {
    const all = generateScenario({ ...ALL_STYLES, seed: 4343, changesShare: 1 })
    expect(all.villageFiles.every((f) => f.coverage === 'changes')).toBe(true)
    checkScenario(all)
    expect(all.labels.filter((l) => l.code === 'MISSING_FROM_VILLAGE' || l.code === 'KK_NO_HEAD' || l.code === 'KK_CHILD_OLDER_THAN_PARENT')).toEqual([])
    // the titles say it is a list of changes where the style has a main title
    const formal = all.villageFiles.find((f) => f.style.name === 'musdes-formal')
    expect(formal?.style.titleRows[0]).toContain('PERUBAHAN')
    // with no defects at all a changes file still lists three changes
    const quiet = generateScenario({ seed: 31, desaCount: 4, peoplePerDesa: 60, rates: ZERO_RATES, changesShare: 0.5 })
    expect(quiet.villageFiles.map((f) => f.coverage)).toEqual(['complete', 'changes', 'complete', 'changes'])
    for (const f of quiet.villageFiles) expect(f.rows.length).toBe(f.coverage === 'changes' ? 3 : 60)
    checkScenario(quiet)
    // the default keeps every file complete
    expect(generateScenario({ seed: 31, desaCount: 3, peoplePerDesa: 40 }).villageFiles.map((f) => f.coverage)).toEqual(['complete', 'complete', 'complete'])
  })

  it('demo options: every defect kind appears, files are 2 xlsx + 1 CSV (the CSV changes-only) with a merged title', () => {
    const s = generateScenario(DEMO_OPTIONS)
    checkScenario(s)
    const counts = countLabels(s.labels)
    for (const c of LABEL_CODES) expect(counts[c] ?? 0, c).toBeGreaterThan(0)
    for (const f of MISMATCH_FIELDS) expect(counts[`FIELD_MISMATCH:${f}`] ?? 0, f).toBeGreaterThan(0)
    const variants = (code: Label['code']): Set<string> =>
      new Set(s.labels.filter((l) => l.code === code).map((l) => l.variant))
    expect(variants('NIK_INVALID_FORMAT')).toEqual(new Set(['15-digits', '17-digits', 'letter-O', 'month-13']))
    expect(variants('NIK_PRECISION_LOST')).toEqual(new Set(['numeric-cell', 'e-notation-text']))
    expect(variants('NEW_RECORD')).toEqual(new Set(['newborn', 'pendatang']))
    expect(variants('STATUS_CHANGE')).toEqual(new Set(['MENINGGAL', 'PINDAH', 'TIDAK DITEMUKAN', 'MAMPU']))
    expect(variants('PROBABLE_MATCH')).toEqual(new Set(['serial-digit', 'transposed', 'date-digit']))
    expect(variants('REQUIRED_FIELD_MISSING')).toEqual(new Set(['blank-nik', 'blank-nama', 'blank-tanggal-lahir']))
    expect(variants('DATE_INVALID')).toEqual(new Set(['impossible-date', 'zero-date', 'month-13', 'future', 'before-1900']))
    for (const d of s.desa) expect(d.personEnd - d.personStart).toBeGreaterThanOrEqual(120)
    const formats = s.villageFiles.map((f) => f.style.format).sort()
    expect(formats).toEqual(['csv', 'xlsx', 'xlsx'])
    const changes = s.villageFiles.filter((f) => f.coverage === 'changes')
    expect(changes.map((f) => f.desaNama)).toEqual(['TIRTOADI'])
    expect(changes[0]?.rows.length).toBeGreaterThanOrEqual(3)
    const titled = s.villageFiles.find((f) => f.style.format === 'xlsx' && f.style.titleRows.length > 0)
    if (!titled) throw new Error('no titled xlsx file')
    const wb = XLSX.read(writeVillageFile(s, titled).bytes, { type: 'array' })
    const merges = wb.Sheets[titled.style.sheetName]?.['!merges'] ?? []
    expect(merges).toContainEqual({ s: { r: 0, c: 0 }, e: { r: 0, c: titled.style.columns.length - 1 } })
    expect(s.kecamatan.kecamatan).toBe('MLATI')
  })

  it('the bundled demo set in resources/demo is what the generator writes', () => {
    const dir = join(import.meta.dirname, '..', '..', 'resources', 'demo')
    const labelsPath = join(dir, 'labels.json')
    expect(existsSync(labelsPath), 'run test/fixtures/generate-demo.mts').toBe(true)
    const bundled = JSON.parse(readFileSync(labelsPath, 'utf8')) as { seed: number; labels: Label[] }
    const s = generateScenario({ ...DEMO_OPTIONS, seed: bundled.seed })
    expect(bundled.labels).toEqual(s.labels)
    expect(new Uint8Array(readFileSync(join(dir, 'master-dtsen.xlsx')))).toEqual(writeMasterXlsx(s))
    for (const f of s.villageFiles) {
      const { fileName, bytes } = writeVillageFile(s, f)
      expect(new Uint8Array(readFileSync(join(dir, 'desa', fileName))), fileName).toEqual(bytes)
    }
  })

  // How long it takes is bench:engine's figure (generateMs); a timed assertion fails on a busy machine.
  it('scales: 200,000 master people, every NIK unique', { timeout: 0 }, () => {
    const s = generateScenario({ seed: 1, desaCount: 100, peoplePerDesa: 2000 })
    expect(s.master).toHaveLength(200_000)
    expect(new Set(s.master.map((p) => p.nik)).size).toBe(200_000)
  })
})
