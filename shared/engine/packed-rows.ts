/**
 * The grid's pieces packed straight from the query's value arrays: no RowView per row and no
 * object per SQL row in between (at 60,000 rows those objects, their garbage and the master
 * people read twice were most of the engine's time). Decodes (rows-codec.ts decodeRows) to
 * exactly the rows rowsPage builds through loadRows: test/unit/engine/packed-rows.test.ts.
 */
import { COERCION_INTS, FINDING_INTS, MASTER, NULL, ROW_INTS, stringTable, VALUES } from '../api/rows-codec'
import type { PackedRows, PackedRowsPage } from '../api/types'
import { PERSON_FIELDS } from '../domain/fields'
import { ALLOWED_ACTIONS, compareSeverity, type FindingCode, type Severity } from '../domain/findings'
import type { Db } from './db'
import { gridRowCount } from './tables/finding-reads'
import {
  coercionsOfIdRange,
  findingsOfIdRange,
  masterOnlyPiece,
  PIECE_VALUES,
  type PieceFinding,
  type PieceVillageRow,
  villagePiece
} from './tables/grid-pieces'

const F = PERSON_FIELDS.length

/** Same cursor and order as rowsPage (rows-page.ts). */
export function packedRowsPage(db: Db, args: { cursor?: string; limit: number }): PackedRowsPage {
  const [kind, after] = args.cursor ? [args.cursor[0] as 'v' | 'm', Number(args.cursor.slice(2))] : ['v' as const, 0]
  const village = kind === 'v' ? villagePiece(db, after, args.limit) : []
  let next: string | null = village.length === args.limit ? `v:${village.at(-1)![0]}` : null
  let masterOnly: ReturnType<typeof masterOnlyPiece> = []
  if (village.length < args.limit) {
    const room = args.limit - village.length
    masterOnly = masterOnlyPiece(db, kind === 'm' ? after : 0, room)
    next = masterOnly.length === room ? `m:${masterOnly.at(-1)![0]}` : null
  }
  const last = village.at(-1)?.[0]
  const findings = last === undefined ? [] : findingsOfIdRange(db, after, last)
  const coercions = last === undefined ? [] : coercionsOfIdRange(db, after, last)
  return { rows: pack(village, findings, coercions, masterOnly), next, total: gridRowCount(db) }
}

// As views.ts sorts a row's findings (localeCompare, not SQLite's byte order).
const byOrder = (a: PieceFinding, b: PieceFinding) =>
  compareSeverity(a[2] as Severity, b[2] as Severity) || a[1].localeCompare(b[1]) || (a[3] ?? '').localeCompare(b[3] ?? '')

function pack(
  village: PieceVillageRow[],
  findingRows: [number, ...PieceFinding][],
  coercionLists: ReturnType<typeof coercionsOfIdRange>,
  masterOnly: ReturnType<typeof masterOnlyPiece>
): PackedRows {
  const { strings, s } = stringTable()
  const byRow = new Map<number, PieceFinding[]>()
  for (const [rowId, ...f] of findingRows) {
    const list = byRow.get(rowId)
    if (list) list.push(f)
    else byRow.set(rowId, [f])
  }
  const n = village.length + masterOnly.length
  const cells = new Int32Array(n * ROW_INTS)
  // Sized for every finding in the id range; rows of a replaced (inactive) file are not in the piece.
  const fs = new Int32Array((findingRows.length + masterOnly.length) * FINDING_INTS)
  if (coercionLists.length !== village.length) throw new Error(`coercions of ${coercionLists.length} rows for a piece of ${village.length}`)
  const cs = new Int32Array(coercionLists.reduce((k, l) => k + l.length, 0) * COERCION_INTS)
  // Params and allowed lists repeat: normalised (as encodeRows writes them) once each.
  const params = new Map<string, number>()
  const allowed = new Map<string, number>()
  let f = 0
  let c = 0
  const finding = (x: PieceFinding) => {
    let p = params.get(x[6])
    if (p === undefined) params.set(x[6], (p = s(JSON.stringify(JSON.parse(x[6])))))
    let a = allowed.get(x[1])
    if (a === undefined) allowed.set(x[1], (a = s(ALLOWED_ACTIONS[x[1] as FindingCode].join(','))))
    const resolved = Boolean(x[8])
    fs[f] = strings.push(x[0]) - 1
    fs[f + 1] = s(x[1])
    fs[f + 2] = s(x[2])
    fs[f + 3] = s(x[3])
    fs[f + 4] = s(x[4])
    fs[f + 5] = s(x[5])
    fs[f + 6] = p
    fs[f + 7] = s(resolved ? 'resolved' : 'open')
    fs[f + 8] = resolved ? s(x[7]) : NULL
    fs[f + 9] = a
    f += FINDING_INTS
  }
  // A value like the row above's (a family's KK, address, desa, file) takes its index; a column whose
  // values are mostly distinct is not looked up at all (a map of 60,000 names cost more than the rest).
  const same = new Int32Array(2 * F).fill(NULL)
  const sameAs = new Array<string | null>(2 * F).fill(null)
  const value = (k: number, v: string): number => {
    if (v === sameAs[k]) return same[k]!
    sameAs[k] = v
    const i = DISTINCT[k % F] ? strings.push(v) - 1 : s(v)
    same[k] = i
    return i
  }
  const village_ = s('village')
  village.forEach((r, i) => {
    const o = i * ROW_INTS
    const list = byRow.get(r[0])?.sort(byOrder) ?? []
    cells[o] = strings.push(`v${r[0]}`) - 1
    cells[o + 1] = village_
    cells[o + 2] = r[1]
    cells[o + 3] = s(r[2])
    cells[o + 4] = r[3]
    cells[o + 6] = s(r[4])
    cells[o + 8] = list.length
    const hasMaster = r[6] !== null
    for (let k = 0; k < F; k++) {
      const v = value(k, r[PIECE_VALUES + k] as string)
      cells[o + VALUES + k] = v
      // NULL from the query: the master's value is the row's.
      const m = r[PIECE_VALUES + F + k] as string | null
      cells[o + MASTER + k] = hasMaster ? (m === null ? v : value(F + k, m)) : NULL
    }
    cells[o + 5] = cells[o + VALUES + DESA]!
    for (const x of list) finding(x)
    const coercions = coercionLists[i]!
    cells[o + 7] = coercions.length
    for (const x of coercions) {
      cs[c] = s(x.field)
      cs[c + 1] = s(x.column)
      cs[c + 2] = s(x.kind)
      // `from` is what the file said (mostly distinct); `to` is mostly the stored value, already in the table.
      cs[c + 3] = x.from === null ? NULL : strings.push(x.from) - 1
      const k = FIELD_AT.get(x.field)
      cs[c + 4] = k !== undefined && x.to === r[PIECE_VALUES + k] ? cells[o + VALUES + k]! : s(x.to)
      c += COERCION_INTS
    }
  })
  const masterOnly_ = s('master_only')
  const open = s('open')
  masterOnly.forEach((r, j) => {
    const o = (village.length + j) * ROW_INTS
    cells[o] = strings.push(`m${r[0]}`) - 1
    cells[o + 1] = masterOnly_
    cells[o + 2] = NULL
    cells[o + 3] = NULL
    cells[o + 4] = NULL
    cells[o + 6] = open
    cells[o + 7] = 0
    cells[o + 8] = 1
    for (let k = 0; k < F; k++) cells[o + VALUES + k] = cells[o + MASTER + k] = value(k, r[1 + k] as string)
    cells[o + 5] = cells[o + VALUES + DESA]!
    finding(r.slice(1 + F) as PieceFinding)
  })
  return { n, strings, cells: bytesOf(cells), findings: bytesOf(fs.subarray(0, f)), coercions: bytesOf(cs) }
}

const DESA = PERSON_FIELDS.indexOf('desa')
const FIELD_AT = new Map<string, number>(PERSON_FIELDS.map((f, k) => [f, k]))
/** Columns whose values are mostly distinct: the strings table may hold a value twice (decoding reads it by index). */
const DISTINCT = PERSON_FIELDS.map((f) => f === 'nik' || f === 'nama')

const bytesOf = (a: Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
