/**
 * The main window: its options as a pure function (the security defaults are asserted by unit
 * tests on this object) and the one place that creates and loads it.
 * Only types come from 'electron' here, so tests need no Electron at all.
 */
import { join } from 'node:path'

import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'

/** Same colour as the renderer's `--bg`, so the window does not flash white before first paint. */
export const WINDOW_BACKGROUND = '#f6f8f7'

/** Where the app page comes from: the built renderer folder, or (development only) a local dev server. */
export interface AppLocation {
  /** Absolute path of out/renderer (holds index.html). */
  rendererRoot: string
  /** Origin of the dev server (`http://localhost:5173`), or null: the packaged app never has one. */
  devServerOrigin: string | null
}

export function mainWindowOptions(preloadPath: string, opts: { packaged: boolean }): BrowserWindowConstructorOptions {
  return {
    title: 'Cermat',
    // Fits a 1366×768 office screen with the taskbar; the grid needs at least ~1000 px to be usable.
    width: 1280,
    height: 720,
    minWidth: 1000,
    minHeight: 600,
    center: true,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    // The menu (Berkas, Sunting, Tampilan, Bantuan) stays visible: About and zoom must be findable.
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      safeDialogs: true,
      spellcheck: false,
      // An operator's copy never needs DevTools; a developer's unpackaged run does.
      devTools: !opts.packaged
    }
  }
}

/**
 * ELECTRON_RENDERER_URL (set by `electron-vite dev`) is honoured only when unpackaged and only for
 * a plain http origin on the loopback host: nothing else may ever become "the app page".
 */
export function devServerOrigin(envUrl: string | undefined, packaged: boolean): string | null {
  if (packaged || !envUrl) return null
  let url: URL
  try {
    url = new URL(envUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' || url.username || url.password) return null
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return null
  return url.origin
}

type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow

export interface CreateWindowOptions {
  BrowserWindow: WindowConstructor
  preloadPath: string
  packaged: boolean
  location: AppLocation
  /** Runs after the window exists and before anything loads (security handlers go here). */
  prepare?(win: BrowserWindow): void
  onLoadError?(err: unknown): void
  /** Size (and position, when it is on a screen) this PC remembered; see window-state.ts. */
  place?: { width: number; height: number; x?: number; y?: number }
  maximize?: boolean
}

export function createMainWindow(opts: CreateWindowOptions): BrowserWindow {
  const options = mainWindowOptions(opts.preloadPath, { packaged: opts.packaged })
  // A remembered position replaces centring (Electron would centre over it).
  const place = opts.place ? { ...opts.place, ...(opts.place.x !== undefined ? { center: false } : {}) } : {}
  const win = new opts.BrowserWindow({ ...options, ...place })
  // show:false + ready-to-show: the window appears once, already painted.
  win.once('ready-to-show', () => {
    if (opts.maximize) win.maximize()
    win.show()
  })
  opts.prepare?.(win)
  const loading = opts.location.devServerOrigin
    ? win.loadURL(`${opts.location.devServerOrigin}/`)
    : win.loadFile(join(opts.location.rendererRoot, 'index.html'))
  loading.catch((err: unknown) => opts.onLoadError?.(err))
  return win
}
