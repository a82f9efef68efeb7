import type { AppError } from '@shared/api/result'
import type { Locale } from '@shared/api/types'
import { maskField } from '@shared/domain/mask'
import { t as translate, type MessageKey } from '@shared/i18n'
import { useAppStore } from '../store'

export type T = (key: MessageKey, params?: Record<string, string | number>) => string

export function translator(locale: Locale): T {
  return (key, params) => translate(locale, key, params)
}

/** The translate function for the current language; components re-render when it changes. */
export function useT(): T {
  const locale = useAppStore((s) => s.locale)
  return translator(locale)
}

/**
 * An error from the backend in the operator's language (its details fill the placeholders); with
 * masking on, a NIK or KK named in it is masked like everywhere else on screen.
 */
export function errorText(locale: Locale, error: AppError, maskIds = false): string {
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(error.details ?? {})) params[k] = v === null ? '' : typeof v === 'boolean' ? String(v) : typeof v === 'string' ? maskField(k, v, maskIds) : v
  const text = translate(locale, `error.${error.code}` as MessageKey, params)
  // A placeholder the details did not fill means the catalogue text does not fit: use the engine's own.
  return /\{\w+\}/.test(text) ? error.message : text
}
