/**
 * Regions: how desa names compare (desaKey), and what differs between kabupaten: the name of the
 * part of a village (dusun, banjar in Bali, lingkungan in a city, …) and who signs the kecamatan's
 * recapitulation. No national rule fixes these (DOMAIN.md): Cermat suggests from the kabupaten's
 * name and the operator decides.
 */
export const SUB_VILLAGE_LABELS = ['dusun', 'dukuh', 'banjar', 'lingkungan', 'kampung', 'jorong'] as const
export type SubVillageLabel = (typeof SUB_VILLAGE_LABELS)[number]

/** Who prepared, checked and approved the recapitulation, in the order they sign. */
export const SIGNATORY_ROLES = ['prepared', 'checked', 'approved'] as const
export type SignatoryRole = (typeof SIGNATORY_ROLES)[number]

export interface Signatory {
  role: SignatoryRole
  /** Jabatan as printed above the signature, e.g. "Camat Mlati". */
  title: string
  /** Printed under the signature; may stay empty (written by hand). */
  name: string
  /** NIP (civil-servant number) printed under the name; absent in settings saved before it existed. */
  nip?: string
}

const BALI = ['BADUNG', 'BANGLI', 'BULELENG', 'GIANYAR', 'JEMBRANA', 'KARANGASEM', 'KLUNGKUNG', 'TABANAN', 'DENPASAR']
const YOGYAKARTA = ['SLEMAN', 'BANTUL', 'KULON PROGO', 'KULONPROGO', 'GUNUNGKIDUL', 'GUNUNG KIDUL']

const squash = (s: string) =>
  s
    .normalize('NFKC')
    .toUpperCase()
    .replace(/^\s*(KABUPATEN|KAB\.?)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim()

/** The usual sub-village name in a kabupaten: banjar in Bali, padukuhan in Yogyakarta, lingkungan in a city, else dusun. */
export function suggestSubVillageLabel(kabupaten: string): SubVillageLabel {
  const k = squash(kabupaten)
  if (BALI.some((b) => k === b || k === `KOTA ${b}`)) return 'banjar'
  if (k.startsWith('KOTA ')) return 'lingkungan'
  if (YOGYAKARTA.includes(k)) return 'dukuh'
  return 'dusun'
}

/** Signatories as most kecamatan sign a verification recap; titles name the kecamatan when known. */
export function defaultSignatories(kecamatan: string): Signatory[] {
  const of = kecamatan.trim() ? ` ${kecamatan.trim()}` : ''
  return [
    { role: 'prepared', title: `Operator SIKS-NG Kecamatan${of}`, name: '' },
    { role: 'checked', title: `TKSK Kecamatan${of}`, name: '' },
    { role: 'approved', title: `Camat${of}`, name: '' }
  ]
}

export function isSubVillageLabel(x: unknown): x is SubVillageLabel {
  return typeof x === 'string' && (SUB_VILLAGE_LABELS as readonly string[]).includes(x)
}

/** Desa names compare by this key: "Desa Sumber Adi" and "SUMBERADI" are the same desa. */
export function desaKey(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .replace(/^\s*(DESA|KELURAHAN|KEL\.?|DS\.?)\s+/, '')
    .replace(/[^A-Z0-9]/g, '')
}
