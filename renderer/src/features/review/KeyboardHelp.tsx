import { type KeyboardEvent, useEffect, useRef } from 'react'

import { useT } from '../../lib/i18n'
import { SHORTCUTS } from './shortcuts'

/**
 * The help sheet: every shortcut of the review screen. A modal dialog that keeps Tab inside,
 * closes with Escape or `?`, and gives the focus back to where it was.
 */
export function KeyboardHelp(props: { onClose(): void }) {
  const t = useT()
  const { onClose } = props
  const closeRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    closeRef.current?.focus()
    return () => before?.focus()
  }, [])

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' || e.key === '?') {
      e.preventDefault()
      e.stopPropagation()
      onClose()
    } else if (e.key === 'Tab') {
      // The only control is the close button: Tab stays on it.
      e.preventDefault()
      closeRef.current?.focus()
    }
  }

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal keys-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="keys-help-title"
        aria-describedby="keys-help-intro"
        data-testid="keys-help"
        onKeyDown={onKeyDown}
      >
        <h2 id="keys-help-title">{t('ui.keys.title')}</h2>
        <p id="keys-help-intro" className="muted">
          {t('ui.keys.intro')}
        </p>
        <table className="keys-table">
          <thead>
            <tr>
              <th scope="col">{t('ui.keys.key')}</th>
              <th scope="col">{t('ui.keys.does')}</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.label} data-testid="shortcut">
                <td>
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ` ${t('ui.keys.or')} `}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{t(s.label)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions">
          <button type="button" ref={closeRef} className="primary" data-testid="keys-help-close" onClick={onClose}>
            {t('ui.keys.close')} <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
