import type { BrowserWindow } from 'electron'
import { describe, expect, it, vi } from 'vitest'

import {
  createMainWindow,
  type CreateWindowOptions,
  devServerOrigin,
  mainWindowOptions,
  WINDOW_BACKGROUND
} from '../../../electron/main/window'
import { BUSY } from '../helpers/busy'

// Tripwire: window.ts may import only types from electron (loading electron here would fail anyway).
vi.mock('electron', () => {
  throw new Error('electron must not be loaded by window.ts')
})

describe('mainWindowOptions', () => {
  const opts = mainWindowOptions('/app/out/preload/index.js', { packaged: true })
  const web = opts.webPreferences ?? {}

  it('has every security default', () => {
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.webviewTag).toBe(false)
    expect(web.navigateOnDragDrop).toBe(false)
    expect(web.experimentalFeatures).toBe(false)
    expect(web.enableWebSQL).toBe(false)
    expect(web.spellcheck).toBe(false)
    expect(web.preload).toBe('/app/out/preload/index.js')
  })

  it('turns DevTools off when packaged and on in development', () => {
    expect(web.devTools).toBe(false)
    expect(mainWindowOptions('/p.js', { packaged: false }).webPreferences?.devTools).toBe(true)
  })

  it('keeps the other defaults identical in development', () => {
    const dev = mainWindowOptions('/app/out/preload/index.js', { packaged: false })
    expect({ ...dev.webPreferences, devTools: false }).toEqual(web)
  })

  it('is titled, hidden until painted, and fits a 1366x768 screen', () => {
    expect(opts.title).toBe('Cermat')
    expect(opts.show).toBe(false)
    expect(opts.backgroundColor).toBe(WINDOW_BACKGROUND)
    expect(opts.autoHideMenuBar).toBe(false) // the Indonesian menu bar stays in view
    expect(opts.width).toBeLessThanOrEqual(1366)
    expect(opts.height).toBeLessThanOrEqual(728)
    expect(opts.minWidth).toBeLessThanOrEqual(opts.width ?? 0)
    expect(opts.minHeight).toBeLessThanOrEqual(opts.height ?? 0)
  })
})

describe('devServerOrigin', () => {
  it('accepts only http on the loopback host, and never when packaged', () => {
    expect(devServerOrigin('http://localhost:5173', false)).toBe('http://localhost:5173')
    expect(devServerOrigin('http://127.0.0.1:5173/', false)).toBe('http://127.0.0.1:5173')
    expect(devServerOrigin('http://localhost:5173', true)).toBeNull()
    expect(devServerOrigin(undefined, false)).toBeNull()
    expect(devServerOrigin('', false)).toBeNull()
    expect(devServerOrigin('https://localhost:5173', false)).toBeNull()
    expect(devServerOrigin('http://evil.example:5173', false)).toBeNull()
    expect(devServerOrigin('http://localhost.evil.example', false)).toBeNull()
    expect(devServerOrigin('http://user:pw@localhost:5173', false)).toBeNull()
    expect(devServerOrigin('file:///tmp/index.html', false)).toBeNull()
    expect(devServerOrigin('not a url', false)).toBeNull()
  })
})

class FakeWindow {
  static last: FakeWindow | null = null
  readonly options: unknown
  readonly calls: string[] = []
  private readyListener: (() => void) | null = null
  constructor(options: unknown) {
    this.options = options
    FakeWindow.last = this
  }
  once(event: string, listener: () => void): void {
    if (event === 'ready-to-show') this.readyListener = listener
  }
  emitReady(): void {
    this.readyListener?.()
  }
  show(): void {
    this.calls.push('show')
  }
  maximize(): void {
    this.calls.push('maximize')
  }
  loadFile(path: string): Promise<void> {
    this.calls.push(`loadFile ${path}`)
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.calls.push(`loadURL ${url}`)
    return Promise.reject(new Error('refused'))
  }
}
const FakeCtor = FakeWindow as unknown as CreateWindowOptions['BrowserWindow']

describe('createMainWindow', () => {
  it('uses mainWindowOptions, prepares before loading, loads out/renderer/index.html and shows when ready', () => {
    const order: string[] = []
    createMainWindow({
      BrowserWindow: FakeCtor,
      preloadPath: '/app/out/preload/index.js',
      packaged: true,
      location: { rendererRoot: '/app/out/renderer', devServerOrigin: null },
      prepare: (w: BrowserWindow) => order.push(`prepare ${(w as unknown as FakeWindow).calls.length}`)
    })
    const win = FakeWindow.last!
    expect(win.options).toEqual(mainWindowOptions('/app/out/preload/index.js', { packaged: true }))
    expect(order).toEqual(['prepare 0'])
    expect(win.calls).toEqual([expect.stringMatching(/^loadFile .*out[\\/]renderer[\\/]index\.html$/)])
    win.emitReady()
    expect(win.calls.at(-1)).toBe('show')
  })

  it('loads the dev server when one is configured and reports a failed load', async () => {
    const onLoadError = vi.fn()
    createMainWindow({
      BrowserWindow: FakeCtor,
      preloadPath: '/p.js',
      packaged: false,
      location: { rendererRoot: '/app/out/renderer', devServerOrigin: 'http://localhost:5173' },
      onLoadError
    })
    expect(FakeWindow.last!.calls).toEqual(['loadURL http://localhost:5173/'])
    await vi.waitFor(() => expect(onLoadError).toHaveBeenCalledOnce(), BUSY)
  })

  it('opens where this PC left it: the remembered place replaces centring, maximised before showing', () => {
    createMainWindow({
      BrowserWindow: FakeCtor,
      preloadPath: '/p.js',
      packaged: true,
      location: { rendererRoot: '/app/out/renderer', devServerOrigin: null },
      place: { width: 1100, height: 650, x: 40, y: 30 },
      maximize: true
    })
    const win = FakeWindow.last!
    expect(win.options).toMatchObject({ width: 1100, height: 650, x: 40, y: 30, center: false, show: false })
    win.emitReady()
    expect(win.calls.slice(-2)).toEqual(['maximize', 'show'])
  })

  it('a remembered size without a position stays centred', () => {
    createMainWindow({
      BrowserWindow: FakeCtor,
      preloadPath: '/p.js',
      packaged: true,
      location: { rendererRoot: '/app/out/renderer', devServerOrigin: null },
      place: { width: 1100, height: 650 }
    })
    const win = FakeWindow.last!
    expect(win.options).toMatchObject({ width: 1100, height: 650, center: true })
    expect(win.options).not.toHaveProperty('x')
    win.emitReady()
    expect(win.calls).not.toContain('maximize')
  })
})
