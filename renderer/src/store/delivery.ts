import { guarded } from './guarded'
import type { DataOf, DeliverySlice, Slice } from './types'

export const deliveryInitial = (): DataOf<DeliverySlice> => ({ deliveries: [], deliveriesLoaded: false, receiptImported: null })

const receivedCount = (list: { state: string }[]) => list.filter((d) => d.state === 'received').length

export const deliverySlice: Slice<DeliverySlice> = (set, get, { backend }) => {
  let inflight: Promise<void> | null = null
  return {
    ...deliveryInitial(),

    // Not guarded: progress asks for the list on every chunk, and the busy flag must not flicker.
    // Calls at the same moment (every board row, a burst of progress) share one request.
    loadDeliveries: () => {
      if (!get().workspace) return Promise.resolve()
      inflight ??= (async () => {
        try {
          const { deliveriesLoaded: wasLoaded, deliveries: was } = get()
          const deliveries = await backend.call('listDeliveries', {})
          set({ deliveries, deliveriesLoaded: true })
          // A receipt came in: the board's per-desa delivery state is in the summary.
          if (wasLoaded && receivedCount(deliveries) > receivedCount(was)) set({ summary: await backend.call('getSummary', {}) })
        } catch (err) {
          get().notifyError(err)
        } finally {
          inflight = null
        }
      })()
      return inflight
    },

    sendToDinas: (sha256, fileName) =>
      guarded(set, get, async () => {
        set({ deliveries: await backend.call('sendPackage', { sha256 }) })
        get().notify('success', { key: 'ui.kirim.queued', params: { file: fileName } })
      }).then(() => undefined),

    pauseDelivery: (sha256) =>
      guarded(set, get, async () => {
        set({ deliveries: await backend.call('pauseDelivery', { sha256 }) })
      }).then(() => undefined),

    resumeDelivery: (sha256) =>
      guarded(set, get, async () => {
        set({ deliveries: await backend.call('resumeDelivery', { sha256 }) })
      }).then(() => undefined),

    // The page only reads the file; the host checks the receipt and records it.
    importReceipt: (fileName, bytes) =>
      guarded(set, get, async () => {
        const imported = await backend.call('importReceipt', { fileName, bytes })
        set({ receiptImported: imported })
        const [deliveries, summary] = await Promise.all([backend.call('listDeliveries', {}), backend.call('getSummary', {})])
        set({ deliveries, summary })
      }).then(() => undefined)
  }
}
