import type { PackageView } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, storeWith } from '../fakes'

const identity = 'b'.repeat(64)
const unapproved = {
  fileName: 'paket.zip',
  sha256: identity,
  valid: true,
  detail: { packageSha256: identity, approvals: [], approvalMissing: true }
} as unknown as PackageView
const approval = {
  role: 'camat',
  name: 'Drs. SUGENG',
  nip: null,
  approvedAt: '2026-12-07T08:00:00.000Z',
  keyId: 'c'.repeat(16),
  trusted: null
}
const approved = {
  ...unapproved,
  sha256: 'd'.repeat(64),
  detail: { packageSha256: identity, approvals: [approval], approvalMissing: false }
} as unknown as PackageView

describe('approval slice', () => {
  it('approves the package the viewer shows by its hash, then shows the approved one and remembers it for the export screen', async () => {
    const { store, fake } = storeWith({ viewSavedPackage: () => unapproved, approvePackage: () => approved })
    await store.getState().openSavedPackage(identity)
    expect(store.getState().packageView).toBe(unapproved)
    expect(store.getState().approvalsByPackage[identity]).toEqual([])
    expect(await store.getState().approvePackage({ role: 'camat', name: 'Drs. SUGENG', passphrase: 'frasa sandi camat' })).toBe(true)
    expect(fake.argsOf('approvePackage')).toEqual([
      { sha256: identity, role: 'camat', name: 'Drs. SUGENG', passphrase: 'frasa sandi camat' }
    ])
    expect(store.getState().packageView).toBe(approved)
    expect(store.getState().approvalsByPackage[identity]).toEqual([approval])
  })

  it('a refused approval (wrong passphrase) is a notice; the viewer keeps the package as it was', async () => {
    const { store } = storeWith({
      viewSavedPackage: () => unapproved,
      approvePackage: () => {
        throw failure('KEY_PASSPHRASE_WRONG', {})
      }
    })
    await store.getState().openSavedPackage(identity)
    expect(await store.getState().approvePackage({ role: 'kasi', name: 'Kasi', passphrase: 'salah salah' })).toBe(false)
    expect(store.getState().packageView).toBe(unapproved)
    expect(store.getState().notices).toMatchObject([{ kind: 'error', message: { error: { code: 'KEY_PASSPHRASE_WRONG' } } }])
  })

  it('checking a saved package quietly leaves it unknown when its file is gone', async () => {
    const { store } = storeWith({
      viewSavedPackage: () => {
        throw failure('PACKAGE_FILE_NOT_FOUND', { seq: 1, file: 'paket.zip' })
      }
    })
    await store.getState().checkSavedApproval(identity)
    expect(store.getState().approvalsByPackage).toEqual({})
    expect(store.getState().notices).toEqual([])
  })
})
