import type { WorkspaceInfo } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, type Handlers, packedPage, row, storeWith, summary, workspace } from '../fakes'

const afterOpen: Handlers = {
  listRowsPacked: () => packedPage([row('v1')]),
  getSummary: () => summary({ rows: 1 })
}

describe('unlock dialog (session slice)', () => {
  it('a workspace whose key needs the passphrase asks for it instead of failing, and opens with the answer', async () => {
    let tries = 0
    const { store, fake } = storeWith({
      ...afterOpen,
      openRecentWorkspace: () => {
        throw failure('WORKSPACE_PASSPHRASE_REQUIRED', { location: '/data/mlati', create: false })
      },
      unlockWorkspace: (): WorkspaceInfo => {
        if (++tries === 1) throw failure('WORKSPACE_PASSPHRASE_WRONG', { location: '/data/mlati', create: false })
        return workspace()
      }
    })
    await store.getState().openRecent('/data/mlati')
    expect(store.getState().unlock).toMatchObject({ create: false, error: { code: 'WORKSPACE_PASSPHRASE_REQUIRED' } })
    // Not a failure notice: a question.
    expect(store.getState().notices).toHaveLength(0)
    await store.getState().submitUnlock({ passphrase: 'salah sekali' })
    expect(store.getState().unlock?.error.code).toBe('WORKSPACE_PASSPHRASE_WRONG')
    expect(store.getState().workspace).toBeNull()
    await store.getState().submitUnlock({ passphrase: 'frasa sandi benar' })
    expect(store.getState().unlock).toBeNull()
    expect(store.getState().workspace?.name).toBe('Kecamatan Mlati')
    expect(fake.argsOf('unlockWorkspace')).toEqual([{ passphrase: 'salah sekali' }, { passphrase: 'frasa sandi benar' }])
    // The passphrase is not kept anywhere in the store.
    expect(JSON.stringify(store.getState(), (_k, v: unknown) => (v instanceof Map || v instanceof Set ? [...v] : v))).not.toContain(
      'frasa sandi benar'
    )
  })

  it('a new workspace asks to set a passphrase; a lost Windows key asks for the recovery code; cancel closes; other errors stay notices', async () => {
    const { store } = storeWith({
      ...afterOpen,
      chooseWorkspace: ({ mode }) => {
        throw mode === 'create'
          ? failure('WORKSPACE_PASSPHRASE_REQUIRED', { location: '/data/baru', create: true })
          : failure('WORKSPACE_KEY_UNAVAILABLE', { location: '/data/lama', reason: 'kunci dilindungi akun Windows', create: false })
      },
      openRecentWorkspace: () => {
        throw failure('WORKSPACE_LOCKED', { location: '/data/mlati' })
      },
      unlockWorkspace: ({ recoveryCode }) => {
        if (!recoveryCode) throw new Error('no code')
        return workspace()
      }
    })
    await store.getState().chooseWorkspace('create')
    expect(store.getState().unlock).toMatchObject({ create: true })
    store.getState().cancelUnlock()
    expect(store.getState().unlock).toBeNull()
    await store.getState().chooseWorkspace('open')
    expect(store.getState().unlock?.error.code).toBe('WORKSPACE_KEY_UNAVAILABLE')
    await store.getState().submitUnlock({ recoveryCode: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345' })
    expect(store.getState().workspace).not.toBeNull()
    await store.getState().openRecent('/data/mlati')
    expect(store.getState().unlock).toBeNull()
    expect(store.getState().notices.at(-1)).toMatchObject({ kind: 'error' })
  })

  it('a recovery code made in Pengaturan is shown once and dropped from the store when dismissed', async () => {
    const { store, fake } = storeWith({ createRecoveryCode: () => ({ code: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345', replaced: null }) })
    await store.getState().createRecoveryCode('frasa sandi uji')
    expect(store.getState().recoveryCode?.code).toBe('ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345')
    expect(fake.argsOf('createRecoveryCode')).toEqual([{ passphrase: 'frasa sandi uji' }])
    store.getState().dismissRecoveryCode()
    expect(store.getState().recoveryCode).toBeNull()
    await store.getState().createRecoveryCode()
    expect(fake.argsOf('createRecoveryCode').at(-1)).toEqual({})
  })
})
