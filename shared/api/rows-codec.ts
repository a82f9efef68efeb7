/**
 * The grid's rows as a packed page: one table of distinct strings and two int32 tables (rows,
 * findings) carried as bytes. A 60,000-row workspace as RowView objects is ~62 MB of JSON and
 * one object per row to clone at every hop (worker, IPC, page); packed it is a few arrays, and
 * repeated values (desa, master = village, codes, actions) are sent once per page.
 * decodeRows gives back exactly the RowView[] that went in (the renderer's users keep that shape).
 */
import { PERSON_FIELDS, type PersonValues } from '../domain/fields'
import type { Coercion } from './types/import'
import type { FindingView, PackedRows, RowView } from './types/rows'

/** An absent string or number (null); every other int is a string's index or the number itself. */
export const NULL = -0x80000000
const F = PERSON_FIELDS.length
// Row record: id, kind, sourceId, fileName, rowNo, desa, status, coercions count, findings count, values × F, master × F.
export const VALUES = 9
export const MASTER = VALUES + F
export const ROW_INTS = MASTER + F
// Finding record: key, code, severity, field, village, master, params (JSON), status, resolution, allowed (joined by ',').
export const FINDING_INTS = 10
// Coercion record: field, column, kind, from, to (`to` is mostly the stored value: already in the table).
export const COERCION_INTS = 5

/** A page's strings table: `s` gives a value's index, adding it once (null is NULL). */
export function stringTable(): { strings: string[]; s: (v: string | null) => number } {
  const strings: string[] = []
  const index = new Map<string, number>()
  const s = (v: string | null): number => {
    if (v === null) return NULL
    let i = index.get(v)
    if (i === undefined) {
      i = strings.length
      strings.push(v)
      index.set(v, i)
    }
    return i
  }
  return { strings, s }
}

export function encodeRows(rows: readonly RowView[]): PackedRows {
  const { strings, s } = stringTable()
  const cells = new Int32Array(rows.length * ROW_INTS)
  const findings = new Int32Array(rows.reduce((n, r) => n + r.findings.length, 0) * FINDING_INTS)
  const coercions = new Int32Array(rows.reduce((n, r) => n + r.coercions.length, 0) * COERCION_INTS)
  let f = 0
  let c = 0
  rows.forEach((r, i) => {
    const o = i * ROW_INTS
    cells[o] = s(r.id)
    cells[o + 1] = s(r.kind)
    cells[o + 2] = r.sourceId ?? NULL
    cells[o + 3] = s(r.fileName)
    cells[o + 4] = r.rowNo ?? NULL
    cells[o + 5] = s(r.desa)
    cells[o + 6] = s(r.status)
    cells[o + 7] = r.coercions.length
    cells[o + 8] = r.findings.length
    for (let k = 0; k < F; k++) {
      const field = PERSON_FIELDS[k]!
      cells[o + VALUES + k] = s(r.values[field])
      cells[o + MASTER + k] = r.master ? s(r.master[field]) : NULL
    }
    for (const x of r.findings) {
      findings.set(
        [
          s(x.key),
          s(x.code),
          s(x.severity),
          s(x.field),
          s(x.village),
          s(x.master),
          s(JSON.stringify(x.params)),
          s(x.status),
          s(x.resolution),
          s(x.allowed.join(','))
        ],
        f
      )
      f += FINDING_INTS
    }
    for (const x of r.coercions) {
      coercions.set([s(x.field), s(x.column), s(x.kind), s(x.from), s(x.to)], c)
      c += COERCION_INTS
    }
  })
  return { n: rows.length, strings, cells: bytesOf(cells), findings: bytesOf(findings), coercions: bytesOf(coercions) }
}

export function decodeRows(p: PackedRows): RowView[] {
  const { strings } = p
  const cells = intsOf(p.cells)
  const fs = intsOf(p.findings)
  const cs = intsOf(p.coercions)
  const s = (i: number): string | null => (i === NULL ? null : strings[i]!)
  const str = (i: number): string => strings[i]!
  const person = (o: number): PersonValues => {
    const v = {} as PersonValues
    for (let k = 0; k < F; k++) v[PERSON_FIELDS[k]!] = strings[cells[o + k]!]!
    return v
  }
  // JSON and the allowed lists repeat across a page: parse each once, give every finding its own copy.
  const params = new Map<number, Record<string, string>>()
  const out: RowView[] = new Array<RowView>(p.n)
  let f = 0
  let c = 0
  for (let i = 0; i < p.n; i++) {
    const o = i * ROW_INTS
    const list: FindingView[] = []
    for (let k = cells[o + 8]!; k > 0; k--, f += FINDING_INTS) {
      let pr = params.get(fs[f + 6]!)
      if (!pr) params.set(fs[f + 6]!, (pr = JSON.parse(str(fs[f + 6]!)) as Record<string, string>))
      const allowed = str(fs[f + 9]!)
      list.push({
        key: str(fs[f]!),
        code: str(fs[f + 1]!) as FindingView['code'],
        severity: str(fs[f + 2]!) as FindingView['severity'],
        field: s(fs[f + 3]!) as FindingView['field'],
        village: s(fs[f + 4]!),
        master: s(fs[f + 5]!),
        params: { ...pr },
        status: str(fs[f + 7]!) as FindingView['status'],
        resolution: s(fs[f + 8]!) as FindingView['resolution'],
        allowed: (allowed === '' ? [] : allowed.split(',')) as FindingView['allowed']
      })
    }
    const coercions: Coercion[] = []
    for (let k = cells[o + 7]!; k > 0; k--, c += COERCION_INTS) {
      coercions.push({
        field: str(cs[c]!) as Coercion['field'],
        column: str(cs[c + 1]!),
        kind: str(cs[c + 2]!) as Coercion['kind'],
        from: str(cs[c + 3]!),
        to: str(cs[c + 4]!)
      })
    }
    const sourceId = cells[o + 2]!
    const rowNo = cells[o + 4]!
    out[i] = {
      id: str(cells[o]!),
      kind: str(cells[o + 1]!) as RowView['kind'],
      sourceId: sourceId === NULL ? null : sourceId,
      fileName: s(cells[o + 3]!),
      rowNo: rowNo === NULL ? null : rowNo,
      desa: str(cells[o + 5]!),
      values: person(o + VALUES),
      master: cells[o + MASTER] === NULL ? null : person(o + MASTER),
      status: str(cells[o + 6]!) as RowView['status'],
      findings: list,
      coercions
    }
  }
  return out
}

const bytesOf = (a: Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

/** The bytes as int32s; copied only when a transport left them unaligned. */
function intsOf(b: Uint8Array): Int32Array {
  if (b.byteOffset % 4 === 0) return new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2)
  return new Int32Array(b.slice().buffer)
}
