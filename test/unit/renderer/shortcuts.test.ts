import {
  canDeactivate,
  canVerify,
  isShortcutKey,
  keyCommand,
  type KeyPress,
  rowKeyOutcome,
  selectionPlan,
  shortcutTarget
} from '@renderer/features/review/shortcuts'
import type { Filters } from '@renderer/store'
import { describe, expect, it } from 'vitest'

import { finding, row, rowsById } from './fakes'

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods
})
const all: Filters = { code: 'all', severity: 'all', desa: 'all', desaState: null, status: 'all', search: '' }

describe('keyCommand: which key asks for what', () => {
  it('maps the single keys', () => {
    expect(keyCommand(press('j'))).toEqual({ kind: 'move', direction: 1 })
    expect(keyCommand(press('K'))).toEqual({ kind: 'move', direction: -1 })
    expect(keyCommand(press('a'))).toEqual({ kind: 'resolve', action: 'accept_village' })
    expect(keyCommand(press('m'))).toEqual({ kind: 'resolve', action: 'keep_master' })
    expect(keyCommand(press('x'))).toEqual({ kind: 'resolve', action: 'exclude_row' })
    expect(keyCommand(press('v'))).toEqual({ kind: 'verify' })
    expect(keyCommand(press('d'))).toEqual({ kind: 'deactivate' })
    expect(keyCommand(press('/'))).toEqual({ kind: 'search' })
    expect(keyCommand(press('?', { shiftKey: true }))).toEqual({ kind: 'help' })
    expect(keyCommand(press('Escape'))).toEqual({ kind: 'escape' })
    expect(keyCommand(press('q'))).toBeNull()
  })

  it('Shift turns A, M and V into bulk actions; other letters keep their meaning', () => {
    expect(keyCommand(press('A', { shiftKey: true }))).toEqual({ kind: 'bulk', what: 'accept_village' })
    expect(keyCommand(press('M', { shiftKey: true }))).toEqual({ kind: 'bulk', what: 'keep_master' })
    expect(keyCommand(press('V', { shiftKey: true }))).toEqual({ kind: 'bulk', what: 'verify' })
    expect(keyCommand(press('X', { shiftKey: true }))).toEqual({ kind: 'resolve', action: 'exclude_row' })
    expect(keyCommand(press('J', { shiftKey: true }))).toEqual({ kind: 'move', direction: 1 })
  })

  it('Ctrl+F searches and Ctrl+A selects all; other Ctrl keys, Alt and Meta are left alone', () => {
    expect(keyCommand(press('f', { ctrlKey: true }))).toEqual({ kind: 'search' })
    expect(keyCommand(press('a', { ctrlKey: true }))).toEqual({ kind: 'selectAll' })
    expect(keyCommand(press('a', { ctrlKey: true, shiftKey: true }))).toBeNull()
    expect(keyCommand(press('z', { ctrlKey: true }))).toBeNull()
    expect(keyCommand(press('a', { altKey: true }))).toBeNull()
    expect(keyCommand(press('a', { metaKey: true }))).toBeNull()
  })

  it('isShortcutKey agrees on the letters the grid must not take for an edit', () => {
    for (const k of ['j', 'k', 'a', 'm', 'x', 'v', 'd', '/', '?']) expect(isShortcutKey(press(k) as KeyboardEvent)).toBe(true)
    expect(isShortcutKey(press('q') as KeyboardEvent)).toBe(false)
    expect(isShortcutKey(press('f', { ctrlKey: true }) as KeyboardEvent)).toBe(true)
    expect(isShortcutKey(press('a', { altKey: true }) as KeyboardEvent)).toBe(false)
  })
})

describe('row rules of the keys', () => {
  const death = finding('STATUS_CHANGE', { key: 'death', params: { status: 'MENINGGAL' } })
  const mismatch = finding('FIELD_MISMATCH', { key: 'mm', field: 'alamat' })

  it('shortcutTarget is the first open finding allowing the action', () => {
    const r = row('v1', { findings: [{ ...mismatch, key: 'done', status: 'resolved' }, mismatch] })
    expect(shortcutTarget(r, 'accept_village')?.key).toBe('mm')
    expect(shortcutTarget(undefined, 'accept_village')).toBeUndefined()
  })

  it('canVerify: an open village row, not while a reported death is open', () => {
    expect(canVerify(row('v1', { findings: [mismatch] }))).toBe(true)
    expect(canVerify(row('v1', { findings: [death] }))).toBe(false)
    expect(canVerify(row('v1', { status: 'verified' }))).toBe(false)
    expect(canVerify(row('m1', { kind: 'master_only' }))).toBe(false)
  })

  it('canDeactivate: a master person missing from the file, or a village row matched to the master', () => {
    expect(canDeactivate(row('m1', { kind: 'master_only', findings: [finding('MISSING_FROM_VILLAGE')] }))).toBe(true)
    expect(canDeactivate(row('m1', { kind: 'master_only', findings: [finding('MISSING_FROM_VILLAGE', { status: 'resolved' })] }))).toBe(
      false
    )
    expect(canDeactivate(row('v1', { master: row('x').values }))).toBe(true)
    expect(canDeactivate(row('v1', { master: row('x').values, status: 'excluded' }))).toBe(false)
    expect(canDeactivate(row('v1'))).toBe(false)
  })
})

describe('selectionPlan: what the bulk keys and the bulk bar act on', () => {
  const spelling = (key: string) => finding('FIELD_MISMATCH', { key, field: 'nama', params: { spelling: '1' } })
  const rows = rowsById(
    row('v1', { findings: [spelling('s1'), finding('FIELD_MISMATCH', { key: 'd1', field: 'tanggal_lahir' })] }),
    row('v2', { findings: [spelling('s2')] }),
    row('v3', { findings: [finding('STATUS_CHANGE', { key: 'x3', params: { status: 'MENINGGAL' } })] }),
    row('v4', { status: 'verified' })
  )

  it('takes the ticked rows that exist, their findings per action, and the rows that can be verified', () => {
    const plan = selectionPlan(rows, ['v1', 'v2', 'v3', 'v4', 'gone'], all)
    expect(plan.rows.map((r) => r.id)).toEqual(['v1', 'v2', 'v3', 'v4'])
    expect(plan.accept_village.map((f) => f.key)).toEqual(['s1', 'd1', 's2', 'x3'])
    expect(plan.keep_master.map((f) => f.key)).toEqual(['s1', 'd1', 's2', 'x3'])
    expect(plan.verify).toEqual(['v1', 'v2'])
  })

  it('keeps to the kind the code filter names', () => {
    const plan = selectionPlan(rows, ['v1', 'v2', 'v3'], { code: 'spelling', severity: 'all' })
    expect(plan.accept_village.map((f) => f.key)).toEqual(['s1', 's2'])
    expect(selectionPlan(rows, ['v1', 'v3'], { code: 'all', severity: 'info' }).keep_master.map((f) => f.key)).toEqual(['x3'])
    expect(plan.verify).toEqual(['v1', 'v2'])
  })
})

describe('rowKeyOutcome: the action a key runs and the hint it leaves', () => {
  const mismatch = finding('FIELD_MISMATCH', { key: 'mm', field: 'alamat' })
  const rows = rowsById(row('v1', { findings: [mismatch] }), row('v2', { status: 'verified' }))
  const state = { rows, selection: [] as string[], filters: all, selectedRowId: 'v1' as string | null, busy: false }

  it('resolves the selected row’s first fitting finding', () => {
    expect(rowKeyOutcome({ kind: 'resolve', action: 'accept_village' }, state)).toEqual({
      effect: { kind: 'resolve', rowId: 'v1', finding: mismatch, action: 'accept_village' },
      say: null
    })
  })

  it('says why nothing happened: no row selected, or not allowed on it', () => {
    expect(rowKeyOutcome({ kind: 'verify' }, { ...state, selectedRowId: null })).toEqual({ effect: null, say: 'ui.keys.noRow' })
    expect(rowKeyOutcome({ kind: 'verify' }, { ...state, selectedRowId: 'v2' })).toEqual({ effect: null, say: 'ui.keys.notAllowed' })
    expect(rowKeyOutcome({ kind: 'deactivate' }, state)).toEqual({ effect: null, say: 'ui.keys.notAllowed' })
  })

  it('runs nothing while another action runs, but still answers single-row keys', () => {
    expect(rowKeyOutcome({ kind: 'verify' }, { ...state, busy: true })).toEqual({ effect: null, say: null })
    expect(rowKeyOutcome({ kind: 'bulk', what: 'verify' }, { ...state, busy: true, selection: ['v1'] })).toEqual({ effect: null })
  })

  it('bulk keys act on the selection plan', () => {
    expect(rowKeyOutcome({ kind: 'bulk', what: 'verify' }, { ...state, selection: ['v1', 'v2'] })).toEqual({
      effect: { kind: 'verifyMany', rowIds: ['v1'] },
      say: null
    })
    expect(rowKeyOutcome({ kind: 'bulk', what: 'keep_master' }, { ...state, selection: ['v1', 'v2'] })).toEqual({
      effect: { kind: 'resolveMany', findings: [mismatch], action: 'keep_master' },
      say: null
    })
    expect(rowKeyOutcome({ kind: 'bulk', what: 'accept_village' }, { ...state, selection: ['v2'] })).toEqual({
      effect: null,
      say: 'ui.keys.notAllowed'
    })
    expect(rowKeyOutcome({ kind: 'bulk', what: 'accept_village' }, { ...state, selection: [] })).toEqual({
      effect: null,
      say: 'ui.keys.noRow'
    })
  })
})
