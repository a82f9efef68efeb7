import { FINDING_CODES, SEVERITY } from '@shared/domain/findings'
import { FINDING_HELP } from '@shared/i18n/finding-help'
import { useRef } from 'react'
import { createPortal } from 'react-dom'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { useOverlayPage } from '../../lib/overlay-page'
import { type AppState, useAppStore } from '../../store'

const selectHelp = (s: AppState) => ({ help: s.findingHelp, close: s.closeFindingHelp, locale: s.locale })

/** Bantuan → Penjelasan kode temuan, and the "?" beside a finding: every code, from the one help source. */
export function FindingHelp() {
  const { help, close, locale } = useAppStore(useShallow(selectHelp))
  const t = useT()
  const closeRef = useRef<HTMLButtonElement>(null)

  useOverlayPage(help, close, closeRef, () => {
    if (help?.code) document.getElementById(`help-${help.code}`)?.scrollIntoView({ block: 'center' })
  })

  if (!help) return null
  return createPortal(
    <div className="package-viewer" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="finding-help">
      <div className="viewer-actions">
        <h2 id="help-title">{t('ui.help.title')}</h2>
        <button type="button" ref={closeRef} data-testid="help-close" onClick={close}>
          {t('ui.help.close')}
        </button>
      </div>
      <p>{t('ui.help.intro')}</p>
      <table className="viewer-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.help.col.code')}</th>
            <th scope="col">{t('ui.help.col.severity')}</th>
            <th scope="col">{t('ui.help.col.meaning')}</th>
            <th scope="col">{t('ui.help.col.action')}</th>
          </tr>
        </thead>
        <tbody>
          {FINDING_CODES.map((code) => (
            <tr key={code} id={`help-${code}`} data-testid={`help-${code}`} className={help.code === code ? 'help-current' : undefined}>
              <th scope="row">
                {t(`code.${code}`)}
                <br />
                <code>{code}</code>
              </th>
              <td>
                <span className={`badge sev-${SEVERITY[code]}`}>{t(`severity.${SEVERITY[code]}`)}</span>
              </td>
              <td>{FINDING_HELP[locale][code].meaning}</td>
              <td>{FINDING_HELP[locale][code].action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>,
    document.body
  )
}
