import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it, vi } from 'vitest'

import { CHANNEL_SHELL } from '../../../shared/api/shell-events'
import { BUSY, h, startApp, userData } from './main-lifecycle.harness'

describe('electron main lifecycle', () => {
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

  it("sets the application menu in the app's language, dev tools only when unpackaged", async () => {
    await startApp()
    const { Menu } = h.fake.electron
    expect(Menu.setApplicationMenu).toHaveBeenCalledOnce()
    const template = Menu.buildFromTemplate.mock.calls[0]![0] as { id?: string; label?: string; submenu?: { id?: string }[] }[]
    expect(template.map((m) => m.label)).toEqual(['Berkas', 'Sunting', 'Tampilan', 'Bantuan'])
    expect(template[2]!.submenu!.map((i) => i.id)).toContain('dev-tools')
  })

  it('opens the window where this PC left it, restores its zoom on load, and saves both to userData', async () => {
    writeFileSync(
      join(userData, 'window-state.json'),
      JSON.stringify({ zoomFactor: 1.25, bounds: { x: 20, y: 10, width: 1200, height: 700 }, maximized: false })
    )
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
