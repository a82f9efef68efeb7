/**
 * The CLI's engine client: the same contract, argument checks and handlers as the app's worker
 * (shared/api/contract.ts, shared/engine/dispatch.ts), called in-process. A value the app would
 * refuse is refused here in the same words.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

import { type ArgsOf, checkArgs, type EngineMethodName, type ResultOf } from '../../shared/api/contract'
import { CermatError, toAppError } from '../../shared/api/result'
import { SchemaError } from '../../shared/api/schema'
import type { Locale, RowView } from '../../shared/api/types'
import { dispatchEngine } from '../../shared/engine/dispatch'
import type { Engine } from '../../shared/engine/engine'
import { type MessageKey, t, tMaybe } from '../../shared/i18n'

/** A folder the app or `cermat import` made a workspace of (its CURRENT pointer, as the host checks); decide and settings never create one. */
export async function workspaceExists(dir: string): Promise<boolean> {
  return fs.access(join(dir, 'CURRENT')).then(
    () => true,
    () => false
  )
}

export function call<M extends EngineMethodName>(engine: Engine, method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  return dispatchEngine(engine, method, checkArgs(method, args))
}

/** Every row of the workspace (village rows and master people missing from the files), paged as the grid reads them. */
export async function allRows(engine: Engine): Promise<RowView[]> {
  const rows: RowView[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await call(engine, 'listRowsPage', { limit: 50_000, ...(cursor ? { cursor } : {}) })
    rows.push(...page.rows)
    if (!page.next) return rows
    cursor = page.next
  }
}

/** An engine error in the operator's language (the engine itself always speaks Indonesian). */
export function errorText(locale: Locale, err: unknown): string {
  if (locale !== 'id' && err instanceof CermatError) {
    const params: Record<string, string | number> = {}
    for (const [k, v] of Object.entries(err.details ?? {})) params[k] = v === null ? '' : typeof v === 'boolean' ? String(v) : v
    const key = `error.${err.code}`
    if (tMaybe(locale, key, '') !== '') return t(locale, key as MessageKey, params)
  }
  // The contract refused an argument (a reason or date the CLI passed on as given): name it, not "internal error".
  if (err instanceof SchemaError) return t(locale, 'error.INVALID_ARGUMENT', { path: err.message })
  return toAppError(err).message
}
