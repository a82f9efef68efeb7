import { useShallow } from 'zustand/react/shallow'

import { useT } from '../lib/i18n'
import { messageText } from '../lib/message'
import { type AppState, useAppStore } from '../store'
import { groupNotices } from '../store/notices'

const select = (s: AppState) => ({ notices: s.notices, locale: s.locale, maskIds: s.maskIds, dismiss: s.dismissNotice })

/**
 * Messages for the operator: successes fade into the list, errors stay until dismissed, several
 * errors as one list. Translated here, not when made: a change of language or masking applies to
 * notices already shown. The stack sits at the bottom-right edge, clear of the controls (styles.css).
 */
export function Notices() {
  const t = useT()
  const { notices, locale, maskIds, dismiss } = useAppStore(useShallow(select))
  if (notices.length === 0) return null
  const text = (n: (typeof notices)[number]) => messageText(locale, n.message, maskIds)
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {groupNotices(notices).map((g) =>
        g.kind === 'single' ? (
          <div key={g.notice.id} className={`notice notice-${g.notice.kind}`} data-testid={`notice-${g.notice.kind}`}>
            <div>
              <p>{text(g.notice)}</p>
            </div>
            <button type="button" className="link" onClick={() => dismiss(g.notice.id)} aria-label={t('ui.dismiss')}>
              ×
            </button>
          </div>
        ) : (
          <div key="errors" className="notice notice-error" data-testid="notice-errors" data-count={g.notices.length}>
            <div>
              <p>
                <strong>{t('ui.notices.errors', { count: g.notices.length })}</strong>
              </p>
              <ul>
                {g.notices.map((n) => (
                  <li key={n.id}>{text(n)}</li>
                ))}
              </ul>
            </div>
            <button
              type="button"
              className="link"
              onClick={() => g.notices.forEach((n) => dismiss(n.id))}
              aria-label={t('ui.notices.dismissAll')}
            >
              ×
            </button>
          </div>
        )
      )}
    </div>
  )
}
