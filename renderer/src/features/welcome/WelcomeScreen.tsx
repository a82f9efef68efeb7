import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectWelcomeScreen = (s: AppState) => ({
  recent: s.recent,
  busy: s.busy,
  openDemo: s.openDemo,
  chooseWorkspace: s.chooseWorkspace,
  openRecent: s.openRecent
})

export function WelcomeScreen() {
  const t = useT()
  const { recent, busy, openDemo, chooseWorkspace, openRecent } = useAppStore(useShallow(selectWelcomeScreen))
  return (
    <main className="welcome" data-testid="welcome">
      <h1>{t('ui.welcome.title')}</h1>
      <p className="lead">{t('ui.welcome.intro')}</p>
      <div className="welcome-actions">
        <button type="button" className="primary big" data-testid="open-demo" disabled={busy} onClick={() => void openDemo()}>
          {t('ui.welcome.demo')}
          <small>{t('ui.welcome.demoHint')}</small>
        </button>
        <button type="button" className="big" data-testid="create-workspace" disabled={busy} onClick={() => void chooseWorkspace('create')}>
          {t('ui.welcome.create')}
        </button>
        <button type="button" className="big" data-testid="open-workspace" disabled={busy} onClick={() => void chooseWorkspace('open')}>
          {t('ui.welcome.open')}
        </button>
      </div>
      <h2>{t('ui.welcome.recent')}</h2>
      {recent.length === 0 ? (
        <p className="muted">{t('ui.welcome.noRecent')}</p>
      ) : (
        <ul className="recent">
          {recent.map((r) => (
            <li key={r.location}>
              <button type="button" className="link" onClick={() => void openRecent(r.location)}>
                {r.name}
              </button>
              <span className="muted mono">{r.location}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}
