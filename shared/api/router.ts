/**
 * The one place a call from the renderer is checked: known method, valid arguments (against the
 * contract), then routed to the host or the engine. Used by Electron main and the test host, so
 * both accept and refuse exactly the same calls.
 */
import { isMethodName, METHODS, type MethodName } from './contract'
import { fail, toAppError, type Result } from './result'
import { SchemaError } from './schema'

export type HostHandlers = {
  [M in MethodName as (typeof METHODS)[M]['side'] extends 'host' ? M : never]: (args: never) => Promise<unknown>
}

export interface RouterTargets {
  host: Record<string, (args: never) => Promise<unknown>>
  engine(method: MethodName, args: unknown): Promise<Result<unknown>>
}

export function createRouter(targets: RouterTargets) {
  return async function route(method: unknown, args: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `Perintah tidak dikenal: ${String(method).slice(0, 60)}.`, { method: String(method).slice(0, 60) })
    const spec = METHODS[method]
    let checked: unknown
    try {
      checked = spec.args(args === undefined ? {} : args, '')
    } catch (err) {
      if (err instanceof SchemaError) return fail('INVALID_ARGUMENT', `Permintaan tidak sah (${err.message}).`, { path: err.path || 'args', method })
      return { ok: false, error: toAppError(err) }
    }
    if (spec.side === 'engine') return targets.engine(method, checked)
    const handler = targets.host[method]
    if (!handler) return fail('UNKNOWN_METHOD', `Perintah tidak dikenal: ${method}.`, { method })
    try {
      return { ok: true, value: await handler(checked as never) }
    } catch (err) {
      return { ok: false, error: toAppError(err) }
    }
  }
}
