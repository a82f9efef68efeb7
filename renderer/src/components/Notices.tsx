import { useT } from '../lib/i18n'
import { useAppStore } from '../store'

/** Messages for the operator: successes fade into the list, errors stay until dismissed. */
export function Notices() {
  const t = useT()
  const notices = useAppStore((s) => s.notices)
  const dismiss = useAppStore((s) => s.dismissNotice)
  if (notices.length === 0) return null
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} data-testid={`notice-${n.kind}`}>
          <div>
            <p>{n.text}</p>
            {n.detail && (
              <ul>
                {n.detail.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="link" onClick={() => dismiss(n.id)} aria-label={t('ui.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
