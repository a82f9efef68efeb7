import type { AppError } from '@shared/api/result'

import { BackendError } from '../lib/backend'
import type { GetState, SetState } from './types'

/** Any thrown value as an AppError: a BackendError carries one; anything else is an internal fault. */
export function asAppError(err: unknown): AppError {
  return err instanceof BackendError ? err.error : { code: 'INTERNAL', message: String(err) }
}

/** Runs a backend action with the busy flag; errors become a notice, never a crash. */
export async function guarded<T>(set: SetState, get: GetState, fn: () => Promise<T>): Promise<T | undefined> {
  set({ busy: true })
  try {
    return await fn()
  } catch (err) {
    get().notifyError(err)
    return undefined
  } finally {
    set({ busy: false })
  }
}
