/**
 * Finding the header row of a village or master sheet and mapping its headers to person fields
 * through a synonym table (Indonesian spellings, OpenSID machine headers, DTSEN extract headers).
 */
import type { PersonField } from './fields'
import { expandedKey, lastPart } from './header-words'

/** A column can also hold two fields at once; the importer splits these. */
export type HeaderTarget = PersonField | 'tempat_tanggal_lahir' | 'rt_rw'

/** "No. NIK" → "NO NIK"; "tanggallahir" stays one word; underscores count as spaces. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
}

const SYNONYMS: Record<HeaderTarget, string[]> = {
  nik: [
    'NIK',
    'NO NIK',
    'NOMOR NIK',
    'NOMOR INDUK KEPENDUDUKAN',
    'NIK ART',
    'NIK ANGGOTA',
    'NIK PENDUDUK',
    'NO INDUK KEPENDUDUKAN',
    'NIK ANGGOTA KELUARGA'
  ],
  no_kk: ['NO KK', 'NOMOR KK', 'NOMOR KARTU KELUARGA', 'NO KARTU KELUARGA', 'KK', 'NKK', 'NO KK ART', 'NOKK', 'NOMER KK', 'NO KARTU KK'],
  nama: [
    'NAMA',
    'NAMA LENGKAP',
    'NAMA ANGGOTA KELUARGA',
    'NAMA ART',
    'NAMA PENDUDUK',
    'NAMA ANGGOTA',
    'NAMA SESUAI KTP',
    'NAMA KTP',
    'NAMA PENERIMA'
  ],
  jenis_kelamin: ['JK', 'L P', 'JENIS KELAMIN', 'SEX', 'KELAMIN', 'JNS KELAMIN', 'JENIS KEL', 'GENDER', 'L DAN P'],
  tempat_lahir: ['TEMPAT LAHIR', 'TEMPATLAHIR', 'TMP LAHIR', 'TEMPAT', 'TMPT LAHIR', 'TPT LAHIR'],
  tanggal_lahir: ['TANGGAL LAHIR', 'TGL LAHIR', 'TANGGALLAHIR', 'TGL LHR', 'TANGGAL', 'TGL', 'TANGGAL LHR', 'TGLLAHIR'],
  tempat_tanggal_lahir: ['TEMPAT TANGGAL LAHIR', 'TEMPAT TGL LAHIR', 'TTL', 'TEMPAT TGL LHR', 'TMP TGL LAHIR', 'TEMPAT DAN TANGGAL LAHIR'],
  shdk: [
    'SHDK',
    'HUB KELUARGA',
    'HUBUNGAN KELUARGA',
    'STATUS HUBUNGAN DALAM KELUARGA',
    'HUBUNGAN DENGAN KEPALA KELUARGA',
    'HUB DENGAN KK',
    'HUB DGN KK',
    'KK LEVEL',
    'HUBUNGAN',
    'STATUS DALAM KELUARGA',
    'HUB DGN KEPALA KELUARGA',
    'HUBUNGAN DALAM KELUARGA',
    // DTSEN member records (SIKS-NG): `hub_kepala_keluarga`. Listed, because KEPALA in a longer
    // header otherwise means the header is about the head of the family (OTHER_SUBJECT).
    'HUB KEPALA KELUARGA',
    'HUBUNGAN KEPALA KELUARGA',
    // SIAK `STAT_HBKEL`, and lists that write the status out.
    'STATUS HUBUNGAN',
    'STATUS HUBUNGAN KELUARGA',
    'HUB KEL'
  ],
  alamat: ['ALAMAT', 'ALAMAT LENGKAP', 'ALAMAT RUMAH', 'JALAN', 'ALAMAT DOMISILI'],
  rt: ['RT', 'NO RT'],
  rw: ['RW', 'NO RW'],
  rt_rw: ['RT RW', 'RT DAN RW'],
  dusun: ['DUSUN', 'BANJAR', 'LINGKUNGAN', 'KAMPUNG', 'DUKUH', 'NAMA DUSUN', 'JORONG', 'KORONG'],
  desa: ['DESA', 'NAMA DESA', 'DESA KELURAHAN', 'KELURAHAN', 'NAMA KELURAHAN', 'KEL DESA', 'DESA KEL', 'NAMA DESA KELURAHAN', 'KEL NAME'],
  keterangan: [
    'KETERANGAN',
    'KET',
    'HASIL MUSDES',
    'KETERANGAN MUSDES',
    'STATUS ANGGOTA',
    'STATUS KEBERADAAN',
    'HASIL VERIFIKASI',
    'KETERANGAN HASIL MUSDES',
    'STATUS',
    // Usulan lists, muskel (kelurahan), OpenSID `status_dasar`, Regsosek/Kobo keberadaan, ODK `hasil-status`.
    'JENIS USULAN',
    'ALASAN',
    'ALASAN USULAN',
    'HASIL MUSKEL',
    'KETERANGAN MUSKEL',
    'KETERANGAN HASIL MUSKEL',
    'HASIL MUSDES MUSKEL',
    'KETERANGAN HASIL MUSDES MUSKEL',
    'STATUS DASAR',
    'KEBERADAAN',
    'KEBERADAAN ART',
    'STATUS KEBERADAAN ART',
    'HASIL STATUS'
  ]
}

/** Headers whose meaning the column's values decide (locate-table.ts): bare STATUS is the musdes
 * result in a musdes list but the residence status (Tetap/Pendatang) in an OpenSID export. */
export const CONTENT_DECIDES: ReadonlySet<string> = new Set(['STATUS'])

export const HEADER_TARGETS = Object.keys(SYNONYMS) as HeaderTarget[]

const LOOKUP = new Map<string, HeaderTarget>()
for (const [target, names] of Object.entries(SYNONYMS) as [HeaderTarget, string[]][]) {
  for (const name of names) LOOKUP.set(name, target)
}
/** The synonyms with their abbreviations written out too ("TGL LHR" → TANGGAL LAHIR), for expanded headers. */
const CANON = new Map<string, HeaderTarget>(LOOKUP)
for (const [name, target] of LOOKUP) if (!CANON.has(expandedKey(name))) CANON.set(expandedKey(name), target)

export function mapHeader(header: string): HeaderTarget | null {
  return scoreHeader(header)?.target ?? null
}

export type MatchHow = 'exact' | 'fuzzy' | 'template' | 'manual'

export interface HeaderScore {
  target: HeaderTarget
  /** 1 for a synonym as written; lower for a near spelling or a synonym inside a longer header. */
  confidence: number
  how: MatchHow
}

/** Synonyms distinctive enough to name the field inside a longer header ("NIK (16 DIGIT)"). */
const DISTINCTIVE = new Set([
  'NIK',
  'NO KK',
  'NOMOR KK',
  'NKK',
  'SHDK',
  'NAMA LENGKAP',
  'TANGGAL LAHIR',
  'TGL LAHIR',
  'TEMPAT LAHIR',
  'JENIS KELAMIN',
  'HUBUNGAN KELUARGA',
  'KETERANGAN',
  'ALAMAT',
  'DUSUN'
])
/** Words that make a header about something else ("NIK KEPALA KELUARGA", "TANGGAL MUSDES"). */
const OTHER_SUBJECT =
  /\b(KEPALA|KK LAMA|LAMA|IBU|AYAH|BAPAK|SUAMI|ISTRI|MUSDES|MUSYAWARAH|INPUT|UPDATE|PERUBAHAN|KEMATIAN|MENINGGAL|PINDAH|JUMLAH)\b/
const FUZZY_MIN = 0.86

/** Letter counts of a text (every code above 127 counted as one letter: a bound, not a spelling). */
function charBag(text: string): Int32Array {
  const bag = new Int32Array(128)
  for (let i = 0; i < text.length; i++) bag[Math.min(text.charCodeAt(i), 127)]!++
  return bag
}

/** A lower bound of the edit distance: letters one text has more of, or the other (a swap changes neither). */
function bagDistance(a: Int32Array, b: Int32Array): number {
  let more = 0
  let fewer = 0
  for (let i = 0; i < 128; i++) {
    const d = a[i]! - b[i]!
    if (d > 0) more += d
    else fewer -= d
  }
  return Math.max(more, fewer)
}

/** The synonyms long enough for a near spelling to count, with their letter counts, computed once. */
const FUZZY_NAMES = [...CANON].filter(([name]) => name.length >= 4).map(([name, target]) => ({ name, target, bag: charBag(name) }))

/** A header about someone else ("NIK KEPALA KELUARGA", "Tgl Lhr Ibu"): its values are not the person's either. */
export function namesOtherSubject(header: string): boolean {
  return OTHER_SUBJECT.test(headerKey(header)) || OTHER_SUBJECT.test(expandedKey(header))
}

/**
 * The field a header names, with a confidence: a synonym (1), a synonym without its spaces
 * (0.95), a near spelling of a synonym ("NAMA LENGKPA", ≥ 0.86 similar → 0.7–0.9), or a
 * distinctive synonym inside a longer header ("NIK (16 DIGIT)" → 0.8). Null when none.
 */
export function scoreHeader(header: string): HeaderScore | null {
  // Cached: the header scan reads each cell twice (alone and as the lower half of a two-row
  // header), and the same title and header texts recur file after file.
  if (header.length > CACHED_HEADER_CHARS) return scoreUncached(header)
  let score = scoreCache.get(header)
  if (score === undefined) {
    if (scoreCache.size >= SCORE_CACHE_SIZE) scoreCache.clear()
    score = scoreUncached(header)
    scoreCache.set(header, score)
  }
  return score
}

const CACHED_HEADER_CHARS = 200
const SCORE_CACHE_SIZE = 4096
const scoreCache = new Map<string, HeaderScore | null>()

function scoreUncached(header: string): HeaderScore | null {
  const key = headerKey(header)
  if (key === '' || /^\d+$/.test(key)) return null
  const exact = LOOKUP.get(key)
  if (exact) return { target: exact, confidence: 1, how: 'exact' }
  const squashed = LOOKUP.get(key.replace(/ /g, ''))
  if (squashed) return { target: squashed, confidence: 0.95, how: 'exact' }
  // Abbreviations written out (header-words.ts): a documented reading, not a guess.
  const expanded = key.length > 200 ? key : expandedKey(header)
  const written = CANON.get(expanded)
  if (written) return { target: written, confidence: 0.95, how: 'exact' }
  // Kobo/ODK group prefixes (`anggota/nama`, `art-jk`): the variable's own name decides.
  const part = lastPart(header)
  const ofPart = part !== null ? (LOOKUP.get(headerKey(part)) ?? CANON.get(expandedKey(part))) : undefined
  if (ofPart) return { target: ofPart, confidence: 0.9, how: 'exact' }
  // A list of values or a format in brackets ("STATUS (TETAP/MENINGGAL/PINDAH)", "NIK (16 DIGIT)").
  const bare = header.replace(/\(([^)]*[/,-][^)]*|\s*\d+\s*DIGIT\s*)\)/gi, ' ')
  const ofBare = bare !== header ? CANON.get(expandedKey(bare)) : undefined
  if (ofBare) return { target: ofBare, confidence: 0.9, how: 'exact' }
  if (OTHER_SUBJECT.test(key) || OTHER_SUBJECT.test(expanded)) return null
  let best: HeaderScore | null = null
  for (const probe of expanded === key ? [key] : [key, expanded]) {
    if (probe.length < 4) continue
    let bag: Int32Array | null = null
    for (const { name, target, bag: nameBag } of FUZZY_NAMES) {
      const longer = Math.max(probe.length, name.length)
      // Lengths too far apart can never be similar enough: skipping them keeps a long cell (a
      // 1 MB text among the rows scanned for the header) from costing seconds of edit distance.
      if (Math.abs(probe.length - name.length) > (1 - FUZZY_MIN) * longer) continue
      // Nor can letters too far apart (most data cells scanned, "SUPARMAN", stop here, cheaply).
      bag ??= charBag(probe)
      if (1 - bagDistance(bag, nameBag) / longer < FUZZY_MIN) continue
      const sim = similarity(probe, name)
      if (sim >= FUZZY_MIN && (!best || sim * 0.9 > best.confidence))
        best = { target, confidence: Math.round(sim * 90) / 100, how: 'fuzzy' }
    }
  }
  if (best) return best
  for (const padded of [` ${key} `, ` ${expanded} `]) {
    for (const name of DISTINCTIVE) {
      if (padded.includes(` ${name} `)) return { target: LOOKUP.get(name)!, confidence: 0.8, how: 'fuzzy' }
    }
  }
  return null
}

/** 1 − edit distance / longer length; a swap of two neighbours counts as one edit ("LENGKPA"). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return 0
  // Optimal string alignment distance, three rolling rows.
  let before: number[] = []
  let prev = Array.from({ length: m + 1 }, (_, j) => j)
  for (let i = 1; i <= n; i++) {
    const cur = [i]
    for (let j = 1; j <= m; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1)
      cur[j] = d
    }
    before = prev
    prev = cur
  }
  return 1 - prev[m]! / Math.max(n, m)
}

export interface HeaderMatch extends HeaderScore {
  column: number
  header: string
}

export interface HeaderRowMapping {
  matches: HeaderMatch[]
  /** Headers that mapped to a field a better (or earlier, equally good) column took. */
  duplicates: HeaderMatch[]
  /** Sum of the confidences: how well this row reads as a header. */
  score: number
}

export function mapHeaderRow(cells: readonly string[]): HeaderRowMapping {
  const scored: HeaderMatch[] = []
  cells.forEach((header, column) => {
    const s = scoreHeader(header)
    if (s) scored.push({ column, header: header.trim(), ...s })
  })
  return pickPerTarget(scored)
}

/** One column per field: the most confident, the leftmost among equals. */
function pickPerTarget(scored: HeaderMatch[]): HeaderRowMapping {
  const best = new Map<HeaderTarget, HeaderMatch>()
  for (const m of scored) {
    const cur = best.get(m.target)
    if (!cur || m.confidence > cur.confidence) best.set(m.target, m)
  }
  const chosen = new Set(best.values())
  const matches = scored.filter((m) => chosen.has(m))
  const duplicates = scored.filter((m) => !chosen.has(m))
  return { matches, duplicates, score: matches.reduce((n, m) => n + m.confidence, 0) }
}

/** Fields a row must map for it to be taken as the header row. */
const HEADER_MIN_FIELDS = 2

/** Rows from the top of a sheet where a header row is looked for (title rows sit above it). */
export const HEADER_SCAN_ROWS = 40

export interface HeaderRowFound extends HeaderRowMapping {
  /** Index into the rows given: the (lower) header row; data starts below it. */
  index: number
  /** 2 when the header is split over two rows (a merged group header above its parts). */
  rows: 1 | 2
}

/**
 * Header texts of a two-row header: a part under a group header ("TEMPAT" under a merged
 * "TEMPAT/TGL LAHIR") names the column; where the lower cell is empty (merged vertically) the
 * upper one does.
 */
export function twoRowHeaders(upper: readonly string[], lower: readonly string[]): string[] {
  const out: string[] = []
  for (let c = 0; c < Math.max(upper.length, lower.length); c++) {
    const below = (lower[c] ?? '').trim()
    out.push(below !== '' ? below : (upper[c] ?? ''))
  }
  return out
}

/**
 * The header row among the first `maxScan` rows: the one (or the pair of rows) whose headers map
 * best, NIK included. Title rows above it ("DAFTAR HASIL MUSDES …") map nothing and are skipped.
 */
export function findHeaderRow(rows: readonly (readonly string[])[], maxScan = HEADER_SCAN_ROWS): HeaderRowFound | null {
  let best: HeaderRowFound | null = null
  const limit = Math.min(rows.length, maxScan)
  for (let index = 0; index < limit; index++) {
    const readings: [1 | 2, readonly string[]][] = [[1, rows[index] ?? []]]
    // A second row under the best header so far may complete it (parts under a merged group header);
    // so may one under a group row that alone has no NIK ("IDENTITAS" merged over NIK | NO. KK | NAMA).
    if (index > 0 && (best === null || (best.index === index - 1 && best.rows === 1)))
      readings.push([2, twoRowHeaders(rows[index - 1] ?? [], rows[index] ?? [])])
    for (const [n, cells] of readings) {
      const mapping = mapHeaderRow(cells)
      if (!mapping.matches.some((m) => m.target === 'nik') || mapping.matches.length < HEADER_MIN_FIELDS) continue
      // The two-row reading wins only when it maps clearly better than the upper row alone.
      if (best === null || mapping.score > best.score + (n === 2 ? 0.5 : 0)) best = { index, rows: n, ...mapping }
    }
  }
  return best
}

/** Applies a header mapping chosen elsewhere (an operator's, a template's) to a header row. */
export function fixedMapping(
  cells: readonly string[],
  chosen: readonly { column: number; target: HeaderTarget; how: MatchHow }[]
): HeaderRowMapping {
  const matches = chosen.map((c) => ({
    column: c.column,
    header: (cells[c.column] ?? '').trim(),
    target: c.target,
    confidence: 1,
    how: c.how
  }))
  return { matches, duplicates: [], score: matches.length }
}

/** The person fields a set of column targets fills (a combined column fills both of its fields). */
export function fieldsOfTargets(targets: Iterable<HeaderTarget>): Set<PersonField> {
  const out = new Set<PersonField>()
  for (const t of targets) {
    if (t === 'tempat_tanggal_lahir') out.add('tempat_lahir').add('tanggal_lahir')
    else if (t === 'rt_rw') out.add('rt').add('rw')
    else out.add(t)
  }
  return out
}

/** Fields a stored mapping fills; mappings saved before `target` existed are read by their header. */
export function fieldsOfMapping(mapping: readonly { field: PersonField; target?: HeaderTarget; header: string }[]): Set<PersonField> {
  return fieldsOfTargets(mapping.map((m) => m.target ?? scoreHeader(m.header)?.target ?? m.field))
}

/** Excel column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    out = String.fromCharCode(65 + rem) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}
