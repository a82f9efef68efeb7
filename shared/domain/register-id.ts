/**
 * The register's own person ids in a master extract (docs/architecture.md, Identity): DTSEN's
 * person id (SIKS-NG `idsemesta`, written "ID DTSEN" in extracts) and DTKS's (`id_dtks`, "ID DTKS").
 * They do not change when the Dukcapil corrects a NIK, so a renewed master re-links a person whose
 * NIK was corrected by them (carry-forward). Family ids (`id_keluarga`, "ID Keluarga", ID BDT of a
 * household) are shared by every member: never a person's id, so never read as one.
 * Sources: ../shared/research/domain.md 2.2–2.5 (wp-siks DTSEN/DTKS records, dtks-sulteng import).
 */

export type RegisterIdKind = 'id_dtsen' | 'id_dtks'

/** Header keys (upper case, punctuation and `_` as spaces, as headerKey) naming each id. */
const HEADERS: Readonly<Record<RegisterIdKind, readonly string[]>> = {
  id_dtsen: ['ID DTSEN', 'IDDTSEN', 'ID DTSEN ART', 'ID ART DTSEN', 'IDSEMESTA', 'ID SEMESTA', 'ID DTSEN INDIVIDU', 'ID INDIVIDU DTSEN'],
  id_dtks: ['ID DTKS', 'IDDTKS', 'ID DTKS ART', 'ID ART DTKS', 'ID DTKS INDIVIDU', 'ID INDIVIDU DTKS']
}

const LOOKUP = new Map<string, RegisterIdKind>()
for (const [kind, names] of Object.entries(HEADERS) as [RegisterIdKind, readonly string[]][]) {
  for (const n of names) {
    LOOKUP.set(n, kind)
    LOOKUP.set(n.replace(/ /g, ''), kind)
  }
}

/** Which register id a header names ("ID DTSEN", "IDDTKS", "id_dtks", "IDSEMESTA"), or null. */
export function registerIdKind(header: string): RegisterIdKind | null {
  const key = header
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
  return LOOKUP.get(key) ?? LOOKUP.get(key.replace(/ /g, '')) ?? null
}

/**
 * An id as stored: spaces dropped, upper case; '' when it cannot be trusted to name one person
 * (empty, a dash, Excel's "1.23E+15" that lost its last digits, or a run of zeros).
 */
export function registerIdValue(text: string): string {
  const v = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase().replace(/^'/, '')
  if (v === '' || /^[-.0]*$/.test(v)) return ''
  if (/^\d+(\.\d+)?E\+?\d+$/.test(v)) return ''
  return v
}

/** Each header's kind, once: a master's 60,000 rows repeat the same twenty headers. */
const KIND_OF_HEADER = new Map<string, RegisterIdKind | null>()

function cachedKind(header: string): RegisterIdKind | null {
  let kind = KIND_OF_HEADER.get(header)
  if (kind === undefined) {
    kind = registerIdKind(header)
    // Bounded: headers come from untrusted files.
    if (KIND_OF_HEADER.size > 10_000) KIND_OF_HEADER.clear()
    KIND_OF_HEADER.set(header, kind)
  }
  return kind
}

/** The register ids of a row, from its raw (header, text) cells: the first column naming each kind. */
export function registerIdsOf(raw: readonly (readonly [string, string])[]): Record<RegisterIdKind, string> {
  const out: Record<RegisterIdKind, string> = { id_dtsen: '', id_dtks: '' }
  const seen = new Set<RegisterIdKind>()
  for (const [header, text] of raw) {
    const kind = cachedKind(header)
    if (kind === null || seen.has(kind)) continue
    seen.add(kind)
    out[kind] = registerIdValue(text)
  }
  return out
}
