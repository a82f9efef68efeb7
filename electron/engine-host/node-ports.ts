/** Node implementations of the engine's ports (clock, hashing, ids, sql.js). */
import { createHash, randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { userInfo } from 'node:os'

import initSqlJs, { type SqlJsStatic } from 'sql.js'

let sql: Promise<SqlJsStatic> | undefined

/**
 * sql.js's Node build reads its wasm with fs. In a packaged app the wasm is unpacked next to
 * app.asar (electron-builder.yml asarUnpack), so point at the unpacked copy.
 */
export function loadSql(): Promise<SqlJsStatic> {
  // The bundled hosts are CommonJS (require exists); vitest runs this file as ESM.
  const req = typeof require === 'function' ? require : createRequire(import.meta.url)
  sql ??= initSqlJs({
    locateFile: (file: string) => req.resolve(`sql.js/dist/${file}`).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
  })
  return sql
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Local time with its offset (WIB +07:00 …), as an operator reads it. */
export function nowIso(date = new Date()): string {
  const offset = -date.getTimezoneOffset()
  const local = new Date(date.getTime() + offset * 60_000)
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return `${local.toISOString().slice(0, 19)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

export const randomId = (): string => randomUUID()

export function osUser(): string {
  try {
    return userInfo().username || 'operator'
  } catch {
    return 'operator'
  }
}
