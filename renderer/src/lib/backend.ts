/**
 * The only module that touches `window.cermat` (the preload's API in Electron, the bridge in the
 * test host). Unwraps results: a failure becomes a BackendError with the stable code the UI translates.
 * Only the store calls it (lint keeps features/ and components/ away): the store takes a `Backend`,
 * so unit tests hand it a fake one.
 */
import type { ArgsOf, MethodName, ResultOf } from '@shared/api/contract'
import type { AppError } from '@shared/api/result'
import type { ShellEvent } from '@shared/api/shell-events'
import type { ProgressEvent } from '@shared/api/types'

export class BackendError extends Error {
  readonly error: AppError
  constructor(error: AppError) {
    super(error.message)
    this.name = 'BackendError'
    this.error = error
  }
}

/** What the store needs from the engine and host: typed calls, and progress of long work. */
export interface Backend {
  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>
  onProgress(listener: (e: ProgressEvent) => void): () => void
  /** Main's own events (menu, a package opened from the file manager); absent where there is no shell. */
  onShellEvent?(listener: (e: ShellEvent) => void): () => void
}

export async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const api = window.cermat
  if (!api) throw new BackendError({ code: 'ENGINE_UNAVAILABLE', message: 'Cermat API tidak tersedia.' })
  const fn = api[method] as unknown as (a: ArgsOf<M>) => Promise<{ ok: true; value: ResultOf<M> } | { ok: false; error: AppError }>
  const result = await fn(args)
  if (!result.ok) throw new BackendError(result.error)
  return result.value
}

export function onProgress(listener: (e: ProgressEvent) => void): () => void {
  return window.cermat?.onProgress(listener) ?? (() => undefined)
}

export function onShellEvent(listener: (e: ShellEvent) => void): () => void {
  return window.cermat?.onShellEvent(listener) ?? (() => undefined)
}

/** The app's backend: window.cermat. */
export const windowBackend: Backend = { call, onProgress, onShellEvent }
