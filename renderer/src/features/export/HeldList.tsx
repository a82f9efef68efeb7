import type { HeldChange } from '@shared/api/types'
import { heldReason, heldWhere } from '@shared/i18n/held'

import { useT } from '../../lib/i18n'
import { useAppStore } from '../../store'
import { selectLocale } from '../../store/selectors'

/** What the export gate holds back (decision 30): where each change is and the rule it breaks. */
export function HeldList({ held }: { held: HeldChange[] }) {
  const t = useT()
  const locale = useAppStore(selectLocale)
  if (held.length === 0) return null
  return (
    <div className="held" data-testid="export-held">
      <h3>{t('ui.export.held.title', { n: held.length })}</h3>
      <p className="hint">{t('ui.export.held.intro')}</p>
      <ul>
        {held.map((h, i) => (
          <li key={i} data-testid="export-held-item">
            <span className="muted">{heldWhere(locale, h)}</span> · {heldReason(locale, h)}
          </li>
        ))}
      </ul>
    </div>
  )
}
