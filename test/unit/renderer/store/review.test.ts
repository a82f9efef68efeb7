import { MAX_BULK } from '@shared/api/contract'
import type { RowsChanged } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { changed, deferred, failure, finding, row, storeWith, summary } from '../fakes'

const basis = { kind: 'BA' as const, number: '045/BA/XI/2026', date: '2026-11-02' }
const death = finding('STATUS_CHANGE', { key: 'STATUS_CHANGE:v1', params: { status: 'MENINGGAL' } })
const mismatch = finding('FIELD_MISMATCH', { key: 'FIELD_MISMATCH:v1:alamat', field: 'alamat' })
const answer = (id = 'v1') => changed([row(id, { status: 'verified' })], [], summary({ resolved: 1 }))

describe('review slice: single rows', () => {
  it('an edit folds the engine’s answer in; a refused edit says why and answers false', async () => {
    const { store, fake } = storeWith({
      editCell: (a) => {
        if (a.value === 'x') throw failure('VALUE_INVALID', { field: 'tanggal_lahir', value: 'x', hint: '' })
        return changed([row(a.rowId, { values: { alamat: a.value } })])
      }
    })
    expect(await store.getState().editCell('v1', 'alamat', 'JL. KALIURANG')).toBe(true)
    expect(store.getState().rows.get('v1')?.values.alamat).toBe('JL. KALIURANG')
    expect(await store.getState().editCell('v1', 'tanggal_lahir', 'x')).toBe(false)
    expect(store.getState().notices).toMatchObject([{ kind: 'error', message: { error: { code: 'VALUE_INVALID' } } }])
    expect(fake.calls[0]).toEqual({ method: 'editCell', args: { rowId: 'v1', field: 'alamat', value: 'JL. KALIURANG' } })
  })

  it('resolving an ordinary finding is sent at once, busy meanwhile', async () => {
    const reply = deferred<RowsChanged>()
    const { store, fake } = storeWith({ resolveFinding: () => reply.promise })
    const resolving = store.getState().resolveFinding('v1', mismatch, 'keep_master')
    expect(store.getState().busy).toBe(true)
    reply.resolve(answer())
    await resolving
    expect(store.getState().busy).toBe(false)
    expect(fake.calls).toEqual([{ method: 'resolveFinding', args: { findingKey: mismatch.key, action: 'keep_master' } }])
    expect(store.getState().rows.get('v1')?.status).toBe('verified')
  })

  it('accepting a reported death first asks for its basis, with the reported reason', async () => {
    const { store, fake } = storeWith({ resolveFinding: () => answer() })
    await store.getState().resolveFinding('v1', death, 'accept_village')
    expect(fake.calls).toEqual([])
    expect(store.getState().removal).toEqual({ kind: 'resolve', rowId: 'v1', findingKey: death.key, reason: 'MENINGGAL' })
    expect(await store.getState().submitRemoval({ ...basis, reason: 'MENINGGAL' })).toBe(true)
    expect(fake.calls).toEqual([
      { method: 'resolveFinding', args: { findingKey: death.key, action: 'accept_village', basis: { ...basis, reason: 'MENINGGAL' } } }
    ])
    expect(store.getState().removal).toBeNull()
  })

  it('a single removal without a reason is not sent; a refused one keeps the dialog open', async () => {
    const { store, fake } = storeWith({ deactivate: () => Promise.reject(failure('DEACTIVATE_NEEDS_MASTER')) })
    store.setState({ rows: new Map([['v1', row('v1', { findings: [finding('STATUS_CHANGE', { params: { status: 'PINDAH' } })] })]]) })
    store.getState().askDeactivate('v1')
    expect(store.getState().removal).toEqual({ kind: 'deactivate', rowId: 'v1', reason: 'PINDAH' })
    expect(await store.getState().submitRemoval(basis)).toBe(false)
    expect(fake.calls).toEqual([])
    expect(await store.getState().submitRemoval({ ...basis, reason: 'PINDAH' })).toBe(false)
    expect(fake.calls).toEqual([{ method: 'deactivate', args: { rowId: 'v1', basis: { ...basis, reason: 'PINDAH' } } }])
    expect(store.getState().removal).not.toBeNull()
    expect(store.getState().notices).toMatchObject([{ kind: 'error' }])
    store.getState().cancelRemoval()
    expect(store.getState().removal).toBeNull()
  })

  it('deactivating a row with no reported status leaves the reason to the operator', () => {
    const { store } = storeWith({})
    store.getState().askDeactivate('m7')
    expect(store.getState().removal).toEqual({ kind: 'deactivate', rowId: 'm7', reason: null })
  })

  it('verify, undo and redo send their calls and fold the answers in', async () => {
    const { store, fake } = storeWith({ markVerified: () => answer(), undo: () => answer('v2'), redo: () => answer('v3') })
    await store.getState().markVerified('v1')
    await store.getState().undo('undo')
    await store.getState().undo('redo')
    expect(fake.calls).toEqual([
      { method: 'markVerified', args: { rowId: 'v1' } },
      { method: 'undo', args: {} },
      { method: 'redo', args: {} }
    ])
    expect([...store.getState().rows.keys()]).toEqual(['v1', 'v2', 'v3'])
  })

  it('a row’s history comes through the store; unreadable history is empty, not an error', async () => {
    const entry = {
      id: 1,
      at: '2026-12-01T08:00:00Z',
      operator: 'Budi',
      action: 'edit',
      rowId: 'v1',
      field: 'alamat',
      oldValue: 'A',
      newValue: 'B',
      detail: null
    }
    const { store, fake } = storeWith({ getAudit: (a) => (a.rowId === 'v1' ? [entry] : Promise.reject(failure('ROW_NOT_FOUND'))) })
    expect(await store.getState().rowHistory('v1')).toEqual([entry])
    expect(await store.getState().rowHistory('v2')).toEqual([])
    expect(fake.argsOf('getAudit')[0]).toEqual({ rowId: 'v1', limit: 20 })
    expect(store.getState().notices).toEqual([])
  })
})

describe('review slice: bulk actions', () => {
  it('many findings in one call; with removals among them, one shared basis is asked first', async () => {
    const { store, fake } = storeWith({ resolveMany: () => answer() })
    await store.getState().resolveMany([mismatch], 'accept_village')
    expect(fake.calls).toEqual([{ method: 'resolveMany', args: { findingKeys: [mismatch.key], action: 'accept_village' } }])

    await store.getState().resolveMany([mismatch, death], 'accept_village')
    expect(store.getState().removal).toEqual({ kind: 'bulk', findingKeys: [mismatch.key, death.key], removals: 1 })
    expect(await store.getState().submitRemoval(basis)).toBe(true)
    expect(fake.calls[1]).toEqual({
      method: 'resolveMany',
      args: { findingKeys: [mismatch.key, death.key], action: 'accept_village', basis }
    })

    await store.getState().resolveMany([mismatch, death], 'keep_master')
    expect(fake.calls[2]).toEqual({ method: 'resolveMany', args: { findingKeys: [mismatch.key, death.key], action: 'keep_master' } })
  })

  it('more than the engine takes at once is refused in the screen, not sent', async () => {
    const { store, fake } = storeWith({})
    const many = Array.from({ length: MAX_BULK + 1 }, (_, i) => ({ ...mismatch, key: `k${i}` }))
    await store.getState().resolveMany(many, 'keep_master')
    await store.getState().verifyMany(many.map((_, i) => `v${i}`))
    expect(fake.calls).toEqual([])
    expect(store.getState().notices).toMatchObject([
      { kind: 'error', message: { key: 'ui.bulk.tooMany' } },
      { kind: 'error', message: { key: 'ui.bulk.tooMany' } }
    ])
  })

  it('verifies many rows in one call', async () => {
    const { store, fake } = storeWith({ verifyMany: () => answer() })
    await store.getState().verifyMany(['v1', 'v2'])
    expect(fake.calls).toEqual([{ method: 'verifyMany', args: { rowIds: ['v1', 'v2'] } }])
  })
})
