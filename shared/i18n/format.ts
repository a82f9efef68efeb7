/**
 * Message formatting, a small subset of ICU MessageFormat (no eval, CSP-safe):
 * - `{name}`: the value as it is;
 * - `{name, number}`: a count in the locale's digits (id: 60.000, en: 60,000);
 * - `{name, plural, =0 {…} one {…} other {…}}`: the branch `Intl.PluralRules` picks, `#` inside
 *   being the formatted number (Indonesian has no plural form, so it always takes `other`).
 * A placeholder that does not parse stays as written, one whose value is missing shows as `{name}`:
 * a visible slip is better than a silently wrong sentence.
 */
import type { Locale } from '../api/types'

/** BCP 47 tags of the app's locales; en follows en-US digit grouping (60,000). */
const TAGS: Record<Locale, string> = { id: 'id-ID', en: 'en-US' }

const numberFormats = new Map<Locale, Intl.NumberFormat>()
const pluralRules = new Map<Locale, Intl.PluralRules>()

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale)
  if (!f) {
    f = new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 2 })
    numberFormats.set(locale, f)
  }
  return f.format(n)
}

export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  let r = pluralRules.get(locale)
  if (!r) {
    r = new Intl.PluralRules(TAGS[locale])
    pluralRules.set(locale, r)
  }
  return r.select(n)
}

type Params = Record<string, string | number>

/** A number, or a string of plain digits (counts sometimes arrive as text); anything else is not counted. */
function numeric(v: string | number): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null
}

export function formatTemplate(template: string, params: Params = {}, locale: Locale = 'id'): string {
  let out = ''
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    if (open < 0) break
    const close = matchingBrace(template, open)
    if (close < 0) break
    out += template.slice(i, open)
    const whole = template.slice(open, close + 1)
    out += placeholder(whole.slice(1, -1), params, locale) ?? whole
    i = close + 1
  }
  return out + template.slice(i)
}

/** Index of the `}` closing the `{` at `open`, counting nested braces; -1 when unbalanced. */
function matchingBrace(s: string, open: number): number {
  let depth = 0
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++
    else if (s[j] === '}' && --depth === 0) return j
  }
  return -1
}

function placeholder(body: string, params: Params, locale: Locale): string | null {
  const m = /^\s*(\w+)\s*(?:,\s*(number|plural)\s*(?:,([\s\S]*))?)?$/.exec(body)
  if (!m) return null
  const [, name, kind, rest] = m as unknown as [string, string, string | undefined, string | undefined]
  // A missing value shows as the bare `{name}`, which callers already detect as "not filled".
  if (!Object.hasOwn(params, name)) return `{${name}}`
  const value = params[name] as string | number
  if (kind === undefined) return rest === undefined ? String(value) : null
  const n = numeric(value)
  const shown = n === null ? String(value) : formatNumber(locale, n)
  if (kind === 'number') return rest === undefined ? shown : null
  if (rest === undefined) return null
  const branches = pluralBranches(rest)
  if (!branches) return null
  const exact = n === null ? undefined : branches.get(`=${n}`)
  const category = n === null ? 'other' : pluralCategory(locale, n)
  const chosen = exact ?? branches.get(category) ?? branches.get('other')
  if (chosen === undefined) return null
  // `#` is the count; other placeholders inside the branch are filled as usual.
  return formatTemplate(chosen.replace(/#/g, shown), params, locale)
}

const SELECTOR = /^\s*(=\d+|zero|one|two|few|many|other)\s*$/

/** `one {…} other {…}` → selector → text; null when malformed or without `other` (ICU requires it). */
function pluralBranches(s: string): Map<string, string> | null {
  const branches = new Map<string, string>()
  let i = 0
  while (i < s.length) {
    const open = s.indexOf('{', i)
    if (open < 0) {
      if (s.slice(i).trim() !== '') return null
      break
    }
    const selector = SELECTOR.exec(s.slice(i, open))
    const close = matchingBrace(s, open)
    if (!selector || close < 0) return null
    branches.set(selector[1] as string, s.slice(open + 1, close))
    i = close + 1
  }
  return branches.has('other') ? branches : null
}
