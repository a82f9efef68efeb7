/**
 * Stable identity of a person across versions of the data (docs/architecture.md, Identity):
 * a master person or a village row is named by its NIK when the NIK is usable, else by a content
 * fingerprint (name key, birth date, KK). Rows sharing one within a file or master get `~2`,
 * `~3` … in the order of their values, so the same data gives the same names however it is sorted.
 * Never a row number: a renewed master reuses row ids for other people.
 */
import { PERSON_FIELDS, type PersonValues } from './fields'
import { nameKey } from './names'
import { nikProblem } from './nik'

type IdentityInput = Pick<PersonValues, 'nik' | 'nama' | 'tanggal_lahir' | 'no_kk'> & Partial<PersonValues> & { nik_origin?: string }

/** The base of a person's identity: `nik=<NIK>` or `fp=<name>|<birth date>|<KK>`. No ':' (finding keys use it). */
export function identityBase(p: IdentityInput): string {
  const nik = String(p.nik ?? '')
  if (p.nik_origin !== 'lossy' && nikProblem(nik) === null) return `nik=${nik}`
  return `fp=${nameKey(String(p.nama ?? ''))}|${String(p.tanggal_lahir ?? '')}|${String(p.no_kk ?? '')}`.replace(/:/g, '')
}

const contentOf = (p: IdentityInput) => PERSON_FIELDS.map((f) => String(p[f] ?? '')).join('\u0001')

/** The identity of each row, in the order given; duplicates disambiguated by their values. */
export function identities(rows: readonly IdentityInput[]): string[] {
  const bases = rows.map(identityBase)
  const groups = new Map<string, number[]>()
  bases.forEach((b, i) => {
    const list = groups.get(b)
    if (list) list.push(i)
    else groups.set(b, [i])
  })
  const out = [...bases]
  for (const [base, idx] of groups) {
    if (idx.length < 2) continue
    const sorted = [...idx].sort((a, b) => {
      const ca = contentOf(rows[a]!)
      const cb = contentOf(rows[b]!)
      return ca < cb ? -1 : ca > cb ? 1 : a - b
    })
    sorted.forEach((i, n) => {
      out[i] = n === 0 ? base : `${base}~${n + 1}`
    })
  }
  return out
}

/** A decision's subject: the master person (`m/<identity>`) or a desa's village row (`v/<desa key>/<identity>`). */
export const masterSubject = (identity: string): string => `m/${identity}`
export const villageSubject = (desaKey: string, identity: string): string => `v/${desaKey}/${identity}`
