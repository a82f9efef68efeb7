/**
 * Electron main: app lifecycle and wiring only. The decisions live in tested modules
 * (window.ts, security.ts, ipc.ts, os-protector.ts, engine-host/*); this file connects them.
 */
import { createHash } from 'node:crypto'
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { availableParallelism, userInfo } from 'node:os'
import { join } from 'node:path'

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  type IpcMainInvokeEvent,
  Menu,
  type OpenDialogOptions,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess
} from 'electron'

import { createRouter } from '../../shared/api/router'
import type { Locale } from '../../shared/api/types'
import { EngineClient } from '../engine-host/client'
import { createHostHandlers, type Dialogs } from '../engine-host/host'
import { ParsePool, poolSize } from '../engine-host/parse-pool'
import { workspaceDataKey } from '../engine-host/workspace-key'
import { appLicence, type Desktop, installDesktop } from './desktop'
import { progressSender, registerIpc } from './ipc'
import { createPackageOpener, packagePathFromArgv } from './open-package'
import { safeStorageProtector } from './os-protector'
import { utilityParser } from './parse-utility'
import { guardSession, guardWebContents, installSecurity, isTrustedSender, type SecurityOptions } from './security'
import { type AppLocation, createMainWindow, devServerOrigin, mainWindowOptions } from './window'
import { readWindowState, writeWindowState } from './window-state-file'

/** A final snapshot normally takes well under this; the journal keeps data safe if it does not. */
const STOP_TIMEOUT_MS = 20_000
const LOG_MAX_BYTES = 2 * 1024 * 1024

function logDir(): string {
  return join(app.getPath('userData'), 'logs')
}

/** Details (stacks included) go to userData/logs/main.log only, never to the operator. */
function log(message: string, err?: unknown): void {
  try {
    const dir = logDir()
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'main.log')
    try {
      if (statSync(file).size > LOG_MAX_BYTES) renameSync(file, join(dir, 'main.1.log'))
    } catch {
      // No log file yet.
    }
    const detail = err === undefined ? '' : `\n  ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`
    appendFileSync(file, `${new Date().toISOString()} ${message}${detail}\n`)
  } catch {
    // Logging must never take the app down.
  }
}

function operatorName(): string {
  try {
    return userInfo().username || 'operator'
  } catch {
    return 'operator'
  }
}

function localeOf(appLocale: string): Locale {
  return appLocale.toLowerCase().startsWith('en') ? 'en' : 'id'
}

const TEXT = {
  id: {
    openTitle: 'Buka ruang kerja',
    createTitle: 'Pilih folder untuk ruang kerja baru',
    saveTitle: 'Simpan paket',
    savePdfTitle: 'Simpan berita acara',
    packageFilter: 'Paket Cermat',
    saveXlsxTitle: 'Simpan daftar perbaikan',
    xlsxFilter: 'Buku kerja Excel',
    failTitle: 'Cermat tidak dapat dimulai',
    failBody: (dir: string) =>
      `Mesin data Cermat gagal dijalankan. Data yang sudah tersimpan tetap aman.\n\nTutup lalu buka Cermat sekali lagi. Jika masalah berulang, hubungi petugas TI dan sertakan berkas log dari folder:\n${dir}`
  },
  en: {
    openTitle: 'Open workspace',
    createTitle: 'Choose a folder for the new workspace',
    saveTitle: 'Save package',
    savePdfTitle: 'Save berita acara',
    packageFilter: 'Cermat package',
    saveXlsxTitle: 'Save the list of corrections',
    xlsxFilter: 'Excel workbook',
    failTitle: 'Cermat cannot start',
    failBody: (dir: string) =>
      `The Cermat data engine failed to start. Data already saved is safe.\n\nClose and open Cermat again. If it happens again, contact IT support with the log files from:\n${dir}`
  }
} as const

function main(): void {
  // Without these, Electron shows uncaught errors (with stacks) in a dialog; they go to the log.
  process.on('uncaughtException', (err) => log('uncaughtException', err))
  process.on('unhandledRejection', (err) => log('unhandledRejection', err))

  // Every renderer sandboxed, before 'ready' (required by enableSandbox).
  app.enableSandbox()

  if (!app.requestSingleInstanceLock()) {
    // Two instances would fight over the workspace lock; the first one gets focused instead.
    app.quit()
    return
  }

  let win: BrowserWindow | null = null
  let engine: EngineClient | null = null
  let quitState: 'running' | 'stopping' | 'stopped' = 'running'
  const liveWindow = (): BrowserWindow | null => (win && !win.isDestroyed() ? win : null)
  let desktop: Desktop | null = null
  // A .cermat package from the file manager: argv now or from a second launch, 'open-file' on macOS.
  const packages = createPackageOpener({ notify: () => desktop?.notify('package.opened'), log })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    packages.open(path)
  })

  app.on('second-instance', (_event, argv) => {
    const opened = packagePathFromArgv(argv)
    if (opened) packages.open(opened)
    const w = liveWindow()
    if (!w) return
    if (w.isMinimized()) w.restore()
    w.show()
    w.focus()
  })

  // Windows-first app: closing the window ends it on every platform (also macOS).
  app.on('window-all-closed', () => app.quit())

  // The engine's final snapshot must finish before the process ends; quit again afterwards.
  app.on('before-quit', (event) => {
    if (quitState === 'stopped' || !engine) return
    event.preventDefault()
    if (quitState === 'stopping') return
    quitState = 'stopping'
    const stopping = engine.stop().catch((err: unknown) => log('engine stop failed', err))
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref())
    void Promise.race([stopping, timeout]).then(() => {
      quitState = 'stopped'
      app.quit()
    })
  })

  app.on('render-process-gone', (_event, _contents, details) => log(`renderer gone: ${details.reason} (${details.exitCode})`))
  app.on('child-process-gone', (_event, details) => log(`child process gone: ${details.type} ${details.reason}`))

  async function start(): Promise<void> {
    const packaged = app.isPackaged
    const location: AppLocation = {
      rendererRoot: join(__dirname, '../renderer'),
      devServerOrigin: devServerOrigin(process.env.ELECTRON_RENDERER_URL, packaged)
    }
    const security: SecurityOptions = { location, openExternal: (url) => shell.openExternal(url) }
    guardSession(session.defaultSession, security)
    // Every WebContents (ours and any that might appear later) gets the navigation guards.
    app.on('web-contents-created', (_event, contents) => guardWebContents(contents, security))

    const locale = localeOf(app.getLocale())
    const text = TEXT[locale]
    const osProtector = await safeStorageProtector(safeStorage, process.platform)
    // Village files are read in utility processes with a heap cap and a time limit (docs/security.md).
    const parser = new ParsePool({
      start: utilityParser((path, args, options) => utilityProcess.fork(path, args, options), join(__dirname, 'parse-child.js')),
      sha256: (data) => createHash('sha256').update(data).digest('hex'),
      size: poolSize(availableParallelism())
    })
    app.on('will-quit', () => parser.close())
    const client = new EngineClient({
      parser,
      workerPath: join(__dirname, 'engine-worker.js'),
      init: { appVersion: app.getVersion(), defaultOperator: operatorName() },
      onProgress: progressSender(() => liveWindow()?.webContents ?? null),
      // The data key wrapped by safeStorage (DPAPI); where the OS cannot protect it, the passphrase typed in the
      // unlock dialog (or CERMAT_PASSPHRASE); the recovery code when the operator gives one.
      dataKey: (where, unlock) =>
        workspaceDataKey(where, {
          os: osProtector,
          passphrase: async () => unlock?.passphrase ?? process.env.CERMAT_PASSPHRASE,
          recoveryCode: async () => unlock?.recoveryCode
        })
    })
    engine = client

    const probe = await client.call('getWorkspace', {})
    if (!probe.ok && probe.error.code === 'ENGINE_UNAVAILABLE') throw new Error(`engine worker did not start: ${probe.error.message}`)

    const dialogs: Dialogs = {
      async chooseFolder(mode) {
        const options: OpenDialogOptions = {
          title: mode === 'open' ? text.openTitle : text.createTitle,
          properties: ['openDirectory', 'createDirectory', 'dontAddToRecent']
        }
        const w = liveWindow()
        const picked = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options)
        return picked.canceled ? null : (picked.filePaths[0] ?? null)
      },
      async saveFile(defaultName) {
        // The kind of file follows from the suggested name: a package (.zip) or a daftar perbaikan (.xlsx).
        const xlsx = defaultName.endsWith('.xlsx')
        const pdf = defaultName.endsWith('.pdf')
        const options = {
          title: xlsx ? text.saveXlsxTitle : pdf ? text.savePdfTitle : text.saveTitle,
          defaultPath: join(app.getPath('documents'), defaultName),
          filters: [
            xlsx
              ? { name: text.xlsxFilter, extensions: ['xlsx'] }
              : pdf
                ? { name: 'PDF', extensions: ['pdf'] }
                : { name: text.packageFilter, extensions: ['zip'] }
          ]
        }
        const w = liveWindow()
        const picked = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
        return picked.canceled || !picked.filePath ? null : picked.filePath
      }
    }

    const host = createHostHandlers({
      engine: client,
      dialogs,
      userDataDir: app.getPath('userData'),
      // electron-builder copies resources/demo to <resources>/demo (extraResources).
      demoDir: packaged ? join(process.resourcesPath, 'demo') : join(app.getAppPath(), 'resources', 'demo'),
      appVersion: app.getVersion(),
      platform: process.platform,
      locale,
      osProtector,
      now: () => new Date(),
      takeOpenedPackage: () => packages.take(),
      notify: (event) => desktop?.notify(event)
    })
    const route = createRouter({ host, engine: (method, args) => client.call(method, args) })
    registerIpc<IpcMainInvokeEvent>({
      ipcMain,
      route,
      isTrustedSender: (event) => isTrustedSender(event, liveWindow()?.webContents ?? null, location),
      log
    })

    // `npm start` passes --open-demo: the renderer then finds the demo open via getWorkspace.
    if (process.argv.includes('--open-demo')) {
      await host.openDemoWorkspace({}).catch((err: unknown) => log('open demo workspace failed', err))
    }

    const userData = app.getPath('userData')
    desktop = installDesktop({
      Menu,
      showMessageBox: (w, options) => (w ? dialog.showMessageBox(w, options) : dialog.showMessageBox(options)),
      locale,
      isDev: !packaged,
      window: liveWindow,
      route,
      about: {
        version: app.getVersion(),
        licence: appLicence(app.getAppPath()),
        userDataDir: userData,
        versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node }
      },
      state: { current: readWindowState(userData), save: (state) => writeWindowState(userData, state) },
      log,
      choosePackage: async () => {
        const options = { properties: ['openFile' as const], filters: [{ name: text.packageFilter, extensions: ['cermat', 'zip'] }] }
        const w = liveWindow()
        const picked = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options)
        if (!picked.canceled && picked.filePaths[0]) packages.open(picked.filePaths[0])
      }
    })
    const minimum = mainWindowOptions('', { packaged })
    const placed = desktop.windowPlace(
      screen.getAllDisplays().map((d) => d.workArea),
      { width: minimum.minWidth ?? 0, height: minimum.minHeight ?? 0 }
    )
    const opened = packagePathFromArgv(process.argv)
    if (opened) packages.open(opened)

    win = createMainWindow({
      ...placed,
      BrowserWindow,
      preloadPath: join(__dirname, '../preload/index.js'),
      packaged,
      location,
      // Already covered by web-contents-created; explicit (and idempotent) for the window that matters.
      prepare: (w) => installSecurity(session.defaultSession, w.webContents, security),
      onLoadError: (err) => log('loading the app page failed', err)
    })
    desktop.attach(win)
    win.on('closed', () => {
      win = null
    })
  }

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log('startup failed', err)
      const text = TEXT[localeOf(app.getLocale())]
      dialog.showErrorBox(text.failTitle, text.failBody(logDir()))
      app.quit()
    })
}

main()
