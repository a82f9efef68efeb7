/**
 * Name and free-text normalisation for comparison. The stored value keeps what the village wrote;
 * these keys only decide whether two values say the same thing. Case, spacing and punctuation
 * alone are never a conflict; academic and religious titles are not part of the name.
 */

/** Leading titles (after punctuation is removed): haji/hajah, Dr, Drs, Ir, Prof, Kyai Haji … */
const LEADING_TITLES = new Set([
  'H',
  'HJ',
  'HAJI',
  'HAJAH',
  'HAJJAH',
  'DR',
  'DRS',
  'DRA',
  'IR',
  'PROF',
  'KH',
  'USTADZ',
  'UST',
  'NY',
  'TN',
  'SDR',
  'SDRI'
])

/**
 * Academic degrees written after the name, usually after a comma: "S.Pd", "S.Pd.I", "S.Kom", "M.Pd",
 * "A.Md.Keb", "D3", or well-known compact forms (SE, SH, MM). A dotted letter+letters part is a
 * degree; a plain word ("Santoso") is not.
 */
const DOTTED_DEGREE = /^(S|M|A|D[1-4]|Dr|Ir|Ns|Lc)\.\s?[A-Z]/i
const COMPACT_DEGREES = new Set([
  'SE',
  'SH',
  'ST',
  'SP',
  'SS',
  'MM',
  'MH',
  'MT',
  'MA',
  'MBA',
  'PHD',
  'BSC',
  'BA',
  'LC',
  'AMD',
  'AMK',
  'AMKEB',
  'AMKEP',
  'SPD',
  'SKOM',
  'SAG',
  'SSOS',
  'SIP',
  'SKM',
  'MPD',
  'MSI',
  'MKES',
  'D1',
  'D2',
  'D3',
  'D4'
])

function isDegree(part: string): boolean {
  const p = part.trim()
  return p === '' || DOTTED_DEGREE.test(p) || COMPACT_DEGREES.has(p.replace(/[.\s]/g, ''))
}

function stripDegrees(upper: string): string {
  // Everything after the first comma is degrees when every part looks like one ("…, S.Pd., M.Pd").
  const comma = upper.indexOf(',')
  if (comma < 0) return upper
  return upper
    .slice(comma + 1)
    .split(',')
    .every(isDegree)
    ? upper.slice(0, comma)
    : upper
}

/**
 * Printable ASCII words with single spaces between them: already what normalising, dropping
 * controls and collapsing spaces would make of it, as most cells of a register are (2.5 million
 * cells at 60,000 people: the normalisation alone cost ~0.5 s).
 */
const TIDY_ASCII = /^(?:[!-~]+ )*[!-~]+$/

/** Upper case, NFKC, no controls, single spaces. The base of every comparison key. */
export function squash(text: string): string {
  if (TIDY_ASCII.test(text)) return text.toUpperCase()
  return (
    text
      .normalize('NFKC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
      .toUpperCase()
      .replace(/\s+/g, ' ')
      .trim()
  )
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
  if (TIDY_ASCII.test(text)) return text
  return (
    text
      .normalize('NFC')
      // Line breaks and tabs inside a cell separate words; other control characters are dropped.
      .replace(/[\t\n\r]/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  )
}

/**
 * Words written in several ways for the same name: the Arabic-origin names' common spellings and
 * short forms, and Balinese birth-order names abbreviated on forms (WYN, KTUT, KDK …).
 */
const WORD_FORMS: Record<string, string> = {
  MUHAMAD: 'MUHAMMAD',
  MOHAMMAD: 'MUHAMMAD',
  MOHAMAD: 'MUHAMMAD',
  MOHAMMED: 'MUHAMMAD',
  MUHAMMED: 'MUHAMMAD',
  MOCHAMMAD: 'MUHAMMAD',
  MOCHAMAD: 'MUHAMMAD',
  MOCHAMED: 'MUHAMMAD',
  MUCHAMMAD: 'MUHAMMAD',
  MUCHAMAD: 'MUHAMMAD',
  MOH: 'MUHAMMAD',
  MOCH: 'MUHAMMAD',
  MUH: 'MUHAMMAD',
  MHD: 'MUHAMMAD',
  MOHD: 'MUHAMMAD',
  MUHD: 'MUHAMMAD',
  MUCH: 'MUHAMMAD',
  ACHMAD: 'AHMAD',
  ACHMED: 'AHMAD',
  AHMED: 'AHMAD',
  AKHMAD: 'AHMAD',
  ABD: 'ABDUL',
  ABDOEL: 'ABDUL',
  NOOR: 'NUR',
  NOER: 'NUR',
  SITTI: 'SITI',
  WYN: 'WAYAN',
  KTUT: 'KETUT',
  KT: 'KETUT',
  KDK: 'KADEK',
  NYM: 'NYOMAN',
  NYMN: 'NYOMAN',
  KMG: 'KOMANG',
  PT: 'PUTU',
  MD: 'MADE',
  NGH: 'NENGAH',
  GST: 'GUSTI',
  NGR: 'NGURAH',
  NGRH: 'NGURAH',
  IB: 'IDA BAGUS',
  AA: 'ANAK AGUNG'
}

const BALINESE_ORDER = new Set(['WAYAN', 'PUTU', 'GEDE', 'MADE', 'KADEK', 'NENGAH', 'NYOMAN', 'KOMANG', 'KETUT', 'GUSTI', 'DEWA'])

/** Old (pre-1972) spelling and doubled letters folded: SOEHARTO = SUHARTO, DJOKO = JOKO, ABDULLAH = ABDULAH. */
function foldSpelling(word: string): string {
  return word
    .replace(/OE/g, 'U')
    .replace(/DJ/g, 'J')
    .replace(/TJ/g, 'C')
    .replace(/SJ/g, 'SY')
    .replace(/NJ/g, 'NY')
    .replace(/J/g, 'Y') // old spelling: J was Y (after DJ became J on both sides)
    .replace(/^CH/, 'C')
    .replace(/CH|KH/g, 'H')
    .replace(/SY/g, 'S')
    .replace(/([BDGKPST])H/g, '$1')
    .replace(/F/g, 'P')
    .replace(/IY/g, 'I')
    .replace(/(?<=[^AIUEO])Y(?=[AIUEO])/g, 'I')
    .replace(/Y$/, 'I')
    .replace(/(?<=[AIUEO])H$/, '')
    .replace(/([A-Z])\1+/g, '$1')
}

/**
 * A key under which spelling variants of one name meet: MUHAMAD / MOH. / MUHAMMAD, ACHMAD / AHMAD,
 * SOEHARTO / SUHARTO, I WYN / I WAYAN. Used to tell an operator "only the spelling differs" and
 * to find probable matches; two names with the same variant key are never declared equal by it.
 */
export function nameVariantKey(name: string): string {
  const words = nameKey(name)
    .split(' ')
    .flatMap((w) => (WORD_FORMS[w] ?? w).split(' '))
  // Balinese gender prefixes (I, NI) are often left out before the birth-order name.
  if (words.length > 1 && (words[0] === 'I' || words[0] === 'NI') && BALINESE_ORDER.has(words[1] ?? '')) words.shift()
  return words.map(foldSpelling).join(' ')
}

/** Jaro-Winkler similarity of two strings (0 … 1), prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1)
  const matchedA = new Uint8Array(la)
  const matchedB = new Uint8Array(lb)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window)
    const to = Math.min(lb - 1, i + window)
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue
      matchedA[i] = 1
      matchedB[j] = 1
      matches++
      break
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  for (let i = 0, j = 0; i < la; i++) {
    if (!matchedA[i]) continue
    while (!matchedB[j]) j++
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++
    j++
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3
  let prefix = 0
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}

/** Each word of both names matched to its most alike word in the other name, averaged. */
function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  const best = (w: string, other: readonly string[]) => Math.max(...other.map((o) => jaroWinkler(w, o)))
  let sum = 0
  for (const w of a) sum += best(w, b)
  for (const w of b) sum += best(w, a)
  return sum / (a.length + b.length)
}

/**
 * How alike two people's names are (0 … 1) after titles, case, punctuation and spelling variants
 * are set aside; word order does not matter ("SITI AMINAH" = "AMINAH SITI"). The whole-string
 * score is capped by the word-by-word one, so a shared common first name (MUHAMMAD ZAINAL /
 * MUHAMMAD SHOLEH) does not make two people alike.
 */
export function nameSimilarity(a: string, b: string): number {
  const ka = nameVariantKey(a)
  const kb = nameVariantKey(b)
  if (ka === '' || kb === '') return 0
  if (ka === kb) return 1
  const wa = ka.split(' ')
  const wb = kb.split(' ')
  const whole = Math.max(jaroWinkler(ka, kb), jaroWinkler([...wa].sort().join(' '), [...wb].sort().join(' ')))
  return Math.min(whole, wordSimilarity(wa, wb))
}
