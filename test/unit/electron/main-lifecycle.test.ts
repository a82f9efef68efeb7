import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { CHANNEL_INVOKE, CHANNEL_PROGRESS } from '../../../shared/api/contract'
import { h, loadMain, mainDir, startApp, userData } from './main-lifecycle.harness'

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
    expect(await invoke({ sender: { id: 1 }, senderFrame: null }, 'getAppInfo', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' }
    })

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
})
