/**
 * Format 2's change list (`perubahan.csv`, docs/package-format.md): one CSV for the whole package,
 * a `desa` column first, and each value only where it says something — a cell equal to the one
 * above is `^`, a source row one below the one above is `~`, and the person's other columns
 * travel only with a change that proposes the whole person (BARU). Decoding gives back exactly
 * the ChangeRow that was encoded (columns not carried are empty), so readers of format 1 and 2
 * see the same rows.
 */
import { parseCsv } from '../import/csv'
import { CHANGE_COLUMNS, type ChangeRow, type ChangeType } from './change-row'

type Column = (typeof CHANGE_COLUMNS)[number]
/** plain: the value; ditto: `^` = the row above's value; step: `~` = the row above's number + 1. */
type Codec = 'plain' | 'ditto' | 'step'

const DITTO = '^'
const STEP = '~'

/** The person's columns beyond NIK, KK and name: carried only by a change that proposes the whole person. */
export const PERSON_DETAIL = ['jenis_kelamin', 'tempat_lahir', 'tanggal_lahir', 'shdk', 'alamat', 'rt', 'rw', 'dusun'] as const

/** Which kinds carry the person's other columns (a new kind is one line here). */
export const CARRIES_PERSON: Record<ChangeType, boolean> = {
  UBAH: false,
  BARU: true,
  STATUS: false,
  HAPUS: false,
  BATAL: false
}

/** Column order and coding of perubahan.csv; every ChangeRow column is here once. */
export const V2_COLUMNS: readonly { name: 'desa' | Column; codec: Codec }[] = [
  { name: 'desa', codec: 'ditto' },
  { name: 'jenis', codec: 'plain' },
  { name: 'nik', codec: 'plain' },
  { name: 'no_kk', codec: 'ditto' },
  { name: 'nama', codec: 'plain' },
  { name: 'kolom', codec: 'plain' },
  { name: 'nilai_induk', codec: 'plain' },
  { name: 'nilai_desa', codec: 'plain' },
  { name: 'status', codec: 'plain' },
  { name: 'alasan', codec: 'plain' },
  { name: 'dasar', codec: 'plain' },
  { name: 'nomor_dasar', codec: 'plain' },
  { name: 'tanggal_dasar', codec: 'plain' },
  { name: 'koreksi_paket', codec: 'plain' },
  { name: 'file_sumber', codec: 'ditto' },
  { name: 'baris_sumber', codec: 'step' },
  { name: 'keputusan', codec: 'ditto' },
  { name: 'diputuskan_oleh', codec: 'ditto' },
  { name: 'waktu_keputusan', codec: 'ditto' },
  ...PERSON_DETAIL.map((name) => ({ name, codec: 'plain' as const }))
]

export interface DesaRow {
  desa: string
  row: ChangeRow
}

/**
 * A cell's text: a value a spreadsheet would run as a formula (= + - @, tab, CR), one starting
 * with an apostrophe, or one that reads as a marker gets a leading apostrophe, taken off on reading.
 */
function escapeCell(value: string, marker: string | null): string {
  return /^[=+\-@\t\r']/.test(value) || (marker !== null && value === marker) ? `'${value}` : value
}

function unescapeCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell
}

/** RFC 4180, quoted only where the text needs it (comma, quote, line break). */
function csvText(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

const carriesPerson = (jenis: string) => CARRIES_PERSON[jenis as ChangeType] ?? true

/** A change as format 2 carries it (and as a reader gets it back): the person's other columns only with BARU. */
export function asCarried(row: ChangeRow): ChangeRow {
  if (carriesPerson(row.jenis)) return row
  const out = { ...row }
  for (const c of PERSON_DETAIL) out[c] = ''
  return out
}

export const sameRow = (a: ChangeRow, b: ChangeRow): boolean => CHANGE_COLUMNS.every((c) => a[c] === b[c])

export function encodeChangesV2(rows: readonly DesaRow[]): string {
  const lines = [V2_COLUMNS.map((c) => c.name).join(',')]
  let above: Record<string, string> = {}
  for (const { desa, row } of rows) {
    const values: Record<string, string> = { desa, ...asCarried(row) }
    const cells = V2_COLUMNS.map(({ name, codec }) => {
      const v = values[name] ?? ''
      const prev = above[name]
      if (codec === 'ditto' && v !== '' && v === prev) return DITTO
      if (codec === 'step' && v !== '' && prev !== undefined && /^\d+$/.test(prev) && v === String(Number(prev) + 1)) return STEP
      return csvText(escapeCell(v, codec === 'ditto' ? DITTO : codec === 'step' ? STEP : null))
    })
    lines.push(cells.join(','))
    above = values
  }
  return lines.join('\r\n') + '\r\n'
}

/** The rows of a perubahan.csv; throws with the line when a marker has nothing to refer to. */
export function decodeChangesV2(text: string): DesaRow[] {
  const [header = [], ...body] = parseCsv(text, ',')
  const at = new Map(header.map((h, i) => [h, i]))
  if (!at.has('desa') || !at.has('jenis')) throw new Error('perubahan.csv: kolom desa/jenis tidak ada')
  const codecs = new Map(V2_COLUMNS.map((c) => [c.name as string, c.codec]))
  const out: DesaRow[] = []
  let above: Record<string, string> | null = null
  body.forEach((cells, i) => {
    if (cells.length === 1 && cells[0] === '') return
    const values: Record<string, string> = {}
    for (const [name, j] of at) {
      const cell = cells[j] ?? ''
      const codec = codecs.get(name) ?? 'plain'
      if ((codec === 'ditto' && cell === DITTO) || (codec === 'step' && cell === STEP)) {
        const prev = above?.[name]
        if (prev === undefined || (codec === 'step' && !/^\d+$/.test(prev)))
          throw new Error(`perubahan.csv baris ${i + 2} kolom ${name}: "${cell}" tanpa nilai di baris atasnya`)
        values[name] = codec === 'ditto' ? prev : String(Number(prev) + 1)
      } else values[name] = unescapeCell(cell)
    }
    const row = Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, values[c] ?? ''])) as ChangeRow
    out.push({ desa: values.desa ?? '', row })
    above = values
  })
  return out
}
