import { selectHasRows, selectNumberLocale, selectSelectedRow, selectSubVillage, selectUndoState } from '@renderer/store/selectors'
import { describe, expect, it } from 'vitest'

import { row, storeWith, summary, workspace } from '../fakes'

describe('shared selectors', () => {
  it('answer from the state as it is', () => {
    const { store } = storeWith({})
    const s0 = store.getState()
    expect([selectHasRows(s0), selectSelectedRow(s0), selectSubVillage(s0), selectNumberLocale(s0), selectUndoState(s0)]).toEqual([
      false,
      undefined,
      'dusun',
      'id-ID',
      null
    ])
    const undo = {
      undo: { action: 'verify' as const, field: null, code: null, resolution: null, file: 'a.csv', rowNo: 2, nama: 'SITI', count: null },
      redo: null
    }
    store.setState({
      rows: new Map([['v1', row('v1')]]),
      selectedRowId: 'v1',
      workspace: workspace({ subVillageLabel: 'banjar' }),
      locale: 'en',
      summary: summary({ undo })
    })
    const s = store.getState()
    expect(selectHasRows(s)).toBe(true)
    expect(selectSelectedRow(s)).toBe(s.rows.get('v1'))
    expect(selectSubVillage(s)).toBe('banjar')
    expect(selectNumberLocale(s)).toBe('en-GB')
    expect(selectUndoState(s)).toEqual(undo)
  })
})
