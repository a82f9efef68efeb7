import { MAX_BULK } from '@shared/api/contract'
import type { RowsChanged } from '@shared/api/types'
import { isRemovalFinding, isRemovalReason } from '@shared/domain/removal'

import { guarded } from './guarded'
import type { DataOf, ReviewSlice, Slice } from './types'

export const reviewInitial = (): DataOf<ReviewSlice> => ({ removal: null })

export const reviewSlice: Slice<ReviewSlice> = (set, get, { backend }) => {
  /** Runs an action whose answer is the rows it changed, with the busy flag. */
  const changing = (fn: () => Promise<RowsChanged>) => guarded(set, get, async () => get().applyChanges(await fn())).then(() => undefined)

  /** A bulk action bigger than the engine takes at once: said, not sent. */
  const tooMany = (n: number) => {
    if (n <= MAX_BULK) return false
    get().notify('error', { key: 'ui.bulk.tooMany', params: { n: n.toLocaleString(), max: MAX_BULK.toLocaleString() } })
    return true
  }

  return {
    ...reviewInitial(),

    async editCell(rowId, field, value) {
      try {
        get().applyChanges(await backend.call('editCell', { rowId, field, value }))
        return true
      } catch (err) {
        get().notifyError(err)
        return false
      }
    },

    async resolveFinding(rowId, finding, action) {
      if (action === 'accept_village' && isRemovalFinding(finding.code, finding.params)) {
        set({
          removal: {
            kind: 'resolve',
            rowId,
            findingKey: finding.key,
            reason: isRemovalReason(finding.params.status) ? finding.params.status : null
          }
        })
        return
      }
      await changing(() => backend.call('resolveFinding', { findingKey: finding.key, action }))
    },

    markVerified: (rowId) => changing(() => backend.call('markVerified', { rowId })),

    askDeactivate: (rowId) => {
      const row = get().rows.get(rowId)
      const status = row?.findings.find((f) => f.code === 'STATUS_CHANGE')?.params.status
      set({ removal: { kind: 'deactivate', rowId, reason: isRemovalReason(status) ? status : null } })
    },

    async resolveMany(findings, action) {
      if (tooMany(findings.length)) return
      const removals = action === 'accept_village' ? findings.filter((f) => isRemovalFinding(f.code, f.params)).length : 0
      if (removals > 0) {
        set({ removal: { kind: 'bulk', findingKeys: findings.map((f) => f.key), removals } })
        return
      }
      await changing(() => backend.call('resolveMany', { findingKeys: findings.map((f) => f.key), action }))
    },

    verifyMany: (rowIds) => (tooMany(rowIds.length) ? Promise.resolve() : changing(() => backend.call('verifyMany', { rowIds }))),

    async submitRemoval(basis) {
      const r = get().removal
      if (!r) return false
      try {
        const reason = basis.reason
        if (r.kind === 'bulk')
          get().applyChanges(await backend.call('resolveMany', { findingKeys: r.findingKeys, action: 'accept_village', basis }))
        else if (!reason) return false
        else if (r.kind === 'resolve')
          get().applyChanges(
            await backend.call('resolveFinding', { findingKey: r.findingKey, action: 'accept_village', basis: { ...basis, reason } })
          )
        else get().applyChanges(await backend.call('deactivate', { rowId: r.rowId, basis: { ...basis, reason } }))
        set({ removal: null })
        return true
      } catch (err) {
        get().notifyError(err)
        return false
      }
    },

    cancelRemoval: () => set({ removal: null }),
    undo: (direction) => changing(() => backend.call(direction, {})),
    rowHistory: (rowId) => backend.call('getAudit', { rowId, limit: 20 }).catch(() => [])
  }
}
