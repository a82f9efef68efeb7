import { type AppError, CermatError, type ErrorCode } from '../api/result'
import { type MessageKey, t } from '../i18n'

/** A CermatError whose message is the Indonesian catalogue text for `code`. */
export function cermatError(code: ErrorCode, details: NonNullable<AppError['details']> = {}): CermatError {
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(details)) params[k] = v === null ? '' : typeof v === 'boolean' ? String(v) : v
  return new CermatError(code, t('id', `error.${code}` as MessageKey, params), details)
}
