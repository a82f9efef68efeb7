import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'

import { type MenuActions, menuTemplate } from '../../../electron/main/menu'

function actions() {
  return {
    openWorkspace: vi.fn<MenuActions['openWorkspace']>(),
    closeWorkspace: vi.fn<MenuActions['closeWorkspace']>(),
    zoom: vi.fn<MenuActions['zoom']>(),
    openPackage: vi.fn<MenuActions['openPackage']>(),
    showFindingHelp: vi.fn<MenuActions['showFindingHelp']>(),
    showAbout: vi.fn<MenuActions['showAbout']>()
  }
}

function items(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions[] {
  return template.find((m) => m.id === id)!.submenu as MenuItemConstructorOptions[]
}

function item(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  for (const menu of template) {
    const found = (menu.submenu as MenuItemConstructorOptions[]).find((i) => i.id === id)
    if (found) return found
  }
  throw new Error(`no menu item ${id}`)
}

const click = (i: MenuItemConstructorOptions): void => (i.click as unknown as () => void)()

describe('menuTemplate', () => {
  it('speaks Indonesian: Berkas, Sunting, Tampilan, Bantuan', () => {
    const tpl = menuTemplate('id', false, actions())
    expect(tpl.map((m) => m.label)).toEqual(['Berkas', 'Sunting', 'Tampilan', 'Bantuan'])
    expect(
      items(tpl, 'file')
        .filter((i) => i.type !== 'separator')
        .map((i) => i.label)
    ).toEqual(['Buka ruang kerja…', 'Ruang kerja baru…', 'Tutup ruang kerja', 'Buka paket…', 'Keluar'])
    expect(
      items(tpl, 'edit')
        .filter((i) => i.type !== 'separator')
        .map((i) => i.label)
    ).toEqual(['Batalkan', 'Ulangi', 'Potong', 'Salin', 'Tempel', 'Pilih semua'])
    expect(
      items(tpl, 'view')
        .filter((i) => i.visible !== false && i.type !== 'separator')
        .map((i) => i.label)
    ).toEqual(['Perbesar', 'Perkecil', 'Ukuran asli', 'Layar penuh'])
    expect(
      items(tpl, 'help')
        .filter((i) => i.type !== 'separator')
        .map((i) => i.label)
    ).toEqual(['Penjelasan kode temuan', 'Tentang Cermat'])
  })

  it('and English when the app runs in English, with the same items', () => {
    const id = menuTemplate('id', true, actions())
    const en = menuTemplate('en', true, actions())
    expect(en.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help'])
    expect(item(en, 'about').label).toBe('About Cermat')
    const ids = (tpl: MenuItemConstructorOptions[]) =>
      tpl.flatMap((m) => (m.submenu as MenuItemConstructorOptions[]).map((i) => i.id ?? i.type))
    expect(ids(en)).toEqual(ids(id))
  })

  it('clipboard, undo in text boxes, full screen and quit are Electron roles', () => {
    const tpl = menuTemplate('id', false, actions())
    expect(['undo', 'redo', 'cut', 'copy', 'paste', 'select-all', 'full-screen', 'quit'].map((id) => item(tpl, id).role)).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'togglefullscreen',
      'quit'
    ])
  })

  it('dev tools and reload only in development', () => {
    const roles = (tpl: MenuItemConstructorOptions[]) => items(tpl, 'view').map((i) => i.role)
    expect(roles(menuTemplate('id', false, actions()))).not.toContain('toggleDevTools')
    expect(roles(menuTemplate('id', false, actions()))).not.toContain('reload')
    expect(roles(menuTemplate('id', true, actions()))).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']))
  })

  it('items that need the app call its actions', () => {
    const a = actions()
    const tpl = menuTemplate('id', false, a)
    click(item(tpl, 'workspace-open'))
    click(item(tpl, 'workspace-create'))
    expect(a.openWorkspace.mock.calls).toEqual([['open'], ['create']])
    click(item(tpl, 'workspace-close'))
    expect(a.closeWorkspace).toHaveBeenCalledOnce()
    for (const id of ['zoom-in', 'zoom-in-plus', 'zoom-in-numpad', 'zoom-out', 'zoom-out-numpad', 'zoom-reset', 'zoom-reset-numpad'])
      click(item(tpl, id))
    expect(a.zoom.mock.calls.map((c) => c[0])).toEqual(['in', 'in', 'in', 'out', 'out', 'reset', 'reset'])
    click(item(tpl, 'finding-help'))
    click(item(tpl, 'about'))
    expect(a.showFindingHelp).toHaveBeenCalledOnce()
    expect(a.showAbout).toHaveBeenCalledOnce()
  })

  it('zoom keys follow the browser: Ctrl+= / Ctrl+- / Ctrl+0, the extra keys hidden but working', () => {
    const tpl = menuTemplate('id', false, actions())
    expect(item(tpl, 'zoom-in').accelerator).toBe('CmdOrCtrl+=')
    expect(item(tpl, 'zoom-out').accelerator).toBe('CmdOrCtrl+-')
    expect(item(tpl, 'zoom-reset').accelerator).toBe('CmdOrCtrl+0')
    for (const id of ['zoom-in-plus', 'zoom-in-numpad', 'zoom-out-numpad', 'zoom-reset-numpad']) {
      expect(item(tpl, id)).toMatchObject({ visible: false, acceleratorWorksWhenHidden: true })
    }
    // No two items share a key.
    const keys = tpl.flatMap((m) => (m.submenu as MenuItemConstructorOptions[]).map((i) => i.accelerator).filter(Boolean))
    expect(new Set(keys).size).toBe(keys.length)
  })
})
