import { panelRowAfterFilter } from '@renderer/features/review/panel-row'
import type { Filters } from '@renderer/store'
import { describe, expect, it } from 'vitest'

import { finding, row, rowsById } from './fakes'

const all: Filters = { code: 'all', severity: 'all', desa: 'all', desaState: null, status: 'all', search: '' }
const rows = rowsById(
  row('a', { desa: 'SUMBERADI', findings: [finding('FIELD_MISMATCH', { field: 'nama' })] }),
  row('b', { desa: 'TLOGOADI', findings: [] })
)

describe('panelRowAfterFilter: the side panel follows the filter', () => {
  it('keeps a selected row the filters still show', () => {
    expect(panelRowAfterFilter({ rows, selectedRowId: 'a', filters: { ...all, desa: 'SUMBERADI' }, keptRows: new Set() })).toBe('a')
    expect(panelRowAfterFilter({ rows, selectedRowId: 'b', filters: all, keptRows: new Set() })).toBe('b')
  })

  it('closes on a row the filters hide', () => {
    expect(panelRowAfterFilter({ rows, selectedRowId: 'b', filters: { ...all, desa: 'SUMBERADI' }, keptRows: new Set() })).toBeNull()
    expect(panelRowAfterFilter({ rows, selectedRowId: 'b', filters: { ...all, code: 'any' }, keptRows: new Set() })).toBeNull()
  })

  it('keeps a row the operator’s own action keeps in view, and closes on one no longer there', () => {
    expect(panelRowAfterFilter({ rows, selectedRowId: 'b', filters: { ...all, code: 'any' }, keptRows: new Set(['b']) })).toBe('b')
    expect(panelRowAfterFilter({ rows, selectedRowId: 'gone', filters: all, keptRows: new Set() })).toBeNull()
    expect(panelRowAfterFilter({ rows, selectedRowId: null, filters: all, keptRows: new Set() })).toBeNull()
  })
})
