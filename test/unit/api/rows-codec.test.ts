import { describe, expect, it } from 'vitest'

import { decodeRows, encodeRows } from '../../../shared/api/rows-codec'
import type { FindingView, PackedRows, RowView } from '../../../shared/api/types'
import { emptyPerson, PERSON_FIELDS, type PersonValues } from '../../../shared/domain/fields'

const person = (over: Partial<PersonValues>): PersonValues => ({ ...emptyPerson(), ...over })

// Every field set, each to a value of its own, so a swapped column or record shows.
const everyField = person(Object.fromEntries(PERSON_FIELDS.map((f, i) => [f, `${f}-${i}`])))

const mismatch: FindingView = {
  key: 'FIELD_MISMATCH:v7:nama',
  code: 'FIELD_MISMATCH',
  severity: 'warning',
  field: 'nama',
  village: 'SITI AMINAH',
  master: 'SITI AMINA',
  params: { other: 'sumberadi.xlsx', row: '12' },
  status: 'resolved',
  resolution: 'keep_master',
  allowed: ['accept_village', 'keep_master']
}

const noAction: FindingView = {
  key: 'NIK_INVALID_FORMAT:v7',
  code: 'NIK_INVALID_FORMAT',
  severity: 'error',
  field: null,
  village: null,
  master: null,
  params: {},
  status: 'open',
  resolution: null,
  allowed: []
}

const village: RowView = {
  id: 'v7',
  kind: 'village',
  sourceId: 3,
  fileName: 'Sumberadi — Januari.xlsx',
  rowNo: 12,
  desa: 'SUMBERADI',
  values: everyField,
  master: person({ nik: '3404011203800001', nama: 'SITI AMINA', desa: 'SUMBERADI' }),
  status: 'verified',
  findings: [mismatch, noAction],
  coercions: [{ field: 'tanggal_lahir', column: 'TGL LAHIR', kind: 'id_cleaned', from: "'3404 0112", to: '34040112' }]
}

const masterOnly: RowView = {
  id: 'm2147483000',
  kind: 'master_only',
  sourceId: null,
  fileName: null,
  rowNo: null,
  desa: 'NGAGLIK',
  values: person({ nik: '3404015507900002', nama: 'ÑOÑO 李小龍 👩‍👩‍👧 Ğ', alamat: 'Jl. "Kaliurang"\nKm 7,5 \\ RT 02', desa: 'NGAGLIK' }),
  master: person({ nik: '3404015507900002', nama: 'ÑOÑO 李小龍 👩‍👩‍👧 Ğ', alamat: 'Jl. "Kaliurang"\nKm 7,5 \\ RT 02', desa: 'NGAGLIK' }),
  status: 'excluded',
  findings: [
    { ...mismatch, key: 'MISSING_FROM_VILLAGE:m1', code: 'MISSING_FROM_VILLAGE', field: null, params: {}, status: 'open', resolution: null }
  ],
  coercions: []
}

const unmatched: RowView = {
  ...village,
  id: 'v8',
  rowNo: 0,
  sourceId: 0,
  master: null,
  findings: [],
  coercions: [],
  status: 'open',
  values: emptyPerson()
}

// The test host's WebSocket encoding (test/e2e/host/codec.ts, another TypeScript project): bytes as base64.
const viaJson = (p: PackedRows): PackedRows =>
  JSON.parse(
    JSON.stringify(p, (_k, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v)),
    (_k, v: { $bytes?: string }) => (typeof v?.$bytes === 'string' ? new Uint8Array(Buffer.from(v.$bytes, 'base64')) : v)
  ) as PackedRows

/** The page as it crosses a transport: the byte arrays copied to new, possibly unaligned, buffers. */
function carried(p: PackedRows, offset: number): PackedRows {
  const copy = (b: Uint8Array) => {
    const buf = new Uint8Array(b.byteLength + offset)
    buf.set(b, offset)
    return buf.subarray(offset)
  }
  return { n: p.n, strings: [...p.strings], cells: copy(p.cells), findings: copy(p.findings), coercions: copy(p.coercions) }
}

describe('packed rows', () => {
  it('give back every field of every row: nulls, zeros, unicode, findings in order, coercions', () => {
    const rows = [village, masterOnly, unmatched]
    for (const offset of [0, 1, 4]) expect(decodeRows(carried(encodeRows(rows), offset))).toEqual(rows)
  })

  it('survive the test host’s JSON (bytes as base64) and a structured clone (worker, IPC)', () => {
    const p = encodeRows([village, masterOnly])
    expect(decodeRows(viaJson(p))).toEqual([village, masterOnly])
    expect(decodeRows(structuredClone(p))).toEqual([village, masterOnly])
  })

  it('an empty page is empty', () => {
    const p = encodeRows([])
    expect(p).toMatchObject({ n: 0, strings: [] })
    expect(decodeRows(p)).toEqual([])
  })

  it('send a repeated value once per page', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ ...village, id: `v${i}` }))
    const p = encodeRows(rows)
    expect(p.strings.filter((s) => s === 'SUMBERADI')).toHaveLength(1)
    // 100 ids, plus what every row shares.
    expect(p.strings.length).toBeLessThan(100 + 60)
  })

  it('give each row its own objects: changing one decoded row leaves the others alone', () => {
    const [a, b] = decodeRows(encodeRows([village, { ...village, id: 'v9' }]))
    a!.values.nama = 'X'
    a!.findings[0]!.params.row = '99'
    a!.findings[0]!.allowed.pop()
    expect(b!.values.nama).toBe(everyField.nama)
    expect(b!.findings[0]).toEqual(mismatch)
  })
})
