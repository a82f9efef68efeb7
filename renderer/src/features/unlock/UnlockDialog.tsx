import { type KeyboardEvent, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, type UnlockPrompt, useAppStore } from '../../store'

const selectUnlock = (s: AppState) => ({ submit: s.submitUnlock, cancel: s.cancelUnlock, busy: s.busy })

/**
 * Asks for the workspace passphrase where the OS cannot keep the key (Linux without a keyring), a
 * new one twice for a new workspace, or the recovery code when the Windows key is lost. What is
 * typed lives in this dialog's state only and goes to the host once; it is never stored.
 */
export function UnlockDialog() {
  const unlock = useAppStore((s) => s.unlock)
  // A new attempt's error starts the form afresh (what was typed is dropped).
  return unlock ? <UnlockForm key={unlock.error.code} unlock={unlock} /> : null
}

function UnlockForm({ unlock }: { unlock: UnlockPrompt }) {
  const { submit, cancel, busy } = useAppStore(useShallow(selectUnlock))
  const t = useT()
  const [useCode, setUseCode] = useState(false)
  const [secret, setSecret] = useState('')
  const [again, setAgain] = useState('')
  const byCode = useCode || unlock.error.code === 'WORKSPACE_KEY_UNAVAILABLE' || unlock.error.code === 'WORKSPACE_RECOVERY_CODE_WRONG'

  const create = unlock.create && !byCode
  const problem =
    !byCode && secret.length > 0 && secret.length < 8
      ? t('ui.unlock.tooShort')
      : create && again.length > 0 && again !== secret
        ? t('ui.unlock.mismatch')
        : null
  const ready = byCode ? secret.trim().length >= 30 : secret.length >= 8 && (!create || again === secret)
  const showError = unlock.error.code !== 'WORKSPACE_PASSPHRASE_REQUIRED'
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      cancel()
    }
  }
  return (
    <div className="modal-backdrop">
      <div
        className="modal unlock"
        role="dialog"
        aria-modal="true"
        aria-labelledby="unlock-title"
        data-testid="unlock-dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="unlock-title">{t(create ? 'ui.unlock.titleCreate' : 'ui.unlock.title')}</h2>
        <p className="muted">{t(byCode ? 'ui.unlock.introCode' : create ? 'ui.unlock.introCreate' : 'ui.unlock.intro')}</p>
        {showError && (
          <p className="hint warn" role="alert" data-testid="unlock-error">
            {t(`error.${unlock.error.code}`, { location: '', reason: '', ...unlock.error.details })}
          </p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (!ready || busy) return
            void submit(byCode ? { recoveryCode: secret } : { passphrase: secret })
          }}
        >
          <label className="field">
            {t(byCode ? 'ui.unlock.code' : 'ui.unlock.passphrase')}
            <input
              autoFocus
              type={byCode ? 'text' : 'password'}
              autoComplete="off"
              spellCheck={false}
              className={byCode ? 'mono' : undefined}
              data-testid="unlock-secret"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          </label>
          {create && (
            <label className="field">
              {t('ui.unlock.again')}
              <input
                type="password"
                autoComplete="off"
                data-testid="unlock-again"
                value={again}
                onChange={(e) => setAgain(e.target.value)}
              />
            </label>
          )}
          {problem && <p className="hint warn">{problem}</p>}
          {!create && (
            <button
              type="button"
              className="link"
              data-testid="unlock-switch"
              onClick={() => {
                setUseCode(!byCode)
                setSecret('')
              }}
            >
              {t(byCode ? 'ui.unlock.usePassphrase' : 'ui.unlock.useCode')}
            </button>
          )}
          <div className="actions">
            <button type="submit" className="primary" data-testid="unlock-submit" disabled={!ready || busy}>
              {t('ui.unlock.open')}
            </button>
            <button type="button" data-testid="unlock-cancel" onClick={cancel}>
              {t('ui.unlock.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  )
}
