/**
 * The one place a call from the renderer is checked: known method, valid arguments (against the
 * contract), then routed to the host or the engine. Used by Electron main and the test host, so
 * both accept and refuse exactly the same calls.
 */
import { isMethodName, METHODS, type HostHandlers, type HostMethodName, type MethodName } from './contract'
import { fail, toAppError, type Result } from './result'
import { SchemaError } from './schema'

export interface RouterTargets {
  host: HostHandlers
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
    const handler = targets.host[method as HostMethodName] as ((args: unknown) => Promise<unknown>) | undefined
    if (!handler) return fail('UNKNOWN_METHOD', `Perintah tidak dikenal: ${method}.`, { method })
    try {
      return { ok: true, value: await handler(checked) }
    } catch (err) {
      return { ok: false, error: toAppError(err) }
    }
  }
}
