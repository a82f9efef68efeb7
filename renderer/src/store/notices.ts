import { asAppError } from './guarded'
import type { DataOf, NoticesSlice, Slice } from './types'

/** How long a success or info notice stays. */
export const NOTICE_MS = 6000
/** Notices kept on screen at once (the oldest leave first). */
const KEEP = 5

export const noticesInitial = (): DataOf<NoticesSlice> => ({ notices: [] })

export const noticesSlice: Slice<NoticesSlice> = (set, get, deps) => {
  let seq = 0
  return {
    ...noticesInitial(),
    notify(kind, message) {
      const id = ++seq
      set((s) => ({ notices: [...s.notices.slice(-(KEEP - 1)), { id, kind, message }] }))
      if (kind !== 'error') deps.later(() => get().dismissNotice(id), NOTICE_MS)
    },
    notifyError(err, within) {
      const error = { error: asAppError(err) }
      get().notify('error', within ? { key: within.key, params: { ...within.params, message: error } } : error)
    },
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }))
  }
}
