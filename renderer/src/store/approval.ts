import type { PackageView } from '@shared/api/types'

import { guarded } from './guarded'
import type { ApprovalSlice, DataOf, SetState, Slice } from './types'

export const approvalInitial = (): DataOf<ApprovalSlice> => ({ approverKey: null, approvalsByPackage: {} })

/** Remembers what a verified view says about its approvals, under the package's identity. */
function remember(set: SetState, view: PackageView): void {
  const d = view.detail
  if (!view.valid || !d) return
  set((s) => ({ approvalsByPackage: { ...s.approvalsByPackage, [d.packageSha256]: d.approvals } }))
}

export const approvalSlice: Slice<ApprovalSlice> = (set, get, { backend }) => ({
  ...approvalInitial(),

  loadApproverKey: () =>
    guarded(set, get, async () => {
      set({ approverKey: await backend.call('getApproverKey', {}) })
    }).then(() => undefined),

  createApproverKey: async (passphrase) =>
    (await guarded(set, get, async () => {
      set({ approverKey: await backend.call('createApproverKey', passphrase ? { passphrase } : {}) })
      get().notify('success', { key: 'ui.approve.keyMade', params: { keyId: get().approverKey?.keyId ?? '' } })
      return true
    })) ?? false,

  approvePackage: async (args) =>
    (await guarded(set, get, async () => {
      const shown = get().packageView
      if (!shown) return false
      const view = await backend.call('approvePackage', { ...args, sha256: shown.sha256 })
      if (!view) return false
      set({ packageView: view })
      remember(set, view)
      get().notify('success', { key: 'ui.approve.done', params: { file: view.fileName } })
      return true
    })) ?? false,

  openSavedPackage: (sha256) =>
    guarded(set, get, async () => {
      const view = await backend.call('viewSavedPackage', { sha256 })
      set({ packageView: view })
      remember(set, view)
    }).then(() => undefined),

  checkSavedApproval: async (sha256) => {
    try {
      remember(set, await backend.call('viewSavedPackage', { sha256 }))
    } catch {
      // The file moved or is gone: the screen keeps saying what the rule asks, not that it is approved.
    }
  }
})
