import type { Message } from '../lib/message'
import { asAppError } from './guarded'
import type { DataOf, Notice, NoticesSlice, Slice } from './types'

/** How long a success or info notice stays. */
export const NOTICE_MS = 6000
/** Notices kept on screen at once (the oldest leave first). */
const KEEP = 5

export const noticesInitial = (): DataOf<NoticesSlice> => ({ notices: [] })

/**
 * What a cancel is called, by the message it came within: the operator asked for it, so it is
 * said as done (neutral), not as a failure.
 */
const cancelledMessage = (within?: Extract<Message, { key: unknown }>): Message =>
  within?.key === 'ui.import.failed' && typeof within.params?.file === 'string'
    ? { key: 'ui.import.cancelled', params: { file: within.params.file } }
    : { key: 'ui.cancelled' }

/**
 * Notices as shown: several errors become one list (with their count) at the place of the newest,
 * so a burst of failures is one box the operator can read and dismiss, not a wall over the screen.
 */
export type NoticeGroup = { kind: 'single'; notice: Notice } | { kind: 'errors'; notices: Notice[] }

export function groupNotices(notices: Notice[]): NoticeGroup[] {
  const errors = notices.filter((n) => n.kind === 'error')
  if (errors.length < 2) return notices.map((notice) => ({ kind: 'single', notice }))
  const out: NoticeGroup[] = notices.filter((n) => n.kind !== 'error').map((notice) => ({ kind: 'single', notice }))
  out.push({ kind: 'errors', notices: errors })
  return out
}

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
      const appError = asAppError(err)
      if (appError.code === 'CANCELLED') return get().notify('info', cancelledMessage(within))
      const error = { error: appError }
      get().notify('error', within ? { key: within.key, params: { ...within.params, message: error } } : error)
    },
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }))
  }
}
