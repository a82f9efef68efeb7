/**
 * Normalisation as DOMAIN.md defines it (trim, collapse spaces, upper-case, strip punctuation, map
 * codes): a village row read back and compared with its master person.
 */
import {
  type ColumnKey,
  excelSerialToIso,
  type MasterPerson,
  SHDK_DTSEN,
  SHDK_DUKCAPIL,
  shdkToDtsen,
  type VillageFileSpec
} from '../../fixtures/generator/index.mts'
import type { RawCell, ReadFile } from './read-back'

function norm(s: string): string {
  return s
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export function cellText(c: RawCell | undefined): string {
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

export interface RowValues {
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

export function readRow(file: ReadFile, spec: VillageFileSpec, row: number): RowValues {
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
export function differences(v: RowValues, p: MasterPerson): Compared[] {
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

export function canonicalOf(v: RowValues, field: string): string {
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

export function canonicalLabelValue(field: string, value: string): string {
  if (field === 'shdk') return String(shdkToDtsen(SHDK_DUKCAPIL.indexOf(value)))
  if (field === 'nama' || field === 'tempat_lahir' || field === 'alamat') return norm(value)
  return value
}
