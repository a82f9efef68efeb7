/**
 * The one IPC entry point of main: a single `invoke` channel for every contract method. The
 * sender is checked first, then the shared router validates and routes. Nothing ever throws
 * across IPC: Electron would pass only an Error's message, so every outcome is a Result.
 */
import { CHANNEL_INVOKE, CHANNEL_PROGRESS } from '../../shared/api/contract'
import { fail, type Result } from '../../shared/api/result'
import type { ProgressEvent } from '../../shared/api/types'

export type Route = (method: unknown, args: unknown) => Promise<Result<unknown>>

/** The part of Electron's ipcMain used here (a fake in tests). */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<Result<unknown>>): void
  removeHandler(channel: string): void
}

export interface IpcDeps<E> {
  ipcMain: IpcMainLike<E>
  route: Route
  isTrustedSender(event: E): boolean
  /** Where unexpected errors go (the log file); never to the renderer with a stack. */
  log?(message: string, err: unknown): void
}

/** Registers the invoke handler; returns a function that removes it. */
export function registerIpc<E>(deps: IpcDeps<E>): () => void {
  deps.ipcMain.handle(CHANNEL_INVOKE, async (event, method, args) => {
    try {
      if (!deps.isTrustedSender(event)) {
        return fail('FORBIDDEN_SENDER', 'Permintaan ditolak: pengirim bukan halaman Cermat.')
      }
      return await deps.route(method, args)
    } catch (err) {
      deps.log?.(`IPC ${typeof method === 'string' ? method.slice(0, 60) : typeof method} gagal`, err)
      return fail('INTERNAL', 'Kesalahan internal. Rincian ada di berkas log.')
    }
  })
  return () => deps.ipcMain.removeHandler(CHANNEL_INVOKE)
}

export interface ProgressTarget {
  isDestroyed(): boolean
  send(channel: string, event: ProgressEvent): void
}

/** Progress goes to the window's WebContents while it exists; dropped otherwise (it is advisory). */
export function progressSender(getTarget: () => ProgressTarget | null) {
  return (event: ProgressEvent): void => {
    try {
      const target = getTarget()
      if (target && !target.isDestroyed()) target.send(CHANNEL_PROGRESS, event)
    } catch {
      // The frame can go away between the check and the send; progress is not worth a crash.
    }
  }
}
