import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { registerIdKind, registerIdsOf, registerIdValue } from '../../../shared/domain/register-id'
import { type PersonIds, relinkPeople } from '../../../shared/domain/relink'
import { nik, PEOPLE } from '../helpers/property-people'

describe('register id headers', () => {
  it('names the DTSEN and DTKS person ids as extracts write them, and never a family id', () => {
    for (const h of ['ID DTSEN', 'IDDTSEN', 'id_dtsen', 'IDSEMESTA', 'idsemesta', 'Id Semesta', 'ID-DTSEN'])
      expect(registerIdKind(h), h).toBe('id_dtsen')
    for (const h of ['ID DTKS', 'IDDTKS', 'ID_DTKS', 'id_dtks', 'Id. DTKS']) expect(registerIdKind(h), h).toBe('id_dtks')
    for (const h of ['ID Keluarga', 'id_keluarga', 'ID BDT', 'NIK', 'ID', 'DTKS', 'STATUS DTKS', 'ID WILAYAH'])
      expect(registerIdKind(h), h).toBeNull()
  })

  it('keeps an id as written and drops one Excel cut short or left empty', () => {
    expect(registerIdValue(' 3404 0000 1234 ')).toBe('340400001234')
    expect(registerIdValue("'0012345")).toBe('0012345')
    for (const bad of ['', '-', '0', '000', '3.404E+15', '3,404E+15'.replace(',', '.')]) expect(registerIdValue(bad), bad).toBe('')
    expect(
      registerIdsOf([
        ['NIK', '1'],
        ['ID_DTKS', 'K-1'],
        ['IDSEMESTA', '77'],
        ['ID DTKS', 'K-2']
      ])
    ).toEqual({ id_dtsen: '77', id_dtks: 'K-1' })
  })
})

/** A master version: each true person listed (maybe twice), with their NIK version and ids shown or not. */
const listing = fc.array(
  fc.record({
    person: fc.integer({ min: 0, max: PEOPLE - 1 }),
    nikVersion: fc.integer({ min: 0, max: 1 }),
    dtsen: fc.boolean(),
    dtks: fc.boolean()
  }),
  { maxLength: 9 }
)

const master = (rows: { person: number; nikVersion: number; dtsen: boolean; dtks: boolean }[]) => {
  const niks = rows.map((r) => (r.nikVersion === 0 ? nik(r.person) : nik(r.person).slice(0, 15) + '9'))
  const count = new Map<string, number>()
  const people: (PersonIds & { person: number })[] = rows.map((r, i) => {
    const n = (count.get(niks[i]!) ?? 0) + 1
    count.set(niks[i]!, n)
    return {
      person: r.person,
      subject: n === 1 ? `m/nik=${niks[i]}` : `m/nik=${niks[i]}~${n}`,
      nik: niks[i]!,
      id_dtsen: r.dtsen ? `S${r.person}` : '',
      id_dtks: r.dtks ? `K${r.person}` : ''
    }
  })
  return people
}

describe('relinkPeople (property)', () => {
  it('links only the same person, one to one, from an identity gone to one new, by an id unique in both', () => {
    fc.assert(
      fc.property(listing, listing, (a, b) => {
        const before = master(a)
        const after = master(b)
        const { bySubject, byNik } = relinkPeople(before, after)
        const targets = new Set<string>()
        for (const link of bySubject.values()) {
          const p = before.find((x) => x.subject === link.from)!
          const q = after.find((x) => x.subject === link.to)!
          expect(p.person).toBe(q.person)
          expect(after.some((x) => x.subject === link.from)).toBe(false)
          expect(before.some((x) => x.subject === link.to)).toBe(false)
          expect(before.filter((x) => x[link.via] === link.id)).toHaveLength(1)
          expect(after.filter((x) => x[link.via] === link.id)).toHaveLength(1)
          expect(targets.has(link.to)).toBe(false)
          targets.add(link.to)
        }
        for (const [old, link] of byNik) expect(link.from).toBe(`m/nik=${old}`)
        // Complete where it is sure: a person listed once in each, NIK changed, an id shown on both sides.
        for (const p of before) {
          const q = after.filter((x) => x.person === p.person)
          if (before.filter((x) => x.person === p.person).length !== 1 || q.length !== 1) continue
          const sameNik = after.some((x) => x.subject === p.subject) || before.some((x) => x.subject === q[0]!.subject)
          const shared = (p.id_dtsen !== '' && q[0]!.id_dtsen !== '') || (p.id_dtks !== '' && q[0]!.id_dtks !== '')
          if (!sameNik && shared) expect(bySubject.get(p.subject)?.to).toBe(q[0]!.subject)
        }
      }),
      { numRuns: 300 }
    )
  })
})
