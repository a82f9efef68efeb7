import {
  bulkTargets,
  cellKind,
  cellTooltip,
  isSpellingOnly,
  matchesKind,
  openFindings,
  passesFilters,
  rowClass
} from '@renderer/features/review/row-rules'
import type { Filters } from '@renderer/store'
import { describe, expect, it } from 'vitest'

import { finding, row } from './fakes'

const all: Filters = { code: 'all', severity: 'all', desa: 'all', desaState: null, status: 'all', search: '' }

describe('cellKind: the strongest highlight of a cell', () => {
  it('is null without findings on the field, resolved when all are settled', () => {
    const r = row('v1', { findings: [finding('FIELD_MISMATCH', { field: 'nama', status: 'resolved' })] })
    expect(cellKind(r, 'alamat')).toBeNull()
    expect(cellKind(r, 'nama')).toBe('resolved')
  })

  it('ranks an open error over a mismatch over a new record over a warning over info', () => {
    const mismatch = finding('FIELD_MISMATCH', { key: 'a', field: 'nik' })
    const error = finding('NIK_INVALID_FORMAT', { key: 'b', field: 'nik' })
    const newRecord = finding('NEW_RECORD', { key: 'c', field: 'nik' })
    const warning = finding('NIK_BIRTHDATE_MISMATCH', { key: 'd', field: 'nik' })
    const info = finding('STATUS_CHANGE', { key: 'e', field: 'nik' })
    expect(cellKind(row('v1', { findings: [mismatch, error] }), 'nik')).toBe('error')
    expect(cellKind(row('v1', { findings: [warning, mismatch, newRecord] }), 'nik')).toBe('mismatch')
    expect(cellKind(row('v1', { findings: [warning, newRecord] }), 'nik')).toBe('new')
    expect(cellKind(row('v1', { findings: [info, warning] }), 'nik')).toBe('warning')
    expect(cellKind(row('v1', { findings: [info] }), 'nik')).toBe('info')
  })
})

describe('rowClass', () => {
  it('marks missing, excluded, verified and new rows', () => {
    expect(rowClass(row('m1', { kind: 'master_only' }))).toEqual(['row-missing'])
    expect(rowClass(row('v1', { status: 'excluded' }))).toEqual(['row-excluded'])
    expect(rowClass(row('v1', { status: 'verified' }))).toEqual(['row-verified'])
    expect(rowClass(row('v1', { findings: [finding('NEW_RECORD')] }))).toEqual(['row-new'])
    expect(rowClass(row('v1', { findings: [finding('NEW_RECORD', { status: 'resolved' })] }))).toEqual([])
  })
})

describe('cellTooltip', () => {
  it('says each finding of the cell and the master value beside a mismatch, masked when asked', () => {
    const r = row('v1', {
      values: { no_kk: '3404010101010001' },
      master: { ...row('x').values, no_kk: '3404010101019999' },
      findings: [finding('FIELD_MISMATCH', { field: 'no_kk', village: '3404010101010001', master: '3404010101019999' })]
    })
    const plain = cellTooltip('id', r, 'no_kk')!
    expect(plain.split('\n')).toHaveLength(2)
    expect(plain).toContain('3404010101019999')
    const masked = cellTooltip('id', r, 'no_kk', true)!
    expect(masked).not.toContain('3404010101019999')
    expect(cellTooltip('id', r, 'nama')).toBeUndefined()
  })
})

describe('finding kinds and filters', () => {
  const spelling = finding('FIELD_MISMATCH', { key: 's', field: 'nama', params: { spelling: '1' } })
  const date = finding('FIELD_MISMATCH', { key: 'd', field: 'tanggal_lahir' })
  const nik = finding('NIK_INVALID_FORMAT', { key: 'n', field: 'nik' })

  it('tells a spelling-only name difference from other mismatches', () => {
    expect(isSpellingOnly(spelling)).toBe(true)
    expect(isSpellingOnly(date)).toBe(false)
  })

  it('matches a finding against the code and severity filters', () => {
    expect(matchesKind(nik, { code: 'all', severity: 'all' })).toBe(true)
    expect(matchesKind(nik, { code: 'any', severity: 'warning' })).toBe(false)
    expect(matchesKind(date, { code: 'FIELD_MISMATCH', severity: 'warning' })).toBe(true)
    expect(matchesKind(date, { code: 'spelling', severity: 'all' })).toBe(false)
    expect(matchesKind(spelling, { code: 'spelling', severity: 'all' })).toBe(true)
  })

  it('bulkTargets takes the open findings allowing the action, of the filtered kind', () => {
    const rows = [row('v1', { findings: [spelling, nik] }), row('v2', { findings: [date, { ...spelling, key: 's2', status: 'resolved' }] })]
    expect(bulkTargets(rows, { code: 'all', severity: 'all' }, 'accept_village').map((f) => f.key)).toEqual(['s', 'd'])
    expect(bulkTargets(rows, { code: 'spelling', severity: 'all' }, 'accept_village').map((f) => f.key)).toEqual(['s'])
    expect(openFindings(rows[1]!).map((f) => f.key)).toEqual(['d'])
  })

  it('passesFilters: desa, findings, status and search (by name, or by the real NIK/KK digits)', () => {
    const open = row('v1', {
      desa: 'TIRTOADI',
      values: { nama: 'SUPARMAN', nik: '3404011203800001', no_kk: '3404010101010001' },
      findings: [date]
    })
    const settled = row('v2', { findings: [{ ...nik, status: 'resolved' }] })
    const clean = row('v3')
    expect(passesFilters(open, { ...all, desa: 'SUMBERADI' })).toBe(false)
    expect(passesFilters(open, { ...all, desa: 'TIRTOADI' })).toBe(true)
    // A board state: only the desa that were in it.
    expect(passesFilters(open, { ...all, desaState: { status: 'in_review', desa: ['SUMBERADI', 'TLOGOADI'] } })).toBe(false)
    expect(passesFilters(open, { ...all, desaState: { status: 'in_review', desa: ['TIRTOADI'] } })).toBe(true)
    expect(passesFilters(open, { ...all, desaState: { status: 'verified', desa: [] } })).toBe(false)
    expect(passesFilters(clean, { ...all, code: 'any' })).toBe(false)
    expect(passesFilters(open, { ...all, code: 'NIK_INVALID_FORMAT' })).toBe(false)
    expect(passesFilters(open, { ...all, severity: 'warning' })).toBe(true)
    expect(passesFilters(settled, { ...all, status: 'open' })).toBe(false)
    expect(passesFilters(settled, { ...all, status: 'resolved' })).toBe(true)
    expect(passesFilters(clean, { ...all, status: 'resolved' })).toBe(false)
    expect(passesFilters(open, { ...all, search: 'parm' })).toBe(true)
    expect(passesFilters(open, { ...all, search: '0101' })).toBe(true)
    expect(passesFilters(open, { ...all, search: '9999' })).toBe(false)
  })
})
