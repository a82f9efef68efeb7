import { useShallow } from 'zustand/react/shallow'

import { useT } from '../lib/i18n'
import { messageText } from '../lib/message'
import { type AppState, useAppStore } from '../store'

const select = (s: AppState) => ({ notices: s.notices, locale: s.locale, maskIds: s.maskIds, dismiss: s.dismissNotice })

/**
 * Messages for the operator: successes fade into the list, errors stay until dismissed. Translated
 * here, not when made: a change of language or masking applies to notices already shown.
 */
export function Notices() {
  const t = useT()
  const { notices, locale, maskIds, dismiss } = useAppStore(useShallow(select))
  if (notices.length === 0) return null
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} data-testid={`notice-${n.kind}`}>
          <div>
            <p>{messageText(locale, n.message, maskIds)}</p>
          </div>
          <button type="button" className="link" onClick={() => dismiss(n.id)} aria-label={t('ui.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
