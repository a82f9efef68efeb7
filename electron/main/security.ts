/**
 * What the renderer may reach, and who may call main. Every decision is a pure function here so
 * unit tests can assert it; `installSecurity` only wires them to a session and a WebContents.
 * Only types come from 'electron', so tests need no Electron at all.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Session, WebContents } from 'electron'

import type { AppLocation } from './window'

/**
 * The one policy for the app page. Also in renderer/index.html as a meta tag (the header may not
 * reach file:// documents on every Electron version; the meta always applies). Meta tags ignore
 * `frame-ancestors`, so the meta carries `CSP_META` (the same policy without it).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const CSP_META = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ')

/** Sites the operator may be sent to, in the default browser. Origins only, https only. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = Object.freeze([
  // Public bansos eligibility check the kecamatan staff point citizens to.
  'https://cekbansos.kemensos.go.id',
  // SIKS-NG, the Kemensos system the verified data goes to after Cermat.
  'https://siks.kemensos.go.id'
])

/**
 * Browser permissions the app page may use, each with the reason (Signal's style). Empty: Cermat
 * needs no camera, microphone, location, notifications or clipboard-read; copying from the grid
 * uses the copy event, which needs no permission. Add an entry only with its reason.
 */
export const ALLOWED_PERMISSIONS: Readonly<Record<string, string>> = Object.freeze({})

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** True when `child` is strictly inside `root` (not the folder itself, never via `..`). */
function isInside(root: string, child: string): boolean {
  const rel = relative(resolve(root), resolve(child))
  return rel !== '' && !isAbsolute(rel) && rel.split(sep)[0] !== '..'
}

/** The file path of a local file:// URL, or null (remote hosts/UNC, encoded separators, NUL). */
function localFilePath(url: URL): string | null {
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return null
  try {
    const path = fileURLToPath(url)
    return path.includes('\0') ? null : path
  } catch {
    return null
  }
}

/**
 * A URL that belongs to the app: a file inside the renderer folder (the URL parser has already
 * folded `..` and `%2e%2e`), or — development only — the dev server's origin.
 */
export function isAppUrl(url: string, rendererRoot: string, devServerOrigin: string | null = null): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (devServerOrigin && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return parsed.origin === devServerOrigin
  const path = localFilePath(parsed)
  return path !== null && isInside(rendererRoot, path)
}

/** The app page itself (index.html, any query or hash): the only place the main frame may be. */
export function isAppPage(url: string, location: AppLocation): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (location.devServerOrigin && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
    return parsed.origin === location.devServerOrigin && (parsed.pathname === '/' || parsed.pathname === '/index.html')
  }
  const path = localFilePath(parsed)
  if (path === null) return false
  return relative(resolve(join(location.rendererRoot, 'index.html')), resolve(path)) === ''
}

/** An https link to an allow-listed site, without credentials. */
export function isExternalAllowed(url: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return false
  return EXTERNAL_ALLOW_LIST.includes(parsed.origin)
}

export type OpenExternal = (url: string) => Promise<void>

function openIfAllowed(url: string, openExternal: OpenExternal | undefined): void {
  if (openExternal && isExternalAllowed(url)) void openExternal(url).catch(() => undefined)
}

export interface NavigationEventLike {
  readonly url: string
  preventDefault(): void
}

/**
 * For will-navigate / will-redirect: the main frame never leaves the app page. An allow-listed
 * link is still prevented here, and opened in the default browser instead.
 */
export function navigationGuard(location: AppLocation, openExternal?: OpenExternal) {
  return (event: NavigationEventLike): void => {
    if (isAppPage(event.url, location)) return
    event.preventDefault()
    openIfAllowed(event.url, openExternal)
  }
}

/** For will-frame-navigate: the app has no frames of its own, so a subframe stays inside the app. */
export function frameNavigationGuard(location: AppLocation) {
  return (event: NavigationEventLike & { readonly isMainFrame: boolean }): void => {
    if (event.isMainFrame) return
    if (!isAppUrl(event.url, location.rendererRoot, location.devServerOrigin)) event.preventDefault()
  }
}

/** For setWindowOpenHandler: never a new Electron window; allow-listed https goes to the browser. */
export function windowOpenHandler(openExternal: OpenExternal) {
  return (details: { readonly url: string }): { action: 'deny' } => {
    openIfAllowed(details.url, openExternal)
    return { action: 'deny' }
  }
}

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, location: AppLocation): boolean {
  return Object.hasOwn(ALLOWED_PERMISSIONS, permission) && requestingUrl !== undefined && isAppPage(requestingUrl, location)
}

export function permissionRequestHandler(location: AppLocation) {
  return (
    _webContents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details?: { readonly requestingUrl?: string }
  ): void => {
    callback(isPermissionAllowed(permission, details?.requestingUrl, location))
  }
}

export function permissionCheckHandler(location: AppLocation) {
  return (_webContents: unknown, permission: string, _requestingOrigin: string, details?: { readonly requestingUrl?: string }): boolean =>
    isPermissionAllowed(permission, details?.requestingUrl, location)
}

/**
 * Adds our CSP to every response. An existing CSP header is kept beside ours (several policies
 * all apply, so this can only tighten); it is never replaced by a looser one.
 */
export function cspHeadersListener(
  details: { readonly responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void
): void {
  const headers: Record<string, string[]> = {}
  const existing: string[] = []
  for (const [name, values] of Object.entries(details.responseHeaders ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') existing.push(...values)
    else headers[name] = values
  }
  headers['Content-Security-Policy'] = [...existing, CONTENT_SECURITY_POLICY]
  callback({ responseHeaders: headers })
}

export interface FrameLike {
  readonly url: string
  readonly parent: unknown
  readonly frameToken: string
}

export interface SenderEventLike {
  readonly sender: { readonly id: number }
  readonly senderFrame: FrameLike | null
}

export interface TrustedWindow {
  readonly id: number
  readonly mainFrame: FrameLike
  isDestroyed(): boolean
}

/**
 * An IPC call is ours only when it comes from the main frame of our window while that frame
 * shows the app page. Anything odd (destroyed frame, getter throwing) is untrusted.
 */
export function isTrustedSender(event: SenderEventLike, window: TrustedWindow | null, location: AppLocation): boolean {
  try {
    const frame = event.senderFrame
    if (!frame || !window || window.isDestroyed()) return false
    if (event.sender.id !== window.id) return false
    if (frame.parent !== null || frame.frameToken !== window.mainFrame.frameToken) return false
    return isAppPage(frame.url, location)
  } catch {
    return false
  }
}

export interface SecurityOptions {
  location: AppLocation
  openExternal: OpenExternal
}

const guarded = new WeakSet<object>()

/** Navigation, new windows and <webview> for one WebContents. Idempotent. */
export function guardWebContents(contents: WebContents, opts: SecurityOptions): void {
  if (guarded.has(contents)) return
  guarded.add(contents)
  const guard = navigationGuard(opts.location, opts.openExternal)
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-frame-navigate', frameNavigationGuard(opts.location))
  contents.setWindowOpenHandler(windowOpenHandler(opts.openExternal))
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** Permissions (requests, checks, devices) denied and the CSP header, for a session. Idempotent. */
export function guardSession(session: Session, opts: SecurityOptions): void {
  if (guarded.has(session)) return
  guarded.add(session)
  session.setPermissionRequestHandler(permissionRequestHandler(opts.location))
  session.setPermissionCheckHandler(permissionCheckHandler(opts.location))
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onHeadersReceived(cspHeadersListener)
}

export function installSecurity(session: Session, webContents: WebContents, opts: SecurityOptions): void {
  guardSession(session, opts)
  guardWebContents(webContents, opts)
}
