/**
 * The desktop shell around the window: the application menu and what its items do, the zoom
 * factor and window place kept per PC, the About box. Electron objects come in as arguments
 * (fakes in the tests); the decisions are in menu.ts and window-state.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { BrowserWindow, MenuItemConstructorOptions, MessageBoxOptions } from 'electron'

import type { AppError, Result } from '../../shared/api/result'
import { CHANNEL_SHELL, type ShellEvent } from '../../shared/api/shell-events'
import type { Locale, WorkspaceInfo } from '../../shared/api/types'
import { type MessageKey, t, tMaybe } from '../../shared/i18n'
import type { Route } from './ipc'
import { menuTemplate } from './menu'
import { type Bounds, fitBounds, nextZoom, type WindowState, type ZoomStep } from './window-state'

export interface MenuLike {
  buildFromTemplate(template: MenuItemConstructorOptions[]): unknown
  setApplicationMenu(menu: never): void
}

export interface DesktopDeps {
  Menu: MenuLike
  showMessageBox(win: BrowserWindow | null, options: MessageBoxOptions): Promise<unknown>
  locale: Locale
  isDev: boolean
  window(): BrowserWindow | null
  route: Route
  /** What the About box names. */
  about: { version: string; licence: string; userDataDir: string; versions: { electron: string; chrome: string; node: string } }
  /** The window's zoom/bounds store (window-state-file.ts), kept up to date here. */
  state: { current: WindowState; save(state: WindowState): void }
  log(message: string, err?: unknown): void
  /** Buka paket…: asks for a package file and hands it to the viewer (main's PackageOpener). */
  choosePackage?(): Promise<void>
}

export interface Desktop {
  zoom(step: ZoomStep): void
  /** Sends a typed event to the page (ignored until the page listens for it). */
  notify(event: ShellEvent): void
  /** Where to open the window on the screens there are now (createMainWindow's place/maximize). */
  windowPlace(
    workAreas: readonly Bounds[],
    minimum: { width: number; height: number }
  ): { place?: { width: number; height: number; x?: number; y?: number }; maximize: boolean }
  /** Zoom restored after every load, Ctrl+wheel zoom kept, bounds saved on close. */
  attach(win: BrowserWindow): void
}

/** An error in the operator's language from its code and details; the engine's own text when they do not fit. */
export function errorMessage(locale: Locale, error: AppError): string {
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(error.details ?? {})) params[k] = typeof v === 'number' ? v : String(v ?? '')
  const text = t(locale, `error.${error.code}` as MessageKey, params)
  return text.startsWith('error.') || /\{\s*\w+\s*[,}]/.test(text) ? error.message : text
}

export function aboutBox(locale: Locale, about: DesktopDeps['about'], workspace: string | null): MessageBoxOptions {
  return {
    type: 'info',
    title: t(locale, 'about.title'),
    message: t(locale, 'about.message', { version: about.version }),
    detail: t(locale, 'about.detail', {
      licence: tMaybe(locale, `about.licence.${about.licence}`, about.licence),
      workspace: workspace ?? t(locale, 'about.noWorkspace'),
      userData: about.userDataDir,
      ...about.versions
    }),
    buttons: [t(locale, 'about.ok')],
    noLink: true
  }
}

export function installDesktop(deps: DesktopDeps): Desktop {
  const { locale } = deps
  const save = (patch: Partial<WindowState>): void => {
    deps.state.current = { ...deps.state.current, ...patch }
    try {
      deps.state.save(deps.state.current)
    } catch (err) {
      // Losing the zoom or window place is an annoyance, never a reason to fail.
      deps.log('saving window-state.json failed', err)
    }
  }

  const zoom = (step: ZoomStep): void => {
    const contents = deps.window()?.webContents
    if (!contents) return
    const factor = nextZoom(contents.getZoomFactor(), step)
    contents.setZoomFactor(factor)
    save({ zoomFactor: factor })
  }

  const notify = (event: ShellEvent): void => {
    const contents = deps.window()?.webContents
    if (contents && !contents.isDestroyed()) contents.send(CHANNEL_SHELL, event)
  }

  /** Opening or closing goes through the same host methods the page calls; the page then reloads to show it. */
  const workspaceCall = async (method: 'chooseWorkspace' | 'closeWorkspace', args: object): Promise<void> => {
    const result = (await deps.route(method, args)) as Result<WorkspaceInfo | null>
    const win = deps.window()
    if (!result.ok) {
      if (result.error.code === 'CANCELLED') return
      await deps.showMessageBox(win, {
        type: 'error',
        title: t(locale, 'menu.failTitle'),
        message: t(locale, 'menu.failTitle'),
        detail: errorMessage(locale, result.error),
        buttons: [t(locale, 'about.ok')],
        noLink: true
      })
      return
    }
    if (method === 'chooseWorkspace' && result.value === null) return // the dialog was cancelled
    win?.webContents.reload()
  }
  const run = (what: string, work: Promise<unknown>): void => {
    work.catch((err: unknown) => deps.log(`menu: ${what} failed`, err))
  }

  const template = menuTemplate(locale, deps.isDev, {
    openWorkspace: (mode) => run('open workspace', workspaceCall('chooseWorkspace', { mode })),
    closeWorkspace: () => run('close workspace', workspaceCall('closeWorkspace', {})),
    zoom,
    openPackage: () => run('open package', deps.choosePackage?.() ?? Promise.resolve()),
    showFindingHelp: () => notify('help.findings'),
    showAbout: () =>
      run(
        'about',
        deps.route('getWorkspace', {}).then((r) => {
          const ws = (r as Result<WorkspaceInfo | null>).ok ? (r as { value: WorkspaceInfo | null }).value : null
          return deps.showMessageBox(deps.window(), aboutBox(locale, deps.about, ws?.location ?? null))
        })
      )
  })
  deps.Menu.setApplicationMenu(deps.Menu.buildFromTemplate(template) as never)

  return {
    zoom,
    notify,
    windowPlace(workAreas, minimum) {
      const { bounds, maximized } = deps.state.current
      return bounds ? { place: fitBounds(bounds, workAreas, minimum), maximize: maximized } : { maximize: maximized }
    },
    attach(win) {
      const contents = win.webContents
      contents.on('did-finish-load', () => contents.setZoomFactor(deps.state.current.zoomFactor))
      // Ctrl+wheel: Chromium only reports the direction; the step is ours, so the menu and the wheel agree.
      contents.on('zoom-changed', (_event, direction) => zoom(direction === 'in' ? 'in' : 'out'))
      win.on('close', () => save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }))
    }
  }
}

/** The licence package.json declares (shipped in the app); '—' when it cannot be read. */
export function appLicence(appPath: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as { license?: unknown }
    return typeof pkg.license === 'string' && pkg.license ? pkg.license : '—'
  } catch {
    return '—'
  }
}
