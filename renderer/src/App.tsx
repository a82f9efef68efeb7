import type { MessageKey } from '@shared/i18n'
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { Notices } from './components/Notices'
import { UndoBar } from './components/UndoBar'
import { BoardView } from './features/board/BoardView'
import { ExportView } from './features/export/ExportView'
import { usePrintBeritaAcara } from './features/export/usePrintBeritaAcara'
import { FindingHelp } from './features/help/FindingHelp'
import { ImportView } from './features/import/ImportView'
import { KirimView } from './features/kirim/KirimView'
import { ReviewView } from './features/review/ReviewView'
import { SettingsView } from './features/settings/SettingsView'
import { UnlockDialog } from './features/unlock/UnlockDialog'
import { OpenPackageButton, PACKAGE_FILE } from './features/viewer/OpenPackageButton'
import { PackageViewer } from './features/viewer/PackageViewer'
import { WelcomeScreen } from './features/welcome/WelcomeScreen'
import { useT } from './lib/i18n'
import { type AppState, type Tab, useAppStore } from './store'

const selectApp = (s: AppState) => ({
  start: s.start,
  workspace: s.workspace,
  tab: s.tab,
  setTab: s.setTab,
  locale: s.locale,
  setLocale: s.setLocale,
  closeWorkspace: s.closeWorkspace,
  summary: s.summary,
  listenShell: s.listenShell,
  viewPackageFile: s.viewPackageFile,
  showFindingHelp: s.showFindingHelp
})

const TABS: Tab[] = ['board', 'import', 'review', 'export', 'kirim', 'settings']

export function App() {
  const t = useT()
  const { start, workspace, tab, setTab, locale, setLocale, closeWorkspace, summary, listenShell, viewPackageFile, showFindingHelp } =
    useAppStore(useShallow(selectApp))

  useEffect(() => {
    void start()
  }, [start])
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  useEffect(() => listenShell(), [listenShell])
  usePrintBeritaAcara()
  // A package dropped anywhere on the window opens in the viewer; other files keep their own drop zones.
  useEffect(() => {
    const pkg = (e: DragEvent) => [...(e.dataTransfer?.files ?? [])].find((f) => PACKAGE_FILE.test(f.name))
    const onDragOver = (e: DragEvent) => {
      if ([...(e.dataTransfer?.items ?? [])].some((i) => i.kind === 'file')) e.preventDefault()
    }
    const onDrop = (e: DragEvent) => {
      const file = pkg(e)
      e.preventDefault()
      if (file) void file.arrayBuffer().then((b) => viewPackageFile(file.name, new Uint8Array(b)))
    }
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [viewPackageFile])

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <strong>Cermat</strong>
          <span className="muted">{t('ui.app.tagline')}</span>
        </div>
        {workspace && (
          <div className="ws" data-testid="workspace-name">
            <span>
              {t('ui.header.workspace')}: <strong>{workspace.name}</strong>
            </span>
            {workspace.kecamatan && (
              <span>
                {t('ui.header.kecamatan')}: <strong>{workspace.kecamatan}</strong>
              </span>
            )}
            <span>
              {t('ui.header.operator')}: <strong>{workspace.operator}</strong>
            </span>
          </div>
        )}
        <div className="top-actions">
          {workspace && <UndoBar />}
          <OpenPackageButton />
          <button type="button" data-testid="open-finding-help" onClick={() => showFindingHelp(null)}>
            {t('ui.help.open')}
          </button>
          <label>
            <span className="sr-only">{t('ui.header.language')}</span>
            <select
              value={locale}
              onChange={(e) => setLocale(e.target.value === 'en' ? 'en' : 'id')}
              aria-label={t('ui.header.language')}
              data-testid="locale"
            >
              <option value="id">Bahasa Indonesia</option>
              <option value="en">English</option>
            </select>
          </label>
          {workspace && (
            <button type="button" onClick={() => void closeWorkspace()}>
              {t('ui.header.close')}
            </button>
          )}
        </div>
      </header>
      {workspace ? (
        <>
          <nav className="tabs" role="tablist">
            {TABS.map((id) => (
              <button
                type="button"
                role="tab"
                key={id}
                aria-selected={tab === id}
                data-testid={`tab-${id}`}
                className={tab === id ? 'active' : ''}
                onClick={() => setTab(id)}
              >
                {t(`ui.tab.${id}` as MessageKey)}
                {id === 'review' && summary && summary.open > 0 && <span className="pill">{summary.open}</span>}
              </button>
            ))}
          </nav>
          <main className="content">
            {tab === 'board' && <BoardView />}
            {tab === 'import' && <ImportView />}
            {tab === 'review' && <ReviewView />}
            {tab === 'export' && <ExportView />}
            {tab === 'kirim' && <KirimView />}
            {tab === 'settings' && <SettingsView key={workspace.id} />}
          </main>
        </>
      ) : (
        <WelcomeScreen />
      )}
      <PackageViewer />
      <UnlockDialog />
      <FindingHelp />
      <Notices />
    </div>
  )
}
