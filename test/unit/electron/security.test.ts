import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import type { Session, WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'

import {
  ALLOWED_PERMISSIONS,
  CONTENT_SECURITY_POLICY,
  CSP_META,
  cspHeadersListener,
  EXTERNAL_ALLOW_LIST,
  type FrameLike,
  frameNavigationGuard,
  installSecurity,
  isAppPage,
  isAppUrl,
  isExternalAllowed,
  isTrustedSender,
  navigationGuard,
  permissionCheckHandler,
  permissionRequestHandler,
  type SenderEventLike,
  type TrustedWindow,
  windowOpenHandler
} from '../../../electron/main/security'
import type { AppLocation } from '../../../electron/main/window'

vi.mock('electron', () => {
  throw new Error('electron must not be loaded by security.ts')
})

const root = resolve('/app/out/renderer')
const loc: AppLocation = { rendererRoot: root, devServerOrigin: null }
const fileUrl = (p: string) => pathToFileURL(p).href
const indexUrl = fileUrl(join(root, 'index.html'))
const rootHref = fileUrl(root) // file:///app/out/renderer (no trailing slash)

const APP_URLS = [
  indexUrl,
  `${indexUrl}#/review`,
  `${indexUrl}?x=1`,
  fileUrl(join(root, 'assets', 'index-abc123.js')),
  `${rootHref}/assets/sql-wasm.wasm`
]

const FOREIGN_URLS = [
  'file:///etc/passwd',
  fileUrl(resolve(root, '..', 'main', 'index.js')),
  `${rootHref}/../main/index.js`,
  `${rootHref}/%2e%2e/main/index.js`,
  `${rootHref}/%2E%2E/%2e%2e/secret.txt`,
  `${rootHref}/assets/..%2f..%2fmain/index.js`,
  `${rootHref}-evil/index.html`,
  `${rootHref}/`,
  `${rootHref}/index.html%00.png`,
  `file://evil-host${new URL(indexUrl).pathname}`,
  'http://localhost:5173/',
  'http://cekbansos.kemensos.go.id/',
  'https://cekbansos.kemensos.go.id/',
  'https://example.com/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'chrome://gpu',
  'devtools://devtools/bundled/inspector.html',
  'blob:file:///0000',
  '',
  'not a url'
]

describe('isAppUrl', () => {
  it.each(APP_URLS)('accepts %s', (url) => {
    expect(isAppUrl(url, root)).toBe(true)
  })

  it.each(FOREIGN_URLS)('refuses %s', (url) => {
    expect(isAppUrl(url, root)).toBe(false)
  })

  it('accepts the dev server only by exact origin, when configured', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', root, 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', root, 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/', root, 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('https://localhost:5173/', root, 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('http://localhost:5173/', root)).toBe(false)
  })
})

describe('isAppPage', () => {
  it('is index.html only, with any hash or query', () => {
    expect(isAppPage(indexUrl, loc)).toBe(true)
    expect(isAppPage(`${indexUrl}#/x`, loc)).toBe(true)
    expect(isAppPage(fileUrl(join(root, 'assets', 'index.js')), loc)).toBe(false)
    expect(isAppPage(`${rootHref}/%2e%2e/renderer/index.html`, loc)).toBe(true) // folds back to the same file
    for (const url of FOREIGN_URLS) expect(isAppPage(url, loc)).toBe(false)
  })
})

function navEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() }
}

describe('navigationGuard', () => {
  it.each([...FOREIGN_URLS, fileUrl(join(root, 'assets', 'index.js'))])('prevents navigation to %s', (url) => {
    const open = vi.fn(() => Promise.resolve())
    const e = navEvent(url)
    navigationGuard(loc, open)(e)
    expect(e.preventDefault).toHaveBeenCalledOnce()
  })

  it('lets the app page itself load', () => {
    const e = navEvent(`${indexUrl}#/start`)
    navigationGuard(loc)(e)
    expect(e.preventDefault).not.toHaveBeenCalled()
  })

  it('prevents an allow-listed link too, and hands it to the default browser', () => {
    const open = vi.fn(() => Promise.resolve())
    const e = navEvent('https://cekbansos.kemensos.go.id/')
    navigationGuard(loc, open)(e)
    expect(e.preventDefault).toHaveBeenCalledOnce()
    expect(open).toHaveBeenCalledWith('https://cekbansos.kemensos.go.id/')
  })

  it('prevents a subframe leaving the app, leaves main-frame decisions to will-navigate', () => {
    const sub = navEvent('https://example.com/', false)
    frameNavigationGuard(loc)(sub)
    expect(sub.preventDefault).toHaveBeenCalledOnce()
    const main = navEvent('https://example.com/', true)
    frameNavigationGuard(loc)(main)
    expect(main.preventDefault).not.toHaveBeenCalled()
    const own = navEvent(fileUrl(join(root, 'assets', 'x.html')), false)
    frameNavigationGuard(loc)(own)
    expect(own.preventDefault).not.toHaveBeenCalled()
  })
})

describe('windowOpenHandler and the external allow-list', () => {
  const allowed = ['https://cekbansos.kemensos.go.id/', 'https://cekbansos.kemensos.go.id/?nik=1', 'https://siks.kemensos.go.id/login']
  const refused = [
    'http://cekbansos.kemensos.go.id/',
    'https://cekbansos.kemensos.go.id.evil.example/',
    'https://evil.example/?https://cekbansos.kemensos.go.id',
    'https://user:pw@cekbansos.kemensos.go.id/',
    'https://cekbansos.kemensos.go.id:8443/',
    'https://kemensos.go.id/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,x',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    indexUrl,
    ''
  ]

  it('always denies a new window', () => {
    const open = vi.fn(() => Promise.resolve())
    for (const url of [...allowed, ...refused]) expect(windowOpenHandler(open)({ url })).toEqual({ action: 'deny' })
  })

  it('opens only allow-listed https links externally', async () => {
    const open = vi.fn(() => Promise.resolve())
    const handler = windowOpenHandler(open)
    for (const url of [...allowed, ...refused]) handler({ url })
    expect(open.mock.calls.map((c) => (c as unknown[])[0])).toEqual(allowed)
  })

  it('survives a failing openExternal', async () => {
    const open = vi.fn(() => Promise.reject(new Error('no browser')))
    expect(windowOpenHandler(open)({ url: allowed[0]! })).toEqual({ action: 'deny' })
    await Promise.resolve()
  })

  it('lists https origins only', () => {
    for (const origin of EXTERNAL_ALLOW_LIST) expect(new URL(origin).origin).toBe(origin)
    for (const origin of EXTERNAL_ALLOW_LIST) expect(origin.startsWith('https://')).toBe(true)
    expect(isExternalAllowed('https://siks.kemensos.go.id')).toBe(true)
  })
})

describe('permissions', () => {
  const PERMISSIONS = [
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'midi',
    'hid',
    'serial',
    'usb',
    'openExternal',
    'fileSystem',
    'unknown',
    'toString',
    '__proto__',
    'hasOwnProperty'
  ]

  it('the allow-list is empty and frozen', () => {
    expect(Object.keys(ALLOWED_PERMISSIONS)).toEqual([])
    expect(Object.isFrozen(ALLOWED_PERMISSIONS)).toBe(true)
  })

  it.each(PERMISSIONS)('denies a request for %s, even from the app page', (permission) => {
    const callback = vi.fn()
    permissionRequestHandler(loc)(null, permission, callback, { requestingUrl: indexUrl })
    expect(callback).toHaveBeenCalledExactlyOnceWith(false)
  })

  it.each(PERMISSIONS)('answers a check for %s with false', (permission) => {
    expect(permissionCheckHandler(loc)(null, permission, 'file://', { requestingUrl: indexUrl })).toBe(false)
    expect(permissionCheckHandler(loc)(null, permission, 'https://example.com')).toBe(false)
  })
})

describe('Content-Security-Policy', () => {
  it('is strict: self only, no eval, no remote origins', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))
    expect(directives['default-src']).toEqual(["'self'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['base-uri']).toEqual(["'none'"])
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/)
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
  })

  it('matches the meta tag of renderer/index.html (which cannot carry frame-ancestors)', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CSP_META)
    expect(CSP_META).not.toContain('frame-ancestors')
  })

  it('the header listener adds the policy and keeps (never loosens) an existing one', () => {
    const callback = vi.fn()
    cspHeadersListener({ responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ["default-src 'none'"] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'content-type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'", CONTENT_SECURITY_POLICY] }
    })
    const bare = vi.fn()
    cspHeadersListener({}, bare)
    expect(bare).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
})

describe('isTrustedSender', () => {
  const mainFrame: FrameLike = { url: indexUrl, parent: null, frameToken: 'main-token' }
  const win: TrustedWindow = { id: 7, mainFrame, isDestroyed: () => false }
  const ev = (senderFrame: FrameLike | null, senderId = 7): SenderEventLike => ({ sender: { id: senderId }, senderFrame })

  it('trusts the main frame of our window on the app page', () => {
    expect(isTrustedSender(ev(mainFrame), win, loc)).toBe(true)
    expect(isTrustedSender(ev({ ...mainFrame, url: `${indexUrl}#/review` }), win, loc)).toBe(true)
  })

  it('refuses a null senderFrame', () => {
    expect(isTrustedSender(ev(null), win, loc)).toBe(false)
  })

  it('refuses another WebContents', () => {
    expect(isTrustedSender(ev(mainFrame, 8), win, loc)).toBe(false)
  })

  it('refuses a subframe', () => {
    expect(isTrustedSender(ev({ url: indexUrl, parent: mainFrame, frameToken: 'sub' }), win, loc)).toBe(false)
    expect(isTrustedSender(ev({ url: indexUrl, parent: mainFrame, frameToken: 'main-token' }), win, loc)).toBe(false)
  })

  it('refuses another top frame (stale or different frame token)', () => {
    expect(isTrustedSender(ev({ ...mainFrame, frameToken: 'other' }), win, loc)).toBe(false)
  })

  it.each([...FOREIGN_URLS, fileUrl(join(root, 'assets', 'index.js'))])('refuses the main frame showing %s', (url) => {
    const frame = { ...mainFrame, url }
    expect(isTrustedSender(ev(frame), { ...win, mainFrame: frame }, loc)).toBe(false)
  })

  it('refuses when our window is gone or destroyed', () => {
    expect(isTrustedSender(ev(mainFrame), null, loc)).toBe(false)
    expect(isTrustedSender(ev(mainFrame), { ...win, isDestroyed: () => true }, loc)).toBe(false)
  })

  it('refuses when reading the frame throws (disposed frame)', () => {
    const event = {
      sender: { id: 7 },
      get senderFrame(): FrameLike {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      }
    }
    expect(isTrustedSender(event, win, loc)).toBe(false)
  })
})

describe('installSecurity', () => {
  function fakes() {
    const on = new Map<string, ((...args: unknown[]) => void)[]>()
    const contents = {
      on: vi.fn((name: string, fn: (...args: unknown[]) => void) => {
        on.set(name, [...(on.get(name) ?? []), fn])
        return contents
      }),
      setWindowOpenHandler: vi.fn()
    }
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() }
    }
    return { on, contents, session }
  }
  const opts = { location: loc, openExternal: vi.fn(() => Promise.resolve()) }

  it('wires every guard once, even if called twice', () => {
    const f = fakes()
    installSecurity(f.session as unknown as Session, f.contents as unknown as WebContents, opts)
    installSecurity(f.session as unknown as Session, f.contents as unknown as WebContents, opts)
    expect([...f.on.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect'])
    for (const list of f.on.values()) expect(list).toHaveLength(1)
    expect(f.contents.setWindowOpenHandler).toHaveBeenCalledOnce()
    expect(f.session.setPermissionRequestHandler).toHaveBeenCalledOnce()
    expect(f.session.setPermissionCheckHandler).toHaveBeenCalledOnce()
    expect(f.session.setDevicePermissionHandler).toHaveBeenCalledOnce()
    expect(f.session.webRequest.onHeadersReceived).toHaveBeenCalledExactlyOnceWith(cspHeadersListener)
  })

  it('the wired handlers deny', () => {
    const f = fakes()
    installSecurity(f.session as unknown as Session, f.contents as unknown as WebContents, opts)
    const webview = { preventDefault: vi.fn() }
    f.on.get('will-attach-webview')![0]!(webview, {}, { src: 'https://example.com' })
    expect(webview.preventDefault).toHaveBeenCalledOnce()
    for (const name of ['will-navigate', 'will-redirect']) {
      const e = navEvent('https://example.com/')
      f.on.get(name)![0]!(e)
      expect(e.preventDefault).toHaveBeenCalledOnce()
    }
    const openHandler = f.contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    const request = f.session.setPermissionRequestHandler.mock.calls[0]![0] as ReturnType<typeof permissionRequestHandler>
    const cb = vi.fn()
    request(null, 'media', cb, { requestingUrl: indexUrl })
    expect(cb).toHaveBeenCalledWith(false)
    const device = f.session.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean
    expect(device()).toBe(false)
  })
})
