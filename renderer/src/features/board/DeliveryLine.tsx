import type { DesaDelivery } from '@shared/api/types'
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { formatMoment } from '../../lib/dates'
import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectDelivery = (s: AppState) => ({
  deliveries: s.deliveries,
  loaded: s.deliveriesLoaded,
  load: s.loadDeliveries,
  locale: s.locale
})

/**
 * Where a desa's newest package is on its way: exported → sending → received by the Dinas (with
 * the receipt's time). Received comes from the workspace (the recorded receipt); sending, from the queue.
 */
export function DeliveryLine({ delivery }: { delivery: DesaDelivery | null }) {
  const t = useT()
  const { deliveries, loaded, load, locale } = useAppStore(useShallow(selectDelivery))
  useEffect(() => {
    if (!loaded) void load()
  }, [loaded, load])
  if (!delivery) return null
  const queued = deliveries.find((d) => d.sha256 === delivery.sha256)
  const state = delivery.receivedAt ? 'received' : queued && queued.state !== 'refused' ? 'sending' : 'exported'
  return (
    <div className={`hint delivery-${state}`} data-testid="board-delivery" data-delivery={state}>
      {state === 'received'
        ? t('ui.board.delivery.received', { time: formatMoment(delivery.receivedAt!, locale) })
        : t(`ui.board.delivery.${state}`)}
    </div>
  )
}
