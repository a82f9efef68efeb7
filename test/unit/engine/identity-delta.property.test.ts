/**
 * Property (issue 13), with what the validators reject and with delta packages: village files carry
 * impossible birth dates (24-13-2006, 00-00-0000), a 14-digit KK, a sex "X", an RT "A1" and a
 * person with a mistyped NIK; the operator accepts village values one by one and in bulk; each
 * export sends only what is new. Every package is exactly what was decided on still-valid data and
 * not yet sent (a changed one marked as a correction of its package), carries no value
 * package-values.ts rejects, and nothing decided and valid is ever missing from the packages.
 */
import { generateKeyPairSync, sign } from 'node:crypto'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import { PACKAGE_PERSON_FIELDS, packageValueProblem } from '../../../shared/domain/package-values'
import type { Engine } from '../../../shared/engine/engine'
import { CHANGE_COLUMNS } from '../../../shared/engine/package/changes'
import type { Signer } from '../../../shared/engine/ports'
import { openEngine } from '../helpers/engine'
import { packageCsv } from '../helpers/package-csv'
import { change, kk, type ListChange, masterName, next, nik, PEOPLE, villageName, who } from '../helpers/property-people'
import { csv } from '../helpers/sheets'

/** Someone only the village lists, under a NIK one digit short: never a valid package value. */
const BAD_NIK = '340405990580000'

/** What a village row may get wrong (0: nothing). */
const FLAWS = 6
const flawed = (i: number, flaw: number) => ({
  date: flaw === 1 ? '24-13-2006' : flaw === 2 ? '00-00-0000' : `${10 + i}-05-1980`,
  kk: flaw === 3 ? kk(i).slice(0, 14) : kk(i),
  sex: flaw === 4 ? 'X' : 'L',
  rt: flaw === 5 ? 'A1' : '3'
})

interface Data {
  master: number[]
  masterNames: number[]
  village: number[]
  villageNames: number[]
  flaws: number[]
}

const masterCsv = (d: Data) =>
  csv(
    [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA;RT',
      ...d.master.map((i) => `SUMBERADI;${kk(i)};${nik(i)};${masterName(i, d.masterNames[i]!)};L;1980-05-${10 + i};Kepala Keluarga;3`)
    ].join('\n')
  )
const villageCsv = (d: Data) =>
  csv(
    [
      'NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;RT',
      ...d.village.map((i) => {
        const f = flawed(i, d.flaws[i]!)
        return `${nik(i)};${f.kk};${villageName(i, d.villageNames[i]!)};${f.sex};${f.date};KEPALA KELUARGA;${f.rt}`
      }),
      `${BAD_NIK};3404051201100099;ORANG SALAH KETIK;P;01-01-1990;KEPALA KELUARGA;3`
    ].join('\n')
  )

type Op =
  | { kind: 'accept'; who: number }
  | { kind: 'bulk' }
  | { kind: 'remove'; who: number }
  | ({ kind: 'renew' } & ListChange)
  | ({ kind: 'replace'; flaw: [number, number] | null } & ListChange)
  | { kind: 'export' }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('accept' as const), who }),
  fc.constant<Op>({ kind: 'bulk' }),
  fc.record({ kind: fc.constant('remove' as const), who }),
  fc.record({ kind: fc.constant('renew' as const), ...change }),
  fc.record({
    kind: fc.constant('replace' as const),
    ...change,
    flaw: fc.option(fc.tuple(who, fc.integer({ min: 0, max: FLAWS - 1 })), { nil: null, freq: 3 })
  }),
  fc.constant<Op>({ kind: 'export' }),
  fc.constant<Op>({ kind: 'export' })
)

function testSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}
const signer = testSigner()

type PackageRow = Record<(typeof CHANGE_COLUMNS)[number], string>

/** A delta export's rows, or null when the engine says there is nothing (new) to send. */
async function exportDelta(engine: Engine): Promise<PackageRow[] | null> {
  let bytes: Uint8Array = new Uint8Array()
  try {
    await engine.exportPackage(['SUMBERADI'], signer, async (b, name) => {
      bytes = b
      return { fileName: name, location: name }
    })
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'NOTHING_NEW_TO_EXPORT' || code === 'NOTHING_TO_EXPORT' || code === 'EXPORT_ALL_HELD') return null
    throw e
  }
  const text = packageCsv(bytes)
  return text
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const cells = l.slice(1, -1).split('","')
      return Object.fromEntries(CHANGE_COLUMNS.map((c, n) => [c, cells[n] ?? ''])) as PackageRow
    })
}

/** A change as the property compares it: who, what, which column, to what. */
const key = (r: { nik: string; jenis: string; kolom: string }) => `${r.nik} ${r.jenis} ${r.kolom}`
const show = (r: PackageRow) => `${key(r)} ${r.nilai_desa}`

/** What the operator decided and which of it stands on its base and on valid data. */
class Model {
  names = new Map<number, { village: string; master: string }>()
  removals = new Set<number>()
  settle(d: Data) {
    for (const [i, n] of this.names) {
      const holds =
        d.village.includes(i) &&
        d.master.includes(i) &&
        villageName(i, d.villageNames[i]!) === n.village &&
        masterName(i, d.masterNames[i]!) === n.master
      if (!holds) this.names.delete(i)
    }
    for (const i of this.removals) if (!d.master.includes(i) || d.village.includes(i)) this.removals.delete(i)
  }
  /** (NIK jenis kolom) → value of what a package may carry now: a flawed row holds all its changes back. */
  expected(d: Data): Map<string, string> {
    const out = new Map<string, string>()
    for (const [i, n] of this.names) if (d.flaws[i] === 0) out.set(`${nik(i)} UBAH nama`, n.village)
    for (const i of this.removals) out.set(`${nik(i)} HAPUS `, '')
    return out
  }
  /** What is decided now, held back or not: a change sent before and not among these is withdrawn. */
  standing(): Set<string> {
    return new Set([...[...this.names.keys()].map((i) => `${nik(i)} UBAH nama`), ...[...this.removals].map((i) => `${nik(i)} HAPUS `)])
  }
}

/** What a withdrawal (BATAL) leaves as the last word on a change. */
const WITHDRAWN = '(BATAL)'

async function run(ops: Op[]) {
  const { engine } = await openEngine()
  const data: Data = {
    master: [0, 1, 2, 3, 4, 5],
    masterNames: Array(PEOPLE).fill(0),
    village: [0, 1, 2, 3],
    villageNames: Array(PEOPLE).fill(0),
    flaws: Array(PEOPLE).fill(0)
  }
  data.villageNames[1] = 1
  data.villageNames[2] = 2
  data.flaws[3] = 1
  await engine.importFile('master', { taskId: 'm', fileName: 'induk.csv', bytes: masterCsv(data) })
  await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: villageCsv(data), desa: 'SUMBERADI' })
  const model = new Model()
  /** What the packages so far carry, the last package of each change: (NIK jenis kolom) → value and package number. */
  const sent = new Map<string, { value: string; seq: number }>()
  let version = 0
  let seq = 0

  const exportNow = async () => {
    const expected = model.expected(data)
    const rows = await exportDelta(engine)
    const carried = new Map((rows ?? []).filter((r) => r.jenis !== 'BATAL').map((r) => [key(r), r]))
    // A withdrawal names the change it withdraws: its kind is in `status`.
    const batal = new Map((rows ?? []).filter((r) => r.jenis === 'BATAL').map((r) => [key({ ...r, jenis: r.status }), r]))
    // No value the validators reject, whatever was accepted in bulk.
    for (const r of rows ?? []) {
      const fields =
        r.jenis === 'HAPUS'
          ? (['nik'] as const)
          : r.jenis === 'BATAL'
            ? PACKAGE_PERSON_FIELDS.filter((f) => f === 'nik' || r[f] !== '')
            : PACKAGE_PERSON_FIELDS
      for (const f of fields) expect(packageValueProblem(f, r[f], '2026-12-06'), `${show(r)}: ${f} "${r[f]}"`).toBeNull()
    }
    // Exactly what is decided on valid data and not yet sent as it is; a changed one is a correction of its package.
    const fresh = [...expected].filter(([k, v]) => sent.get(k)?.value !== v)
    expect([...carried.keys()].sort()).toEqual(fresh.map(([k]) => k).sort())
    // And every change sent before that is decided no more (held back is still decided), withdrawn once.
    const standing = model.standing()
    const withdrawn = [...sent].filter(([k, s]) => s.value !== WITHDRAWN && !standing.has(k))
    expect([...batal.keys()].sort()).toEqual(withdrawn.map(([k]) => k).sort())
    if (rows === null) return
    seq++
    for (const [k, s] of withdrawn) {
      expect(batal.get(k)!.koreksi_paket, k).toBe(String(s.seq))
      sent.set(k, { value: WITHDRAWN, seq })
    }
    for (const [k, v] of fresh) {
      const r = carried.get(k)!
      expect(r.nilai_desa, show(r)).toBe(v)
      expect(r.koreksi_paket, show(r)).toBe(sent.has(k) ? String(sent.get(k)!.seq) : '')
      sent.set(k, { value: v, seq })
    }
    // Nothing decided and valid is lost: the packages together hold each of it as it stands.
    for (const [k, v] of expected) expect(sent.get(k)?.value, k).toBe(v)
  }

  for (const o of ops) {
    const rows = await engine.rows()
    switch (o.kind) {
      case 'accept': {
        const row = rows.find((r) => r.kind === 'village' && r.values.nik === nik(o.who))
        const f = row?.findings.find((x) => x.code === 'FIELD_MISMATCH' && x.field === 'nama' && x.status === 'open')
        if (!f) break
        await engine.resolveFinding({ findingKey: f.key, action: 'accept_village' })
        model.names.set(o.who, { village: f.village ?? '', master: f.master ?? '' })
        break
      }
      case 'bulk': {
        // "Accept village value" on every open mismatch, impossible values included: the gate's job.
        const open = rows.flatMap((r) =>
          r.findings.filter((x) => x.code === 'FIELD_MISMATCH' && x.status === 'open').map((x) => ({ row: r, f: x }))
        )
        if (open.length === 0) break
        await engine.resolveMany({ findingKeys: open.map((x) => x.f.key), action: 'accept_village' })
        for (const { row, f } of open) {
          const i = [...Array(PEOPLE).keys()].find((p) => nik(p) === row.values.nik)
          if (i !== undefined && f.field === 'nama') model.names.set(i, { village: f.village ?? '', master: f.master ?? '' })
        }
        break
      }
      case 'remove': {
        const row = rows.find((r) => r.kind !== 'village' && r.values.nik === nik(o.who))
        if (!row || row.findings[0]?.status !== 'open') break
        await engine.deactivate({ rowId: row.id, basis: { reason: 'PINDAH', kind: 'BA', number: `BA-${o.who}`, date: '2026-11-02' } })
        model.removals.add(o.who)
        break
      }
      case 'renew': {
        const n = next(data.master, data.masterNames, 2, o, 5)
        data.master = n.people
        data.masterNames = n.names
        await engine.importFile('master', { taskId: `m${++version}`, fileName: `induk-${version}.csv`, bytes: masterCsv(data) })
        model.settle(data)
        break
      }
      case 'replace': {
        const n = next(data.village, data.villageNames, 3, o, 4)
        data.village = n.people
        data.villageNames = n.names
        if (o.flaw) data.flaws[o.flaw[0]] = o.flaw[1]
        await engine.importFile('village', {
          taskId: `v${++version}`,
          fileName: `sumberadi-${version}.csv`,
          bytes: villageCsv(data),
          desa: 'SUMBERADI',
          onExisting: 'replace'
        })
        model.settle(data)
        break
      }
      case 'export':
        await exportNow()
        break
    }
  }
  await exportNow()
}

describe('delta packages over invalid values, renewed masters and replaced files (property)', () => {
  it('each package is what was decided on valid data and not yet sent; none carries a rejected value; none is lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 10 }), async (ops) => {
        await run(ops)
      }),
      { numRuns: 12 }
    )
  }, 0) // no time limit: the runs are bounded, their length depends on the machine
})
