/**
 * The i18n layer: one catalogue per locale, `t(locale, key, params)`, and the finding message
 * builder shared by the UI and the CLI report (so both say the same sentence).
 */
import type { Locale } from '../api/types'
import { isoToDisplay } from '../domain/dates'
import type { FindingCode } from '../domain/findings'
import { MASK_CHAR, maskField, maskId } from '../domain/mask'
import { en } from './en'
import { formatNumber, formatTemplate, pluralCategory } from './format'
import { id, type MessageKey } from './id'

export type { MessageKey }
export { formatNumber, pluralCategory }
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { id, en }

export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return formatTemplate(CATALOGS[locale][key], params, locale)
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

export interface MessageOptions {
  /** Hide the middle of NIK and No. KK values (the on-screen privacy option); the CLI report never does. */
  maskIds?: boolean
}

/** Findings whose master value is a NIK although they name no field. */
const NIK_VALUED = new Set<FindingCode>(['MISSING_FROM_VILLAGE'])

/** One sentence explaining a finding, in the operator's language. */
export function findingMessage(locale: Locale, f: FindingForMessage, options: MessageOptions = {}): string {
  const mask = options.maskIds === true
  const params: Record<string, string> = mask ? maskedParams(f.params) : f.params
  const idField = NIK_VALUED.has(f.code) ? 'nik' : f.field
  const p: Record<string, string> = { ...params }
  p.village = maskField(idField, displayValue(locale, f.field, f.village), mask)
  p.master = maskField(idField, displayValue(locale, f.field, f.master), mask)
  if (f.field) p.field = tMaybe(locale, `field.${f.field}`, f.field)
  if (params.reason) p.reason = formatTemplate(tMaybe(locale, `reason.${params.reason}`, params.reason), params, locale)
  if (params.status) p.status = tMaybe(locale, `status.${params.status}`, params.status)
  if (params.nikSex) p.nikSex = tMaybe(locale, `sex.${params.nikSex}`, params.nikSex)
  if (params.why)
    p.why = params.why
      .split(',')
      .map((w) => formatTemplate(tMaybe(locale, `why.${w}`, w), params, locale))
      .join(', ')
  if (params.parentShdk) p.parent = tMaybe(locale, `shdk.${params.parentShdk}`, params.parentShdk).toLowerCase()
  if (params.parentDate) p.parentDate = displayValue(locale, 'tanggal_lahir', params.parentDate)
  if (f.code === 'NIK_INVALID_FORMAT' || f.code === 'NIK_PRECISION_LOST') p.village = maskField('nik', f.village ?? '', mask)
  const key = f.code === 'FIELD_MISMATCH' && params.spelling ? 'finding.FIELD_MISMATCH.spelling' : `finding.${f.code}`
  return t(locale, key as MessageKey, p)
}

/** Parameters that carry identifier digits: the KK, and the date part cut out of an invalid NIK. */
function maskedParams(params: Record<string, string>): Record<string, string> {
  const out = { ...params }
  if (out.kk) out.kk = maskId(out.kk)
  if (out.datePart) out.datePart = out.datePart.replace(/\d/g, MASK_CHAR)
  return out
}
