/**
 * Words the store keeps untranslated (a notice's message key + params, or a backend error) and
 * their translation, done when shown: a change of language or of masking applies to old notices too.
 */
import type { AppError } from '@shared/api/result'
import type { Locale, RecoveryInfo } from '@shared/api/types'
import { maskField } from '@shared/domain/mask'
import { type MessageKey, t as translate } from '@shared/i18n'
import { describeRecovery } from '@shared/i18n/recovery'

/** A catalogue message with its parameters, an error from the backend, or what a recovery restored and lost. */
export type Message = { key: MessageKey; params?: Record<string, MessageParam> } | { error: AppError } | { recovery: RecoveryInfo }
/** A parameter may itself be a message (an error's text inside "import of X failed: …"). */
export type MessageParam = string | number | Message

/**
 * An error from the backend in the operator's language (its details fill the placeholders); with
 * masking on, a NIK or KK named in it is masked like everywhere else on screen.
 */
export function errorText(locale: Locale, error: AppError, maskIds = false): string {
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(error.details ?? {}))
    params[k] = v === null ? '' : typeof v === 'boolean' ? String(v) : typeof v === 'string' ? maskField(k, v, maskIds) : v
  const text = translate(locale, `error.${error.code}` as MessageKey, params)
  // A placeholder the details did not fill means the catalogue text does not fit: use the engine's own.
  return /\{\w+\}/.test(text) ? error.message : text
}

export function messageText(locale: Locale, message: Message, maskIds = false): string {
  if ('error' in message) return errorText(locale, message.error, maskIds)
  if ('recovery' in message) {
    const notice = describeRecovery(locale, message.recovery)
    return [notice.text, ...notice.detail].join(' ')
  }
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(message.params ?? {})) params[k] = typeof v === 'object' ? messageText(locale, v, maskIds) : v
  return translate(locale, message.key, params)
}
