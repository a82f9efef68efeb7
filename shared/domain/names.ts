/**
 * Name and free-text normalisation for comparison. The stored value keeps what the village wrote;
 * these keys only decide whether two values say the same thing. Case, spacing and punctuation
 * alone are never a conflict; academic and religious titles are not part of the name.
 */

/** Leading titles (after punctuation is removed): haji/hajah, Dr, Drs, Ir, Prof, Kyai Haji … */
const LEADING_TITLES = new Set(['H', 'HJ', 'HAJI', 'HAJAH', 'HAJJAH', 'DR', 'DRS', 'DRA', 'IR', 'PROF', 'KH', 'USTADZ', 'UST', 'NY', 'TN', 'SDR', 'SDRI'])

/**
 * Academic degrees written after the name, usually after a comma: "S.Pd", "S.Pd.I", "S.Kom", "M.Pd",
 * "A.Md.Keb", "D3", or well-known compact forms (SE, SH, MM). A dotted letter+letters part is a
 * degree; a plain word ("Santoso") is not.
 */
const DOTTED_DEGREE = /^(S|M|A|D[1-4]|Dr|Ir|Ns|Lc)\.\s?[A-Z]/i
const COMPACT_DEGREES = new Set(['SE', 'SH', 'ST', 'SP', 'SS', 'MM', 'MH', 'MT', 'MA', 'MBA', 'PHD', 'BSC', 'BA', 'LC', 'AMD', 'AMK', 'AMKEB', 'AMKEP', 'SPD', 'SKOM', 'SAG', 'SSOS', 'SIP', 'SKM', 'MPD', 'MSI', 'MKES', 'D1', 'D2', 'D3', 'D4'])

function isDegree(part: string): boolean {
  const p = part.trim()
  return p === '' || DOTTED_DEGREE.test(p) || COMPACT_DEGREES.has(p.replace(/[.\s]/g, ''))
}

function stripDegrees(upper: string): string {
  // Everything after the first comma is degrees when every part looks like one ("…, S.Pd., M.Pd").
  const comma = upper.indexOf(',')
  if (comma < 0) return upper
  return upper.slice(comma + 1).split(',').every(isDegree) ? upper.slice(0, comma) : upper
}

/** Upper case, NFKC, no controls, single spaces. The base of every comparison key. */
export function squash(text: string): string {
  return text
    .normalize('NFKC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/** Comparison key of a person's name: no titles, degrees, punctuation, case or extra spaces. */
export function nameKey(name: string): string {
  const upper = stripDegrees(squash(name))
  const words = upper
    .replace(/['’`]/g, '')
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '')
  while (words.length > 1 && LEADING_TITLES.has(words[0] ?? '')) words.shift()
  return words.join(' ')
}

/** Comparison key of free text (place of birth, address): case, spacing and punctuation ignored. */
export function textKey(text: string): string {
  return squash(text)
    .replace(/['’`]/g, '')
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** What an operator's typed name is stored as: trimmed, single spaces, no control characters. */
export function tidyText(text: string): string {
  return text
    .normalize('NFC')
    // Line breaks and tabs inside a cell separate words; other control characters are dropped.
    .replace(/[\t\n\r]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}
