/**
 * The i18n layer: one catalogue per locale, `t(locale, key, params)`, and the finding message
 * builder shared by the UI and the CLI report (so both say the same sentence).
 */
import type { Locale } from '../api/types'
import { isoToDisplay } from '../domain/dates'
import type { FindingCode } from '../domain/findings'
import { en } from './en'
import { formatTemplate } from './format'
import { id, type MessageKey } from './id'

export type { MessageKey }
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { id, en }

export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return formatTemplate(CATALOGS[locale][key], params)
}

/** Looks up a key built at run time (e.g. 'shdk.' + value); falls back to the raw value. */
export function tMaybe(locale: Locale, key: string, fallback: string): string {
  const catalog = CATALOGS[locale] as Record<string, string>
  return Object.hasOwn(catalog, key) ? (catalog[key] as string) : fallback
}

export interface FindingForMessage {
  code: FindingCode
  field: string | null
  village: string | null
  master: string | null
  params: Record<string, string>
}

/** Value as a person reads it: SHDK and sex through their labels, dates day-first. */
export function displayValue(locale: Locale, field: string | null, value: string | null): string {
  if (value === null || value === '') return '—'
  if (field === 'shdk') return tMaybe(locale, `shdk.${value}`, value)
  if (field === 'jenis_kelamin') return tMaybe(locale, `sex.${value}`, value)
  if (field === 'tanggal_lahir') return isoToDisplay(value)
  return value
}

/** The button label of a resolution: some codes name it in their own terms ("Pakai NIK data induk"). */
export function actionLabel(locale: Locale, code: FindingCode, action: string): string {
  return tMaybe(locale, `resolution.${code}.${action}`, tMaybe(locale, `resolution.${action}`, action))
}

/** One sentence explaining a finding, in the operator's language. */
export function findingMessage(locale: Locale, f: FindingForMessage): string {
  const p: Record<string, string> = { ...f.params }
  p.village = displayValue(locale, f.field, f.village)
  p.master = displayValue(locale, f.field, f.master)
  if (f.field) p.field = tMaybe(locale, `field.${f.field}`, f.field)
  if (f.params.reason) p.reason = formatTemplate(tMaybe(locale, `reason.${f.params.reason}`, f.params.reason), f.params)
  if (f.params.status) p.status = tMaybe(locale, `status.${f.params.status}`, f.params.status)
  if (f.params.nikSex) p.nikSex = tMaybe(locale, `sex.${f.params.nikSex}`, f.params.nikSex)
  if (f.params.why) p.why = f.params.why.split(',').map((w) => formatTemplate(tMaybe(locale, `why.${w}`, w), f.params)).join(', ')
  if (f.params.parentShdk) p.parent = tMaybe(locale, `shdk.${f.params.parentShdk}`, f.params.parentShdk).toLowerCase()
  if (f.params.parentDate) p.parentDate = displayValue(locale, 'tanggal_lahir', f.params.parentDate)
  if (f.code === 'NIK_INVALID_FORMAT' || f.code === 'NIK_PRECISION_LOST') p.village = f.village ?? ''
  const key = f.code === 'FIELD_MISMATCH' && f.params.spelling ? 'finding.FIELD_MISMATCH.spelling' : `finding.${f.code}`
  return t(locale, key as MessageKey, p)
}
