/**
 * Results, not throws, across every boundary (IPC, worker, WebSocket): Electron passes only an
 * Error's message across IPC, so errors travel as data with a stable `code` the UI translates.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_METHOD',
  'FORBIDDEN_SENDER',
  'INTERNAL',
  'ENGINE_UNAVAILABLE',
  'CANCELLED',
  'NO_WORKSPACE',
  'WORKSPACE_LOCKED',
  'WORKSPACE_CORRUPT',
  'WORKSPACE_TOO_NEW',
  'WORKSPACE_NOT_FOUND',
  'WORKSPACE_PASSPHRASE_REQUIRED',
  'WORKSPACE_PASSPHRASE_WRONG',
  'WORKSPACE_KEY_WRONG',
  'WORKSPACE_KEY_UNAVAILABLE',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_TOO_MANY_ROWS',
  'FILE_UNSUPPORTED',
  'FILE_ENCRYPTED',
  'FILE_UNREADABLE',
  'FILE_PARSE_TIMEOUT',
  'FILE_PARSE_MEMORY',
  'NO_DATA_SHEET',
  'NO_HEADER_ROW',
  'MISSING_REQUIRED_COLUMN',
  'SHEET_NOT_FOUND',
  'NIK_COLUMN_MISSING',
  'REPLACE_NEEDS_CONFIRMATION',
  'NO_MASTER',
  'ROW_NOT_FOUND',
  'UNDO_TARGET_CHANGED',
  'SOURCE_NOT_FOUND',
  'DESA_NOT_FOUND',
  'FINDING_NOT_FOUND',
  'ACTION_NOT_ALLOWED',
  'ROW_HAS_ERRORS',
  'REMOVAL_BASIS_REQUIRED',
  'DEACTIVATE_NEEDS_MASTER',
  'VALUE_INVALID',
  'NOTHING_TO_EXPORT',
  'NOTHING_NEW_TO_EXPORT',
  'EXPORT_ALL_HELD',
  'PROBABLE_MATCH_OPEN',
  'RECEIPT_NOT_OURS',
  'RECEIPT_INVALID',
  'RECEIVER_NOT_SET',
  'KEY_PASSPHRASE_REQUIRED',
  'KEY_PASSPHRASE_WRONG',
  'KEY_UNAVAILABLE',
  'PACKAGE_INVALID',
  'AUDIT_CHAIN_BROKEN',
  'PACKAGE_FILE_NOT_FOUND',
  'WORKSPACE_RECOVERY_CODE_WRONG',
  'APPROVAL_FAILED'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Errors of a workspace key the operator can answer (the app's unlock dialog: passphrase or recovery code). */
export const UNLOCK_ERROR_CODES: readonly ErrorCode[] = [
  'WORKSPACE_PASSPHRASE_REQUIRED',
  'WORKSPACE_PASSPHRASE_WRONG',
  'WORKSPACE_KEY_UNAVAILABLE',
  'WORKSPACE_RECOVERY_CODE_WRONG'
]

export interface AppError {
  code: ErrorCode
  /** Indonesian text for logs and the CLI; the UI translates from `code` + `details`. */
  message: string
  details?: Record<string, string | number | boolean | null>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(code: ErrorCode, message: string, details?: AppError['details']): { ok: false; error: AppError } {
  return details ? { ok: false, error: { code, message, details } } : { ok: false, error: { code, message } }
}

/** Thrown inside the engine and hosts; converted to a Result at the boundary by `toResult`. */
export class CermatError extends Error {
  readonly code: ErrorCode
  readonly details: AppError['details'] | undefined
  constructor(code: ErrorCode, message: string, details?: AppError['details']) {
    super(message)
    this.name = 'CermatError'
    this.code = code
    this.details = details
  }
}

/** Turns anything thrown into a cloneable AppError; unknown errors become INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (err instanceof CermatError) {
    return err.details ? { code: err.code, message: err.message, details: err.details } : { code: err.code, message: err.message }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'INTERNAL', message: `Kesalahan internal: ${message}` }
}

export async function toResult<T>(run: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await run())
  } catch (err) {
    return { ok: false, error: toAppError(err) }
  }
}
