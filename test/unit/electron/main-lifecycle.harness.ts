/**
 * Fakes of electron and the engine host for the main-process lifecycle tests, shared by their files.
 * Importing this registers the mocks and the per-test setup in the importing test file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import { afterEach, beforeEach, expect, type Mock, vi } from 'vitest'

import type { Result } from '../../../shared/api/result'
import { BUSY } from '../helpers/busy'
export { BUSY } from '../helpers/busy'

type Fn = (...args: unknown[]) => unknown

/** The window as the tests inspect it (the fake class below has more). */
export interface FakeWindowShape {
  options: unknown
  destroyed: boolean
  minimized: boolean
  listeners: Map<string, Fn>
  webContents: {
    id: number
    mainFrame: { url: string; parent: null; frameToken: string }
    isDestroyed(): boolean
    send: Mock<Fn>
    on: Mock<Fn>
    setWindowOpenHandler: Mock<Fn>
    listeners: Map<string, Fn>
    zoom: number
    setZoomFactor: Mock<Fn>
    reload: Mock<Fn>
  }
  restore: Mock<Fn>
  focus: Mock<Fn>
  loadFile: Mock<Fn>
}

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
    class BrowserWindow {
      options: unknown
      destroyed = false
      minimized = false
      listeners = new Map<string, Fn>()
      webContents = {
        id: 1,
        mainFrame: { url: '', parent: null, frameToken: 'main' },
        isDestroyed: () => false,
        send: vi.fn<Fn>(),
        listeners: new Map<string, Fn>(),
        on: vi.fn((name: string, fn: Fn) => {
          this.webContents.listeners.set(name, fn)
          return this.webContents
        }),
        setWindowOpenHandler: vi.fn<Fn>(),
        zoom: 1,
        getZoomFactor: () => this.webContents.zoom,
        setZoomFactor: vi.fn((f: number) => {
          this.webContents.zoom = f
        }),
        reload: vi.fn<Fn>()
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
      restore = vi.fn<Fn>()
      maximize = vi.fn<Fn>()
      isMaximized = () => false
      getNormalBounds = () => ({ x: 50, y: 40, width: 1100, height: 640 })
      show = vi.fn<Fn>()
      focus = vi.fn<Fn>()
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
        dialog: { showErrorBox: vi.fn<Fn>(), showOpenDialog: vi.fn<Fn>(), showSaveDialog: vi.fn<Fn>() },
        ipcMain: {
          handle: vi.fn((channel: string, fn: Fn) => ipcHandlers.set(channel, fn)),
          removeHandler: vi.fn<Fn>()
        },
        safeStorage: {
          isAsyncEncryptionAvailable: async () => false,
          getSelectedStorageBackend: () => 'basic_text',
          encryptStringAsync: vi.fn<Fn>(),
          decryptStringAsync: vi.fn<Fn>()
        },
        session: {
          defaultSession: {
            setPermissionRequestHandler: vi.fn<Fn>(),
            setPermissionCheckHandler: vi.fn<Fn>(),
            setDevicePermissionHandler: vi.fn<Fn>(),
            webRequest: { onHeadersReceived: vi.fn<Fn>() }
          }
        },
        shell: { openExternal: vi.fn(async () => undefined) },
        Menu: {
          buildFromTemplate: vi.fn((template: unknown) => ({ template })),
          setApplicationMenu: vi.fn<Fn>()
        },
        screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1366, height: 728 } }] }
      }
    }
  }
  const engine = {
    instances: [] as { opts: { workerPath: string; init: { appVersion: string; defaultOperator: string }; onProgress: Fn } }[],
    probe: { ok: true, value: null } as Result<unknown>,
    call: vi.fn<Fn>(),
    stop: vi.fn<Fn>()
  }
  const host = { openDemoWorkspace: vi.fn<Fn>(), getAppInfo: vi.fn<Fn>(), deps: null as unknown }
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

export { h }

// Reassigned per test; the test files see the current folder through the live binding.
export let userData = ''
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

export async function loadMain(): Promise<void> {
  await import('../../../electron/main/index')
}

export async function startApp(): Promise<void> {
  await loadMain()
  h.fake.ready()
  await vi.waitFor(() => expect(h.fake.windows.length + h.fake.electron.dialog.showErrorBox.mock.calls.length).toBeGreaterThan(0), BUSY)
}

export const mainDir = resolve(import.meta.dirname, '../../../electron/main')
