import type { Locale } from '@shared/api/types'
import { type MessageKey, t as translate } from '@shared/i18n'

import { useAppStore } from '../store'
import { selectLocale } from '../store/selectors'

export type T = (key: MessageKey, params?: Record<string, string | number>) => string

export function translator(locale: Locale): T {
  return (key, params) => translate(locale, key, params)
}

/** The translate function for the current language; components re-render when it changes. */
export function useT(): T {
  const locale = useAppStore(selectLocale)
  return translator(locale)
}
