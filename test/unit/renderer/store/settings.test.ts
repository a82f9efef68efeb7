import { describe, expect, it } from 'vitest'

import { failure, storeWith, workspace } from '../fakes'

describe('settings slice', () => {
  it('saves the workspace settings and says so', async () => {
    const { store, fake } = storeWith({ updateSettings: (a) => workspace({ operator: a.operator ?? '' }) })
    await store.getState().updateSettings({ operator: 'Sri' })
    expect(fake.calls).toEqual([{ method: 'updateSettings', args: { operator: 'Sri' } }])
    expect(store.getState().workspace?.operator).toBe('Sri')
    expect(store.getState().notices[0]).toMatchObject({ kind: 'success', message: { key: 'ui.settings.saved' } })
  })

  it('a refusal keeps the workspace as it was and says why', async () => {
    const { store } = storeWith({ updateSettings: () => Promise.reject(failure('INVALID_ARGUMENT')) })
    store.setState({ workspace: workspace() })
    await store.getState().updateSettings({ name: '' })
    expect(store.getState().workspace?.name).toBe('Kecamatan Mlati')
    expect(store.getState().notices[0]).toMatchObject({ kind: 'error', message: { error: { code: 'INVALID_ARGUMENT' } } })
    expect(store.getState().busy).toBe(false)
  })

  it('language and masking change at once, with no backend call', () => {
    const { store, fake } = storeWith({})
    store.getState().setLocale('en')
    store.getState().setMaskIds(true)
    expect(store.getState()).toMatchObject({ locale: 'en', maskIds: true })
    expect(fake.calls).toEqual([])
  })
})
