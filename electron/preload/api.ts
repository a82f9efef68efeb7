/**
 * Builds `window.cermat` from two transport functions, so the exact shape the renderer gets is
 * unit-tested without Electron: one function per contract method, plus onProgress and
 * onShellEvent. Nothing else (no channel names, no generic invoke) is reachable from the page.
 */
import { type CermatApi, CHANNEL_INVOKE, CHANNEL_PROGRESS, METHOD_NAMES } from '../../shared/api/contract'
import { CHANNEL_SHELL, isShellEvent, type ShellEvent } from '../../shared/api/shell-events'
import type { ProgressEvent } from '../../shared/api/types'

/** ipcRenderer.invoke's shape. */
export type Invoke = (channel: string, method: string, args: unknown) => Promise<unknown>
/** Subscribes a raw IPC listener (first argument: the IpcRendererEvent); returns its removal. */
export type Subscribe = (channel: string, listener: (event: unknown, payload: unknown) => void) => () => void

export function buildApi(invoke: Invoke, subscribe: Subscribe): CermatApi {
  // A plain object: contextBridge copies plain objects and functions, nothing else.
  const api: Record<string, unknown> = {}
  for (const name of METHOD_NAMES) {
    // Only the one argument goes through: the page cannot smuggle extra IPC arguments.
    api[name] = (args: unknown) => invoke(CHANNEL_INVOKE, name, args)
  }
  api.onProgress = (listener: (event: ProgressEvent) => void) => listen(CHANNEL_PROGRESS, listener, (payload) => payload as ProgressEvent)
  // Only a known event name reaches the page: the channel carries nothing else.
  api.onShellEvent = (listener: (event: ShellEvent) => void) =>
    listen(CHANNEL_SHELL, listener, (payload) => (isShellEvent(payload) ? payload : null))

  function listen<T>(channel: string, listener: (event: T) => void, accept: (payload: unknown) => T | null): () => void {
    if (typeof listener !== 'function') throw new TypeError('Pendengar harus berupa fungsi')
    // The IpcRendererEvent (which holds `sender`, i.e. ipcRenderer) never reaches the page.
    const unsubscribe = subscribe(channel, (_event, payload) => {
      const event = accept(payload)
      if (event !== null) listener(event)
    })
    let active = true
    return () => {
      if (!active) return
      active = false
      unsubscribe()
    }
  }
  return Object.freeze(api) as unknown as CermatApi
}
