import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectRecovery = (s: AppState) => ({
  code: s.recoveryCode,
  create: s.createRecoveryCode,
  dismiss: s.dismissRecoveryCode,
  busy: s.busy
})

/**
 * Makes the workspace's recovery code (electron/engine-host/workspace-key.ts) and shows it once, to
 * print or copy: the way back in when the Windows profile or the passphrase is lost.
 */
export function RecoveryCodeSection() {
  const t = useT()
  const { code, create, dismiss, busy } = useAppStore(useShallow(selectRecovery))
  const [passphrase, setPassphrase] = useState('')
  const [copied, setCopied] = useState(false)
  return (
    <fieldset className="settings card" data-testid="recovery-settings">
      <legend>{t('ui.recovery.title')}</legend>
      <p className="hint">{t('ui.recovery.intro')}</p>
      <label className="field">
        {t('ui.recovery.passphrase')}
        <input
          type="password"
          autoComplete="off"
          data-testid="recovery-passphrase"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      <button
        type="button"
        data-testid="recovery-create"
        disabled={busy || (passphrase.length > 0 && passphrase.length < 8)}
        onClick={() => {
          setCopied(false)
          void create(passphrase || undefined).then(() => setPassphrase(''))
        }}
      >
        {t('ui.recovery.create')}
      </button>
      {code && (
        <div className="modal-backdrop">
          <div
            className="modal recovery-code"
            role="dialog"
            aria-modal="true"
            aria-labelledby="recovery-title"
            data-testid="recovery-dialog"
          >
            <h2 id="recovery-title">{t('ui.recovery.shownOnce')}</h2>
            <p className="mono recovery-code-text" data-testid="recovery-code">
              {code.code}
            </p>
            <p>{t('ui.recovery.keep')}</p>
            {code.replaced && <p className="hint warn">{t('ui.recovery.replaced', { since: code.replaced })}</p>}
            <div className="actions">
              <button type="button" onClick={() => window.print()}>
                {t('ui.recovery.print')}
              </button>
              <button
                type="button"
                data-testid="recovery-copy"
                onClick={() => void navigator.clipboard?.writeText(code.code).then(() => setCopied(true))}
              >
                {t(copied ? 'ui.recovery.copied' : 'ui.recovery.copy')}
              </button>
              <button type="button" className="primary" data-testid="recovery-done" autoFocus onClick={dismiss}>
                {t('ui.recovery.done')}
              </button>
            </div>
          </div>
        </div>
      )}
    </fieldset>
  )
}
