/**
 * Header words as villages and programs abbreviate them, written out in full before the synonym
 * lookup: "Hub. Dlm Kel." → HUBUNGAN DALAM KELUARGA, SIAK `TMPT_LHR` → TEMPAT LAHIR, Kobo
 * `anggota/nama` → NAMA, Regsosek `R402 Nama ART` → NAMA ANGGOTA RUMAH TANGGA.
 */

/** One abbreviation → its full word(s); KEL depends on its neighbour (wordsOf). */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  HUB: 'HUBUNGAN',
  HBG: 'HUBUNGAN',
  HUBUNG: 'HUBUNGAN',
  HBKEL: 'HUBUNGAN KELUARGA',
  DLM: 'DALAM',
  DGN: 'DENGAN',
  DG: 'DENGAN',
  KET: 'KETERANGAN',
  KETR: 'KETERANGAN',
  TGL: 'TANGGAL',
  TG: 'TANGGAL',
  TANGGL: 'TANGGAL',
  LHR: 'LAHIR',
  TMP: 'TEMPAT',
  TPT: 'TEMPAT',
  TMPT: 'TEMPAT',
  JNS: 'JENIS',
  KLMN: 'KELAMIN',
  KLMIN: 'KELAMIN',
  KLM: 'KELAMIN',
  NO: 'NOMOR',
  NMR: 'NOMOR',
  NOMER: 'NOMOR',
  LGKP: 'LENGKAP',
  LKP: 'LENGKAP',
  STAT: 'STATUS',
  STTS: 'STATUS',
  ART: 'ANGGOTA RUMAH TANGGA',
  KAB: 'KABUPATEN',
  KEC: 'KECAMATAN',
  PROP: 'PROVINSI',
  PROV: 'PROVINSI',
  PKRJN: 'PEKERJAAN',
  KPL: 'KEPALA'
}

/** Words after which KEL means KELUARGA (HUB KEL, DALAM KEL) or KELAMIN (JENIS KEL); else KELURAHAN. */
const KEL_FAMILY = new Set(['HUBUNGAN', 'DALAM', 'DENGAN', 'STATUS', 'KEPALA', 'KARTU', 'ANGGOTA'])

/**
 * Regsosek 2022 blok IV question numbers (BPS; test/fixtures/corpus/SOURCES.md): a header that is
 * only the code names the item; a code before words ("R402 Nama ART") is dropped.
 */
const REGSOSEK: Readonly<Record<string, string>> = {
  R402: 'NAMA',
  R403: 'NIK',
  R404: 'KEBERADAAN',
  R405: 'JENIS KELAMIN',
  R406: 'TANGGAL LAHIR',
  R409: 'HUBUNGAN DENGAN KEPALA KELUARGA'
}

/** The header's words: camelCase and joined machine names split, punctuation and `_` `-` `/` as spaces. */
export function splitWords(header: string): string[] {
  return header
    .normalize('NFKC')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
}

/** The words written out in full: "HUB DLM KEL" → HUBUNGAN DALAM KELUARGA. */
export function expandWords(words: readonly string[]): string {
  const out: string[] = []
  const first = words[0] ?? ''
  const rest = /^R\d{3}[A-Z]?$/.test(first) && words.length > 1 ? words.slice(1) : words
  if (rest.length === 1 && REGSOSEK[first]) return REGSOSEK[first]
  for (const w of rest) {
    const prev = out.length > 0 ? out[out.length - 1]!.split(' ').pop()! : ''
    if (w === 'KEL') out.push(prev === 'JENIS' ? 'KELAMIN' : KEL_FAMILY.has(prev) ? 'KELUARGA' : 'KELURAHAN')
    else out.push(ABBREVIATIONS[w] ?? w)
  }
  return out.join(' ')
}

/** A header's key with its abbreviations written out ("Tmp. Lhr" → TEMPAT LAHIR). */
export function expandedKey(header: string): string {
  return expandWords(splitWords(header))
}

/**
 * The variable name of a machine header with group prefixes (Kobo `anggota/nama`, ODK `art-nik`):
 * its last part, or null for a header written by a person (spaces, or no separator at all).
 */
export function lastPart(header: string): string | null {
  const h = header.trim()
  if (/\s/.test(h) || !/[a-z]/.test(h)) return null
  const parts = h.split(/[/-]/).filter((p) => p !== '')
  return parts.length > 1 ? parts[parts.length - 1]! : null
}
