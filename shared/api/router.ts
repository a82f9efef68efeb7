/**
 * The one place a call from the renderer is checked: known method, valid arguments (against the
 * contract), then routed to the host or the engine. Used by Electron main and the test host, so
 * both accept and refuse exactly the same calls.
 */
import {
  type ArgsOf,
  checkArgs,
  type EngineMethodName,
  type HostHandlers,
  type HostMethodName,
  isEngineMethod,
  isMethodName,
  type MethodName
} from './contract'
import { fail, type Result, toAppError } from './result'
import { SchemaError } from './schema'

export interface RouterTargets {
  host: HostHandlers
  /** Forwards an engine call with its checked arguments (to the worker). */
  engine<M extends EngineMethodName>(method: M, args: ArgsOf<M>): Promise<Result<unknown>>
}

export function createRouter(targets: RouterTargets) {
  return async function route(method: unknown, args: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method))
      return fail('UNKNOWN_METHOD', `Perintah tidak dikenal: ${String(method).slice(0, 60)}.`, { method: String(method).slice(0, 60) })
    if (isEngineMethod(method)) {
      const checked = validated(method, args)
      return checked.ok ? targets.engine(method, checked.value) : checked
    }
    const checked = validated(method, args)
    if (!checked.ok) return checked
    const handler = targets.host[method as HostMethodName] as ((args: unknown) => Promise<unknown>) | undefined
    if (!handler) return fail('UNKNOWN_METHOD', `Perintah tidak dikenal: ${method}.`, { method })
    try {
      return { ok: true, value: await handler(checked.value) }
    } catch (err) {
      return { ok: false, error: toAppError(err) }
    }
  }
}

/** The arguments checked against the method's validator, or INVALID_ARGUMENT naming where they are wrong. */
function validated<M extends MethodName>(method: M, args: unknown): Result<ArgsOf<M>> {
  try {
    return { ok: true, value: checkArgs(method, args) }
  } catch (err) {
    if (err instanceof SchemaError)
      return fail('INVALID_ARGUMENT', `Permintaan tidak sah (${err.message}).`, { path: err.path || 'args', method })
    return { ok: false, error: toAppError(err) }
  }
}
