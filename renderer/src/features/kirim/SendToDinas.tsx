import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectSend = (s: AppState) => ({
  receiverUrl: s.workspace?.receiverUrl ?? '',
  busy: s.busy,
  tab: s.tab,
  sendToDinas: s.sendToDinas,
  setTab: s.setTab
})

/** After an export (and on the Kirim screen until it is queued): puts the package in the sending queue. */
export function SendToDinas({ sha256, fileName }: { sha256: string; fileName: string }) {
  const t = useT()
  const { receiverUrl, busy, tab, sendToDinas, setTab } = useAppStore(useShallow(selectSend))
  return (
    <div className="actions">
      <button
        type="button"
        className="primary"
        data-testid="send-to-dinas"
        disabled={busy || (tab === 'kirim' && !receiverUrl)}
        onClick={() => {
          // Without an address the Kirim screen is where it is set; the package is queued from there later.
          if (!receiverUrl) return setTab('kirim')
          void sendToDinas(sha256, fileName).then(() => setTab('kirim'))
        }}
      >
        {t('ui.kirim.send')}
      </button>
      {!receiverUrl && <span className="hint">{t('ui.kirim.noReceiver')}</span>}
    </div>
  )
}
