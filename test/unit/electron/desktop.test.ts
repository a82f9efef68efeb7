import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { BrowserWindow, MenuItemConstructorOptions, MessageBoxOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'

import { aboutBox, appLicence, type DesktopDeps, errorMessage, installDesktop } from '../../../electron/main/desktop'
import { createPackageOpener, packagePathFromArgv } from '../../../electron/main/open-package'
import { DEFAULT_WINDOW_STATE, type WindowState } from '../../../electron/main/window-state'
import { fail, ok, type Result } from '../../../shared/api/result'
import { CHANNEL_SHELL } from '../../../shared/api/shell-events'
import { BUSY } from '../helpers/busy'

type Fn = (...args: unknown[]) => unknown

function fakeWindow() {
  const listeners = new Map<string, Fn>()
  const contentsListeners = new Map<string, Fn>()
  const contents = {
    zoom: 1,
    destroyed: false,
    getZoomFactor: () => contents.zoom,
    setZoomFactor: vi.fn((f: number) => {
      contents.zoom = f
    }),
    isDestroyed: () => contents.destroyed,
    send: vi.fn(),
    reload: vi.fn(),
    on: (name: string, fn: Fn) => contentsListeners.set(name, fn)
  }
  const win = {
    webContents: contents,
    maximized: false,
    on: (name: string, fn: Fn) => listeners.set(name, fn),
    getNormalBounds: () => ({ x: 10, y: 20, width: 1100, height: 650 }),
    isMaximized: () => win.maximized
  }
  return { win, contents, listeners, contentsListeners }
}

function setup(opts: { route?: DesktopDeps['route']; state?: WindowState; save?: (s: WindowState) => void } = {}) {
  const w = fakeWindow()
  const saved: WindowState[] = []
  const boxes: MessageBoxOptions[] = []
  const logged: string[] = []
  let template: MenuItemConstructorOptions[] = []
  const route = vi.fn(opts.route ?? (async () => ok(null)))
  const deps: DesktopDeps = {
    Menu: {
      buildFromTemplate: (t) => {
        template = t
        return { t }
      },
      setApplicationMenu: vi.fn()
    },
    showMessageBox: async (_w, options) => {
      boxes.push(options)
      return { response: 0 }
    },
    locale: 'id',
    isDev: false,
    window: () => w.win as unknown as BrowserWindow,
    route: route as DesktopDeps['route'],
    about: {
      version: '0.1.0',
      licence: 'UNLICENSED',
      userDataDir: 'C:\\Users\\op\\AppData\\Roaming\\Cermat',
      versions: { electron: '45.4.1', chrome: '156', node: '24' }
    },
    state: { current: opts.state ?? { ...DEFAULT_WINDOW_STATE }, save: opts.save ?? ((s) => saved.push(s)) },
    log: (m) => logged.push(m)
  }
  const desktop = installDesktop(deps)
  const click = (id: string): void => {
    const found = template.flatMap((m) => m.submenu as MenuItemConstructorOptions[]).find((i) => i.id === id)
    ;(found!.click as unknown as () => void)()
  }
  return { ...w, desktop, deps, saved, boxes, logged, route, click }
}

const workspace = { location: 'D:\\Data\\Kecamatan Godean' }

describe('installDesktop', () => {
  it('sets the menu once', () => {
    const s = setup()
    expect(s.deps.Menu.setApplicationMenu).toHaveBeenCalledOnce()
  })

  it('zoom from the menu sets the page zoom and saves it; Ctrl+wheel takes the same steps', () => {
    const s = setup()
    s.desktop.attach(s.win as unknown as BrowserWindow)
    s.click('zoom-in')
    s.click('zoom-in')
    expect(s.contents.zoom).toBe(1.25)
    s.contentsListeners.get('zoom-changed')!({}, 'out')
    expect(s.contents.zoom).toBe(1.1)
    s.click('zoom-reset')
    expect(s.saved.map((x) => x.zoomFactor)).toEqual([1.1, 1.25, 1.1, 1])
  })

  it("restores the kept zoom after every load and saves the window's place when it closes", () => {
    const s = setup({ state: { zoomFactor: 1.5, bounds: null, maximized: false } })
    s.desktop.attach(s.win as unknown as BrowserWindow)
    s.contentsListeners.get('did-finish-load')!()
    expect(s.contents.setZoomFactor).toHaveBeenCalledWith(1.5)
    s.win.maximized = true
    s.listeners.get('close')!()
    expect(s.saved.at(-1)).toEqual({ zoomFactor: 1.5, bounds: { x: 10, y: 20, width: 1100, height: 650 }, maximized: true })
  })

  it('a failed save is logged, never thrown', () => {
    const s = setup({
      save: () => {
        throw new Error('EPERM')
      }
    })
    s.desktop.attach(s.win as unknown as BrowserWindow)
    expect(() => s.click('zoom-in')).not.toThrow()
    expect(s.contents.zoom).toBe(1.1)
    expect(s.logged).toContain('saving window-state.json failed')
  })

  it("the window place comes from the kept state, fitted to today's screens", () => {
    const screen = [{ x: 0, y: 0, width: 1366, height: 728 }]
    const min = { width: 1000, height: 600 }
    expect(setup().desktop.windowPlace(screen, min)).toEqual({ maximize: false })
    const kept = setup({ state: { zoomFactor: 1, bounds: { x: 2000, y: 0, width: 1200, height: 700 }, maximized: true } })
    expect(kept.desktop.windowPlace(screen, min)).toEqual({ place: { width: 1200, height: 700 }, maximize: true })
  })

  it("Buka ruang kerja calls the host's chooseWorkspace and reloads the page to show it", async () => {
    const s = setup({ route: async () => ok(workspace) })
    s.click('workspace-open')
    await vi.waitFor(() => expect(s.contents.reload).toHaveBeenCalledOnce(), BUSY)
    expect(s.route).toHaveBeenCalledWith('chooseWorkspace', { mode: 'open' })
  })

  it('a cancelled folder dialog changes nothing', async () => {
    const s = setup({ route: async () => ok(null) })
    s.click('workspace-create')
    await vi.waitFor(() => expect(s.route).toHaveBeenCalledWith('chooseWorkspace', { mode: 'create' }), BUSY)
    await new Promise((resolve) => setImmediate(resolve)) // every pending continuation has run
    expect(s.contents.reload).not.toHaveBeenCalled()
    expect(s.boxes).toEqual([])
  })

  it('a folder that is no workspace is said in Indonesian, naming the folder', async () => {
    const s = setup({ route: async () => fail('WORKSPACE_NOT_FOUND', 'x', { location: 'D:\\Unduhan' }) })
    s.click('workspace-open')
    await vi.waitFor(() => expect(s.boxes).toHaveLength(1), BUSY)
    expect(s.boxes[0]).toMatchObject({ type: 'error', title: 'Ruang kerja tidak dapat dibuka' })
    expect(s.boxes[0]!.detail).toContain('D:\\Unduhan')
    expect(s.contents.reload).not.toHaveBeenCalled()
  })

  it('Tutup ruang kerja closes it through the host and reloads (the welcome screen)', async () => {
    const s = setup()
    s.click('workspace-close')
    await vi.waitFor(() => expect(s.contents.reload).toHaveBeenCalledOnce(), BUSY)
    expect(s.route).toHaveBeenCalledWith('closeWorkspace', {})
  })

  it('Tentang Cermat names the version, licence and where the data lives', async () => {
    const s = setup({ route: async (method) => (method === 'getWorkspace' ? ok(workspace) : ok(null)) as Result<unknown> })
    s.click('about')
    await vi.waitFor(() => expect(s.boxes).toHaveLength(1), BUSY)
    const box = s.boxes[0]!
    expect(box.title).toBe('Tentang Cermat')
    expect(box.message).toBe('Cermat versi 0.1.0')
    expect(box.detail).toContain('D:\\Data\\Kecamatan Godean')
    expect(box.detail).toContain('C:\\Users\\op\\AppData\\Roaming\\Cermat')
    expect(box.detail).toContain('UNLICENSED')
    expect(box.detail).toContain('Electron 45.4.1')
  })

  it('finding help and an opened package reach the page as typed events', () => {
    const s = setup()
    s.click('finding-help')
    s.desktop.notify('package.opened')
    expect(s.contents.send.mock.calls).toEqual([
      [CHANNEL_SHELL, 'help.findings'],
      [CHANNEL_SHELL, 'package.opened']
    ])
    s.contents.destroyed = true
    s.desktop.notify('package.opened')
    expect(s.contents.send).toHaveBeenCalledTimes(2)
  })
})

describe('about and errors', () => {
  it('the About box in English says no workspace is open', () => {
    const box = aboutBox(
      'en',
      { version: '1.2.3', licence: 'MIT', userDataDir: '/home/op/.config/Cermat', versions: { electron: '45', chrome: '156', node: '24' } },
      null
    )
    expect(box.message).toBe('Cermat version 1.2.3')
    expect(box.detail).toContain('Open workspace: none yet')
    expect(box.detail).toContain('Licence: MIT')
  })

  it("an error whose details do not fill the message falls back to the engine's own text", () => {
    expect(errorMessage('id', { code: 'WORKSPACE_NOT_FOUND', message: 'Ruang kerja tidak ditemukan.' })).toBe(
      'Ruang kerja tidak ditemukan.'
    )
    expect(errorMessage('en', { code: 'NO_WORKSPACE', message: 'x' })).toBe('No workspace is open yet.')
  })

  it('appLicence reads package.json, or says it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cermat-lic-'))
    try {
      expect(appLicence(dir)).toBe('—')
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ license: 'UNLICENSED' }))
      expect(appLicence(dir)).toBe('UNLICENSED')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('packages opened from the file manager', () => {
  it('takes the last .cermat argument, ignoring the executable and flags', () => {
    expect(packagePathFromArgv(['C:\\Program Files\\Cermat\\Cermat.exe', 'D:\\paket.CERMAT'])).toBe('D:\\paket.CERMAT')
    expect(packagePathFromArgv(['/opt/cermat', '--no-sandbox', '/a.cermat', '/b.cermat'])).toBe('/b.cermat')
    expect(packagePathFromArgv(['electron', '.', '--open-demo'])).toBeNull()
    expect(packagePathFromArgv(['x.cermat'])).toBeNull() // argv[0] is the program itself
    expect(packagePathFromArgv(['exe', '--file=/a.cermat'])).toBeNull()
    expect(packagePathFromArgv(['exe', '/paket.cermat.zip'])).toBeNull()
  })

  it('keeps the newest path for the viewer, once, and notifies each time', () => {
    const notify = vi.fn()
    const opener = createPackageOpener({ notify, log: () => undefined })
    expect(opener.take()).toBeNull()
    opener.open('/a.cermat')
    opener.open('/b.cermat')
    expect(notify).toHaveBeenCalledTimes(2)
    expect(opener.take()).toBe('/b.cermat')
    expect(opener.take()).toBeNull()
  })
})
