import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNEL_INVOKE, CHANNEL_PROGRESS } from '../../../shared/api/contract'
import type { Result } from '../../../shared/api/result'
import { CHANNEL_SHELL } from '../../../shared/api/shell-events'

// vi.waitFor gives up after 1 s by default: too short on a machine shared by many test runs.
const BUSY = { timeout: 30_000 }

type Fn = (...args: unknown[]) => unknown

/** Fresh fakes per test; the mocked modules read them through getters. */
const h = vi.hoisted(() => {
  const state = {
    fake: null as unknown as ReturnType<typeof makeFakes>,
    lock: true
  }
  function makeFakes(userData: string) {
    const appListeners = new Map<string, Fn[]>()
    const calls: string[] = []
    let ready: () => void = () => undefined
    const readyPromise = new Promise<void>((r) => (ready = r))
    const windows: FakeWindowShape[] = []
    interface FakeWindowShape {
      options: unknown
      destroyed: boolean
      minimized: boolean
      listeners: Map<string, Fn>
      webContents: {
        id: number
        mainFrame: { url: string; parent: null; frameToken: string }
        isDestroyed(): boolean
        send: ReturnType<typeof vi.fn>
        on: ReturnType<typeof vi.fn>
        setWindowOpenHandler: ReturnType<typeof vi.fn>
        listeners: Map<string, Fn>
        zoom: number
        setZoomFactor: ReturnType<typeof vi.fn>
        reload: ReturnType<typeof vi.fn>
      }
      restore: ReturnType<typeof vi.fn>
      focus: ReturnType<typeof vi.fn>
      loadFile: ReturnType<typeof vi.fn>
    }
    class BrowserWindow {
      options: unknown
      destroyed = false
      minimized = false
      listeners = new Map<string, Fn>()
      webContents = {
        id: 1,
        mainFrame: { url: '', parent: null, frameToken: 'main' },
        isDestroyed: () => false,
        send: vi.fn(),
        listeners: new Map<string, Fn>(),
        on: vi.fn((name: string, fn: Fn) => {
          this.webContents.listeners.set(name, fn)
          return this.webContents
        }),
        setWindowOpenHandler: vi.fn(),
        zoom: 1,
        getZoomFactor: () => this.webContents.zoom,
        setZoomFactor: vi.fn((f: number) => {
          this.webContents.zoom = f
        }),
        reload: vi.fn()
      }
      constructor(options: unknown) {
        this.options = options
        windows.push(this as unknown as FakeWindowShape)
      }
      once(name: string, fn: Fn) {
        this.listeners.set(name, fn)
      }
      on(name: string, fn: Fn) {
        this.listeners.set(name, fn)
      }
      isDestroyed() {
        return this.destroyed
      }
      isMinimized() {
        return this.minimized
      }
      restore = vi.fn()
      maximize = vi.fn()
      isMaximized = () => false
      getNormalBounds = () => ({ x: 50, y: 40, width: 1100, height: 640 })
      show = vi.fn()
      focus = vi.fn()
      loadURL = vi.fn(async () => undefined)
      loadFile = vi.fn(async (path: string) => {
        calls.push('loadFile')
        this.webContents.mainFrame.url = pathToFileURL(path).href
      })
    }
    const ipcHandlers = new Map<string, Fn>()
    return {
      calls,
      windows,
      appListeners,
      ipcHandlers,
      ready: () => ready(),
      emit(name: string, ...args: unknown[]) {
        for (const fn of appListeners.get(name) ?? []) fn(...args)
      },
      electron: {
        app: {
          isPackaged: false,
          enableSandbox: vi.fn(() => calls.push('enableSandbox')),
          requestSingleInstanceLock: vi.fn(() => {
            calls.push('lock')
            return state.lock
          }),
          quit: vi.fn(() => calls.push('quit')),
          on: vi.fn((name: string, fn: Fn) => {
            appListeners.set(name, [...(appListeners.get(name) ?? []), fn])
          }),
          whenReady: vi.fn(() => {
            calls.push('whenReady')
            return readyPromise
          }),
          getPath: vi.fn((name: string) => join(userData, name === 'userData' ? '' : name)),
          getVersion: () => '0.1.0',
          getLocale: () => 'id-ID',
          getAppPath: () => '/app'
        },
        BrowserWindow,
        dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
        ipcMain: {
          handle: vi.fn((channel: string, fn: Fn) => ipcHandlers.set(channel, fn)),
          removeHandler: vi.fn()
        },
        safeStorage: {
          isAsyncEncryptionAvailable: async () => false,
          getSelectedStorageBackend: () => 'basic_text',
          encryptStringAsync: vi.fn(),
          decryptStringAsync: vi.fn()
        },
        session: {
          defaultSession: {
            setPermissionRequestHandler: vi.fn(),
            setPermissionCheckHandler: vi.fn(),
            setDevicePermissionHandler: vi.fn(),
            webRequest: { onHeadersReceived: vi.fn() }
          }
        },
        shell: { openExternal: vi.fn(async () => undefined) },
        Menu: {
          buildFromTemplate: vi.fn((template: unknown) => ({ template })),
          setApplicationMenu: vi.fn()
        },
        screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1366, height: 728 } }] }
      }
    }
  }
  const engine = {
    instances: [] as { opts: { workerPath: string; init: { appVersion: string; defaultOperator: string }; onProgress: Fn } }[],
    probe: { ok: true, value: null } as Result<unknown>,
    call: vi.fn(),
    stop: vi.fn()
  }
  const host = { openDemoWorkspace: vi.fn(), getAppInfo: vi.fn(), deps: null as unknown }
  return Object.assign(state, { makeFakes, engine, host })
})

vi.mock('electron', () => ({
  get app() {
    return h.fake.electron.app
  },
  get BrowserWindow() {
    return h.fake.electron.BrowserWindow
  },
  get dialog() {
    return h.fake.electron.dialog
  },
  get ipcMain() {
    return h.fake.electron.ipcMain
  },
  get safeStorage() {
    return h.fake.electron.safeStorage
  },
  get session() {
    return h.fake.electron.session
  },
  get shell() {
    return h.fake.electron.shell
  },
  get Menu() {
    return h.fake.electron.Menu
  },
  get screen() {
    return h.fake.electron.screen
  }
}))

vi.mock('../../../electron/engine-host/client', () => ({
  EngineClient: class {
    constructor(opts: (typeof h.engine.instances)[number]['opts']) {
      h.engine.instances.push({ opts })
    }
    call(...args: unknown[]) {
      return h.engine.call(...args)
    }
    stop() {
      return h.engine.stop()
    }
  }
}))

vi.mock('../../../electron/engine-host/host', () => ({
  createHostHandlers: (deps: unknown) => {
    h.host.deps = deps
    return { openDemoWorkspace: h.host.openDemoWorkspace, getAppInfo: h.host.getAppInfo }
  }
}))

let userData = ''
let before = { exception: [] as NodeJS.UncaughtExceptionListener[], rejection: [] as NodeJS.UnhandledRejectionListener[] }

beforeEach(() => {
  vi.resetModules()
  userData = mkdtempSync(join(tmpdir(), 'cermat-main-'))
  h.lock = true
  h.fake = h.makeFakes(userData)
  h.engine.instances.length = 0
  h.engine.probe = { ok: true, value: null }
  h.engine.call.mockReset().mockImplementation(async () => h.engine.probe)
  h.engine.stop.mockReset().mockImplementation(async () => undefined)
  h.host.openDemoWorkspace.mockReset().mockImplementation(async () => {
    h.fake.calls.push('openDemo')
    return {}
  })
  h.host.getAppInfo.mockReset().mockImplementation(async () => ({ name: 'Cermat', version: '0.1.0', platform: 'test', locale: 'id' }))
  before = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') }
})

afterEach(() => {
  // main() adds process-wide handlers; remove them so tests do not pile them up.
  for (const l of process.listeners('uncaughtException')) if (!before.exception.includes(l)) process.off('uncaughtException', l)
  for (const l of process.listeners('unhandledRejection')) if (!before.rejection.includes(l)) process.off('unhandledRejection', l)
  rmSync(userData, { recursive: true, force: true })
})

async function loadMain(): Promise<void> {
  await import('../../../electron/main/index')
}

async function startApp(): Promise<void> {
  await loadMain()
  h.fake.ready()
  await vi.waitFor(() => expect(h.fake.windows.length + h.fake.electron.dialog.showErrorBox.mock.calls.length).toBeGreaterThan(0), BUSY)
}

const mainDir = resolve(import.meta.dirname, '../../../electron/main')

describe('electron main lifecycle', () => {
  it('quits at once when another instance holds the lock', async () => {
    h.lock = false
    await loadMain()
    expect(h.fake.calls).toEqual(['enableSandbox', 'lock', 'quit'])
    expect(h.fake.electron.app.whenReady).not.toHaveBeenCalled()
    expect(h.fake.appListeners.size).toBe(0)
  })

  it('enables the sandbox before anything waits for ready', async () => {
    await loadMain()
    expect(h.fake.calls.slice(0, 3)).toEqual(['enableSandbox', 'lock', 'whenReady'])
  })

  it('a second instance focuses (and restores) the first window', async () => {
    await startApp()
    const win = h.fake.windows[0]!
    win.minimized = true
    h.fake.emit('second-instance', {}, ['Cermat.exe'], 'C:\\')
    expect(win.restore).toHaveBeenCalled()
    expect(win.focus).toHaveBeenCalled()
  })

  it('on ready: engine, IPC, secured session, then the window loads out/renderer/index.html', async () => {
    await startApp()
    const [engine] = h.engine.instances
    expect(engine!.opts.workerPath).toBe(join(mainDir, 'engine-worker.js'))
    expect(engine!.opts.init.appVersion).toBe('0.1.0')
    expect(typeof engine!.opts.init.defaultOperator).toBe('string')
    expect(engine!.opts.init.defaultOperator.length).toBeGreaterThan(0)

    expect(h.fake.electron.ipcMain.handle).toHaveBeenCalledOnce()
    expect([...h.fake.ipcHandlers.keys()]).toEqual([CHANNEL_INVOKE])
    const ses = h.fake.electron.session.defaultSession
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledOnce()
    expect(ses.setPermissionCheckHandler).toHaveBeenCalledOnce()
    expect(ses.webRequest.onHeadersReceived).toHaveBeenCalledOnce()
    expect(h.fake.appListeners.has('web-contents-created')).toBe(true)

    const win = h.fake.windows[0]!
    const opts = win.options as { webPreferences: Record<string, unknown> }
    expect(opts.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: true })
    expect(opts.webPreferences.preload).toBe(resolve(mainDir, '../preload/index.js'))
    expect(win.loadFile).toHaveBeenCalledWith(join(mainDir, '../renderer/index.html'))
    expect(win.webContents.setWindowOpenHandler).toHaveBeenCalledOnce()

    const deps = h.host.deps as { userDataDir: string; demoDir: string; locale: string; osProtector: unknown }
    expect(deps.userDataDir).toBe(join(userData, ''))
    expect(deps.demoDir).toBe(join('/app', 'resources', 'demo'))
    expect(deps.locale).toBe('id')
    expect(deps.osProtector).toBeNull()
  })

  it('answers IPC from the window and refuses other senders; progress reaches the window', async () => {
    await startApp()
    const win = h.fake.windows[0]!
    const invoke = h.fake.ipcHandlers.get(CHANNEL_INVOKE)!
    const trusted = { sender: { id: win.webContents.id }, senderFrame: win.webContents.mainFrame }
    expect(await invoke(trusted, 'getAppInfo', {})).toMatchObject({ ok: true, value: { name: 'Cermat' } })
    const other = { sender: { id: 99 }, senderFrame: win.webContents.mainFrame }
    expect(await invoke(other, 'getAppInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(await invoke({ sender: { id: 1 }, senderFrame: null }, 'getAppInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })

    const event = { taskId: 't', phase: 'parse', done: 1, total: 2 }
    h.engine.instances[0]!.opts.onProgress(event)
    expect(win.webContents.send).toHaveBeenCalledWith(CHANNEL_PROGRESS, event)
    win.destroyed = true
    h.engine.instances[0]!.opts.onProgress(event)
    expect(win.webContents.send).toHaveBeenCalledOnce()
  })

  it('--open-demo opens the demo workspace before the window loads', async () => {
    process.argv.push('--open-demo')
    try {
      await startApp()
    } finally {
      process.argv.splice(process.argv.indexOf('--open-demo'), 1)
    }
    expect(h.host.openDemoWorkspace).toHaveBeenCalledOnce()
    expect(h.fake.calls.indexOf('openDemo')).toBeLessThan(h.fake.calls.indexOf('loadFile'))
  })

  it('without --open-demo the demo is not opened', async () => {
    await startApp()
    expect(h.host.openDemoWorkspace).not.toHaveBeenCalled()
  })

  it('window-all-closed quits (on every platform)', async () => {
    await startApp()
    h.fake.emit('window-all-closed')
    expect(h.fake.electron.app.quit).toHaveBeenCalledOnce()
  })

  it('before-quit stops the engine once, then quits for real', async () => {
    await startApp()
    let finish: () => void = () => undefined
    h.engine.stop.mockImplementation(() => new Promise<void>((r) => (finish = r)))
    const first = { preventDefault: vi.fn() }
    h.fake.emit('before-quit', first)
    expect(first.preventDefault).toHaveBeenCalledOnce()
    expect(h.engine.stop).toHaveBeenCalledOnce()

    const second = { preventDefault: vi.fn() }
    h.fake.emit('before-quit', second)
    expect(second.preventDefault).toHaveBeenCalledOnce()
    expect(h.engine.stop).toHaveBeenCalledOnce()
    expect(h.fake.electron.app.quit).not.toHaveBeenCalled()

    finish()
    await vi.waitFor(() => expect(h.fake.electron.app.quit).toHaveBeenCalledOnce(), BUSY)
    const last = { preventDefault: vi.fn() }
    h.fake.emit('before-quit', last)
    expect(last.preventDefault).not.toHaveBeenCalled()
    expect(h.engine.stop).toHaveBeenCalledOnce()
  })

  it('before-quit still quits when stopping the engine fails', async () => {
    await startApp()
    h.engine.stop.mockImplementation(async () => {
      throw new Error('worker gone')
    })
    h.fake.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(h.fake.electron.app.quit).toHaveBeenCalledOnce(), BUSY)
  })

  it('shows an Indonesian error box, logs the details to userData/logs, and quits when the engine cannot start', async () => {
    h.engine.probe = { ok: false, error: { code: 'ENGINE_UNAVAILABLE', message: 'Mesin data berhenti tak terduga.' } }
    await startApp()
    expect(h.fake.windows).toHaveLength(0)
    const box = h.fake.electron.dialog.showErrorBox
    expect(box).toHaveBeenCalledOnce()
    const [title, body] = box.mock.calls[0] as [string, string]
    expect(title).toBe('Cermat tidak dapat dimulai')
    expect(body).toContain('Mesin data Cermat gagal dijalankan')
    expect(body).not.toMatch(/\bat .*:\d+:\d+/) // no stack trace for the operator
    expect(h.fake.electron.app.quit).toHaveBeenCalled()
    const logged = readFileSync(join(userData, 'logs', 'main.log'), 'utf8')
    expect(logged).toContain('startup failed')
    expect(logged).toContain('engine worker did not start')
  })

  it('sets the application menu in the app\'s language, dev tools only when unpackaged', async () => {
    await startApp()
    const { Menu } = h.fake.electron
    expect(Menu.setApplicationMenu).toHaveBeenCalledOnce()
    const template = Menu.buildFromTemplate.mock.calls[0]![0] as { id?: string; label?: string; submenu?: { id?: string }[] }[]
    expect(template.map((m) => m.label)).toEqual(['Berkas', 'Sunting', 'Tampilan', 'Bantuan'])
    expect(template[2]!.submenu!.map((i) => i.id)).toContain('dev-tools')
  })

  it('opens the window where this PC left it, restores its zoom on load, and saves both to userData', async () => {
    writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ zoomFactor: 1.25, bounds: { x: 20, y: 10, width: 1200, height: 700 }, maximized: false }))
    await startApp()
    const win = h.fake.windows[0]!
    expect(win.options).toMatchObject({ x: 20, y: 10, width: 1200, height: 700, center: false })
    win.webContents.listeners.get('did-finish-load')!()
    expect(win.webContents.setZoomFactor).toHaveBeenLastCalledWith(1.25)

    const template = h.fake.electron.Menu.buildFromTemplate.mock.calls[0]![0] as { submenu: { id?: string; click?: () => void }[] }[]
    template[2]!.submenu.find((i) => i.id === 'zoom-in')!.click!()
    expect(win.webContents.setZoomFactor).toHaveBeenLastCalledWith(1.5)
    win.listeners.get('close')!()
    const saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as Record<string, unknown>
    expect(saved).toMatchObject({ zoomFactor: 1.5, bounds: { x: 50, y: 40, width: 1100, height: 640 }, maximized: false })
  })

  it('a .cermat package from a second launch is kept for the viewer and announced to the page', async () => {
    await startApp()
    const win = h.fake.windows[0]!
    h.fake.emit('second-instance', {}, ['Cermat.exe', '--flag', 'D:\\kiriman\\paket-sumberadi.cermat'], 'C:\\')
    expect(win.webContents.send).toHaveBeenCalledWith(CHANNEL_SHELL, 'package.opened')
    expect(readFileSync(join(userData, 'logs', 'main.log'), 'utf8')).toContain('paket-sumberadi.cermat')
    // macOS hands files over with 'open-file', registered before ready.
    const event = { preventDefault: vi.fn() }
    h.fake.emit('open-file', event, '/Users/op/paket.cermat')
    expect(event.preventDefault).toHaveBeenCalledOnce()
    expect(win.webContents.send).toHaveBeenCalledTimes(2)
  })
})

