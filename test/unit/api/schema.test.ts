import { describe, expect, it } from 'vitest'

import { METHODS } from '../../../shared/api/contract'
import { arr, int, isoDate, obj, SchemaError, str } from '../../../shared/api/schema'

const fails = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(SchemaError)
    return (err as SchemaError).message
  }
  throw new Error('expected a SchemaError')
}

describe('IPC schema', () => {
  it('refuses arrays with holes, naming the hole', () => {
    const list = arr(int({ min: 0, max: 9 }), { max: 5 })
    expect(list([1, 2, 3], 'x')).toEqual([1, 2, 3])
    // eslint-disable-next-line no-sparse-arrays
    expect(fails(() => list([1, , 3], 'x'))).toBe('x[1]: kosong (daftar berlubang)')
    expect(fails(() => list(new Array(2), 'x'))).toBe('x[0]: kosong (daftar berlubang)')
    // An explicit undefined is a value, checked (and refused) by the item check.
    expect(fails(() => list([1, undefined], 'x'))).toBe('x[1]: harus bilangan bulat')
  })

  it('refuses NUL inside text', () => {
    const name = str({ max: 20 })
    expect(name('SUMBERADI', 'desa')).toBe('SUMBERADI')
    expect(fails(() => name('SUMBER\u0000ADI', 'desa'))).toBe('desa: berisi karakter NUL')
  })

  it('accepts real dates only', () => {
    const date = isoDate()
    for (const ok of ['2026-12-06', '2024-02-29', '2000-02-29', '1999-12-31']) expect(date(ok, 'tanggal')).toBe(ok)
    for (const bad of [
      '9999-99-99',
      '2026-02-30',
      '2025-02-29',
      '2100-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '0000-01-01',
      '2026-1-01',
      '06-12-2026'
    ]) {
      expect(
        fails(() => date(bad, 'tanggal')),
        bad
      ).toMatch(/^tanggal: (tanggal tidak ada|format tidak sah|minimal 10 karakter|maksimal 10 karakter)$/)
    }
  })

  it('applies to the contract: a removal with an impossible date or a sparse row list is refused before any handler', () => {
    const deactivate = METHODS.deactivate.args
    const basis = { reason: 'MENINGGAL', kind: 'BA', number: '01/BA/2026', date: '2026-11-20' }
    expect(() => deactivate({ rowId: 'm1', basis }, '')).not.toThrow()
    expect(fails(() => deactivate({ rowId: 'm1', basis: { ...basis, date: '2026-02-30' } }, ''))).toBe('basis.date: tanggal tidak ada')
    expect(fails(() => deactivate({ rowId: 'm1', basis: { ...basis, date: '9999-99-99' } }, ''))).toBe('basis.date: tanggal tidak ada')
    // eslint-disable-next-line no-sparse-arrays
    expect(fails(() => METHODS.verifyMany.args({ rowIds: ['v1', , 'v3'] }, ''))).toBe('rowIds[1]: kosong (daftar berlubang)')
  })

  it('still checks nested objects the same way', () => {
    const check = obj({ items: arr(obj({ name: str({ max: 5 }) }), { max: 3 }) })
    expect(fails(() => check({ items: [{ name: 'a\u0000' }] }, ''))).toBe('items[0].name: berisi karakter NUL')
  })
})
