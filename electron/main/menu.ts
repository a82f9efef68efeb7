/**
 * The application menu as a pure function of (locale, isDev, actions): every label comes from the
 * catalogues, so the menu speaks the app's language, and unit tests read the template without
 * Electron. Clipboard and undo in text boxes, full screen and dev tools are Electron roles; what
 * needs the app (workspaces, zoom kept per PC, About, help) calls the actions given.
 */
import type { MenuItemConstructorOptions } from 'electron'

import type { Locale } from '../../shared/api/types'
import { t } from '../../shared/i18n'
import type { ZoomStep } from './window-state'

export interface MenuActions {
  openWorkspace(mode: 'open' | 'create'): void
  closeWorkspace(): void
  zoom(step: ZoomStep): void
  /** Buka paket…: a native file dialog, then the package viewer (as from the file manager). */
  openPackage(): void
  showFindingHelp(): void
  showAbout(): void
}

export function menuTemplate(locale: Locale, isDev: boolean, actions: MenuActions): MenuItemConstructorOptions[] {
  const l = (key: Parameters<typeof t>[1]): string => t(locale, key)
  const view: MenuItemConstructorOptions[] = [
    { id: 'zoom-in', label: l('menu.view.zoomIn'), accelerator: 'CmdOrCtrl+=', click: () => actions.zoom('in') },
    // Chromium's other zoom keys (Ctrl and the + of the number row with Shift, the keypad): same item, not shown twice.
    {
      id: 'zoom-in-plus',
      label: l('menu.view.zoomIn'),
      accelerator: 'CmdOrCtrl+Plus',
      visible: false,
      acceleratorWorksWhenHidden: true,
      click: () => actions.zoom('in')
    },
    {
      id: 'zoom-in-numpad',
      label: l('menu.view.zoomIn'),
      accelerator: 'CmdOrCtrl+numadd',
      visible: false,
      acceleratorWorksWhenHidden: true,
      click: () => actions.zoom('in')
    },
    { id: 'zoom-out', label: l('menu.view.zoomOut'), accelerator: 'CmdOrCtrl+-', click: () => actions.zoom('out') },
    {
      id: 'zoom-out-numpad',
      label: l('menu.view.zoomOut'),
      accelerator: 'CmdOrCtrl+numsub',
      visible: false,
      acceleratorWorksWhenHidden: true,
      click: () => actions.zoom('out')
    },
    { id: 'zoom-reset', label: l('menu.view.zoomReset'), accelerator: 'CmdOrCtrl+0', click: () => actions.zoom('reset') },
    {
      id: 'zoom-reset-numpad',
      label: l('menu.view.zoomReset'),
      accelerator: 'CmdOrCtrl+num0',
      visible: false,
      acceleratorWorksWhenHidden: true,
      click: () => actions.zoom('reset')
    },
    { type: 'separator' },
    { id: 'full-screen', role: 'togglefullscreen', label: l('menu.view.fullScreen') }
  ]
  if (isDev) {
    // Only an unpackaged run: the packaged window has devTools off anyway (window.ts).
    view.push(
      { type: 'separator' },
      { id: 'reload', role: 'reload', label: l('menu.view.reload') },
      { id: 'dev-tools', role: 'toggleDevTools', label: l('menu.view.devTools') }
    )
  }
  return [
    {
      id: 'file',
      label: l('menu.file'),
      submenu: [
        { id: 'workspace-open', label: l('menu.file.open'), accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace('open') },
        { id: 'workspace-create', label: l('menu.file.create'), click: () => actions.openWorkspace('create') },
        { id: 'workspace-close', label: l('menu.file.close'), click: () => actions.closeWorkspace() },
        { type: 'separator' },
        { id: 'package-open', label: l('menu.file.openPackage'), click: () => actions.openPackage() },
        { type: 'separator' },
        // role 'quit' goes through before-quit, where the engine writes its final snapshot.
        { id: 'quit', role: 'quit', label: l('menu.file.quit') }
      ]
    },
    {
      id: 'edit',
      label: l('menu.edit'),
      // Roles act on the focused text box; the review's own Ctrl+Z/Ctrl+Y (engine undo) handles the key first.
      submenu: [
        { id: 'undo', role: 'undo', label: l('menu.edit.undo') },
        { id: 'redo', role: 'redo', label: l('menu.edit.redo') },
        { type: 'separator' },
        { id: 'cut', role: 'cut', label: l('menu.edit.cut') },
        { id: 'copy', role: 'copy', label: l('menu.edit.copy') },
        { id: 'paste', role: 'paste', label: l('menu.edit.paste') },
        { id: 'select-all', role: 'selectAll', label: l('menu.edit.selectAll') }
      ]
    },
    { id: 'view', label: l('menu.view'), submenu: view },
    {
      id: 'help',
      label: l('menu.help'),
      submenu: [
        { id: 'finding-help', label: l('menu.help.findings'), accelerator: 'F1', click: () => actions.showFindingHelp() },
        { type: 'separator' },
        { id: 'about', label: l('menu.help.about'), click: () => actions.showAbout() }
      ]
    }
  ]
}
