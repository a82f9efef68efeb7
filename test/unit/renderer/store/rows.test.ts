import { FIRST_PAGE, PAGE } from '@renderer/store/rows'
import type { DesaSummary, PackedRowsPage } from '@shared/api/types'
import { describe, expect, it, vi } from 'vitest'

import { changed, deferred, packedPage, row, storeWith, summary } from '../fakes'

const page = (ids: string[], next: string | null, total: number): PackedRowsPage =>
  packedPage(
    ids.map((id) => row(id)),
    next,
    total
  )

describe('rows slice: loading', () => {
  it('shows the first piece at once, adds the rest as it comes, and says how far it is', async () => {
    const pages: Record<string, PackedRowsPage> = {
      first: page(['v1', 'v2'], 'v:2', 5),
      'v:2': page(['v3', 'v4'], 'v:4', 5),
      'v:4': page(['m1'], null, 5)
    }
    const seen: { size: number; reset: boolean; loading: unknown }[] = []
    const { store, fake } = storeWith({ listRowsPacked: (a) => pages[a.cursor ?? 'first']!, getSummary: () => summary({ rows: 5 }) })
    store.subscribe(
      (s, prev) => s.rowChange !== prev.rowChange && seen.push({ size: s.rows.size, reset: s.rowChange.reset, loading: s.loading })
    )
    await store.getState().loadRows()
    expect(seen).toEqual([
      { size: 2, reset: true, loading: { done: 2, total: 5 } },
      { size: 4, reset: false, loading: { done: 4, total: 5 } },
      { size: 5, reset: false, loading: null }
    ])
    expect(fake.argsOf('listRowsPacked')).toEqual([{ limit: FIRST_PAGE }, { cursor: 'v:2', limit: PAGE }, { cursor: 'v:4', limit: PAGE }])
    expect(store.getState().summary?.rows).toBe(5)
  })

  it('shows the first rows before the summary comes, and asks for the next piece before showing this one', async () => {
    const late = deferred<ReturnType<typeof summary>>()
    const shownWhenAsked: number[] = []
    const pages: Record<string, PackedRowsPage> = { first: page(['v1', 'v2'], 'v:2', 3), 'v:2': page(['v3'], null, 3) }
    const { store } = storeWith({
      listRowsPacked: (a) => {
        shownWhenAsked.push(store.getState().rows.size)
        return pages[a.cursor ?? 'first']!
      },
      getSummary: () => late.promise
    })
    const loading = store.getState().loadRows()
    await vi.waitFor(() => expect(store.getState().rows.size).toBe(2))
    expect(store.getState().summary).toBeNull()
    late.resolve(summary({ rows: 3 }))
    await loading
    expect(store.getState().summary?.rows).toBe(3)
    expect([...store.getState().rows.keys()]).toEqual(['v1', 'v2', 'v3'])
    // The second piece was asked for while the first was still being decoded: the engine works meanwhile.
    expect(shownWhenAsked).toEqual([0, 0])
  })

  it('a newer load stops an older one still arriving', async () => {
    const asked = deferred<void>()
    const slow = deferred<PackedRowsPage>()
    let n = 0
    const { store } = storeWith({
      listRowsPacked: (a) => {
        if (!a.cursor) return ++n === 1 ? page(['v1'], 'v:1', 3) : page(['w1', 'w2'], null, 2)
        asked.resolve()
        return slow.promise
      },
      getSummary: () => summary()
    })
    const older = store.getState().loadRows()
    await asked.promise // the older load waits for its second piece
    await store.getState().loadRows()
    slow.resolve(page(['v2', 'v3'], null, 3))
    await older
    expect([...store.getState().rows.keys()]).toEqual(['w1', 'w2'])
    expect(store.getState().loading).toBeNull()
  })
})

describe('rows slice: changes and the operator’s place', () => {
  it('folds an action’s answer in: rows updated and removed, kept in view, the panel row dropped when gone', () => {
    const { store } = storeWith({})
    store.setState({ rows: new Map([row('v1'), row('v2'), row('m1', { kind: 'master_only' })].map((r) => [r.id, r])), selectedRowId: 'm1' })
    const before = store.getState().rowChange.seq
    const edited = row('v1', { values: { nama: 'SITI AMINA' } })
    store.getState().applyChanges(changed([edited], ['m1'], summary({ open: 3 })))
    const s = store.getState()
    expect(s.rows.get('v1')?.values.nama).toBe('SITI AMINA')
    expect(s.rows.has('m1')).toBe(false)
    expect(s.summary?.open).toBe(3)
    expect([...s.keptRows]).toEqual(['v1'])
    expect(s.rowChange).toEqual({ seq: before + 1, reset: false, update: [edited], remove: ['m1'] })
    expect(s.selectedRowId).toBeNull()
  })

  it('changing the filters lets kept rows go', () => {
    const { store } = storeWith({})
    store.getState().applyChanges(changed([row('v1')]))
    store.getState().setFilters({ code: 'FIELD_MISMATCH' })
    expect(store.getState().filters).toMatchObject({ code: 'FIELD_MISMATCH', severity: 'all', desa: 'all' })
    expect(store.getState().keptRows.size).toBe(0)
  })

  it('the panel keeps its row while it stays ticked, else shows the last ticked', () => {
    const { store } = storeWith({})
    store.getState().selectRow('v1')
    store.getState().setSelection(['v1', 'v2'])
    expect(store.getState().selectedRowId).toBe('v1')
    store.getState().setSelection(['v2', 'v3'])
    expect(store.getState().selectedRowId).toBe('v3')
    store.getState().setSelection([])
    expect(store.getState().selectedRowId).toBeNull()
  })

  it('opening a desa from the board shows its rows with every other filter cleared', () => {
    const { store } = storeWith({})
    store.getState().setFilters({ code: 'NEW_RECORD', search: 'siti', status: 'open' })
    store.getState().selectRow('v9')
    store.getState().openDesa('TIRTOADI')
    const s = store.getState()
    expect(s.tab).toBe('review')
    expect(s.filters).toEqual({ code: 'all', severity: 'all', desa: 'TIRTOADI', desaState: null, status: 'all', search: '' })
    expect(s.selectedRowId).toBeNull()
  })

  it('a state tile of the board opens the review of every desa in that state, the others cleared', async () => {
    const desa = (name: string, status: DesaSummary['status']): DesaSummary => ({
      desa: name,
      status,
      files: [`${name}.xlsx`],
      people: 1,
      rows: 1,
      open: 0,
      resolved: 0,
      verified: 0,
      byCode: {},
      exportedAt: null,
      delivery: null
    })
    const byDesa = [desa('SUMBERADI', 'in_review'), desa('TLOGOADI', 'verified'), desa('TIRTOADI', 'in_review')]
    const { store } = storeWith({ listRowsPacked: () => page([], null, 0), getSummary: () => summary({ byDesa }) })
    await store.getState().loadRows()
    store.getState().setFilters({ desa: 'TLOGOADI', search: 'siti' })
    store.getState().openDesaState('in_review')
    const s = store.getState()
    expect(s.tab).toBe('review')
    expect(s.filters).toEqual({
      code: 'all',
      severity: 'all',
      desa: 'all',
      desaState: { status: 'in_review', desa: ['SUMBERADI', 'TIRTOADI'] },
      status: 'all',
      search: ''
    })
  })
})
