import { describe, expect, it } from 'vitest'

import { MEMBER_STATUSES, parseMemberStatus } from '../../../shared/domain/codes'
import {
  BASIS_KINDS,
  checkBasis,
  checkSharedBasis,
  isRemovalFinding,
  keteranganFor,
  REMOVAL_REASONS,
  type RemovalBasis
} from '../../../shared/domain/removal'

const TODAY = '2026-11-23'
const basis: RemovalBasis = { reason: 'MENINGGAL', kind: 'BA', number: '045/BA/XI/2026', date: '2026-11-02' }

describe('removal reasons and their basis', () => {
  it('the reasons are the member statuses except a new member; every one reads back from KETERANGAN', () => {
    expect([...REMOVAL_REASONS].sort()).toEqual(MEMBER_STATUSES.filter((s) => s !== 'ANGGOTA_BARU').sort())
    expect(BASIS_KINDS).toEqual(['BA', 'SPTJM'])
    for (const reason of REMOVAL_REASONS) expect(parseMemberStatus(keteranganFor(reason)), reason).toBe(reason)
  })

  it('accepts a basis, trimming its number', () => {
    expect(checkBasis({ ...basis, number: '  045/BA/XI/2026 ' }, TODAY)).toEqual({ ok: true, value: basis })
    expect(checkBasis({ ...basis, kind: 'SPTJM', date: TODAY }, TODAY)).toMatchObject({ ok: true })
    expect(checkBasis({ ...basis, date: '2000-01-01' }, TODAY)).toMatchObject({ ok: true })
  })

  it('refuses each wrong part, naming it', () => {
    const field = (b: RemovalBasis) => {
      const r = checkBasis(b, TODAY)
      return r.ok ? null : r.field
    }
    expect(field({ ...basis, reason: 'ANGGOTA_BARU' as RemovalBasis['reason'] })).toBe('reason')
    expect(field({ ...basis, kind: 'SURAT' as RemovalBasis['kind'] })).toBe('kind')
    expect(field({ ...basis, number: '   ' })).toBe('number')
    expect(field({ ...basis, number: 'x'.repeat(81) })).toBe('number')
    expect(field({ ...basis, number: 'x'.repeat(80) })).toBeNull()
    expect(field({ ...basis, date: '2026-02-30' })).toBe('date')
    expect(field({ ...basis, date: '02-11-2026' })).toBe('date')
    expect(field({ ...basis, date: '2026-11-24' })).toBe('date') // after today
    expect(field({ ...basis, date: '1999-12-31' })).toBe('date')
  })

  it('a shared basis may leave the reason out, but a given one must be a removal reason', () => {
    const shared = { kind: 'BA' as const, number: '7/BA/2026', date: '2026-11-01' }
    expect(checkSharedBasis(shared, TODAY)).toEqual({ ok: true, value: shared })
    expect(checkSharedBasis({ ...shared, reason: 'PINDAH' }, TODAY)).toEqual({ ok: true, value: { ...shared, reason: 'PINDAH' } })
    expect(checkSharedBasis({ ...shared, reason: 'HIDUP' as 'PINDAH' }, TODAY)).toMatchObject({ ok: false, field: 'reason' })
  })

  it('tells which accepted findings remove someone', () => {
    expect(isRemovalFinding('MISSING_FROM_VILLAGE', {})).toBe(true)
    for (const status of REMOVAL_REASONS) expect(isRemovalFinding('STATUS_CHANGE', { status })).toBe(true)
    expect(isRemovalFinding('STATUS_CHANGE', { status: 'ANGGOTA_BARU' })).toBe(false)
    expect(isRemovalFinding('FIELD_MISMATCH', { spelling: '1' })).toBe(false)
    expect(isRemovalFinding('NEW_RECORD', {})).toBe(false)
  })
})
