/**
 * A person of the old master the new one lists under another identity (a NIK corrected by
 * Dukcapil) is the same person when the register's own id says so (register-id.ts): the same ID
 * DTSEN, else the same ID DTKS. Only a sure link counts — an id held by one person in each master,
 * not contradicted by the other id, pointing at a new identity that no one else is linked to.
 * Anything less is no link: the decision stays flagged (orphaned), never guessed.
 */
import type { RegisterIdKind } from './register-id'

export interface PersonIds {
  /** Stable identity (identity.ts, with the `m/` prefix): `m/nik=…` or `m/fp=…`. */
  subject: string
  nik: string
  id_dtsen: string | null
  id_dtks: string | null
}

export interface Relink {
  from: string
  to: string
  oldNik: string
  newNik: string
  via: RegisterIdKind
  id: string
}

export interface Relinks {
  bySubject: ReadonlyMap<string, Relink>
  /** By the old NIK, for a person the old master named by that NIK alone (`m/nik=<NIK>`). */
  byNik: ReadonlyMap<string, Relink>
}

export const NO_RELINKS: Relinks = { bySubject: new Map(), byNik: new Map() }

const KINDS: readonly RegisterIdKind[] = ['id_dtsen', 'id_dtks']

/** Per id kind, each id held by exactly one person → that person. */
function uniqueIds(people: readonly PersonIds[]): Map<RegisterIdKind, Map<string, PersonIds>> {
  const out = new Map<RegisterIdKind, Map<string, PersonIds>>()
  for (const kind of KINDS) {
    const seen = new Map<string, PersonIds | null>()
    for (const p of people) {
      const id = p[kind] ?? ''
      if (id === '') continue
      seen.set(id, seen.has(id) ? null : p)
    }
    const unique = new Map<string, PersonIds>()
    for (const [id, p] of seen) if (p) unique.set(id, p)
    out.set(kind, unique)
  }
  return out
}

/** The old master's people (with ids) that the new one lists under another identity, each linked to it. */
export function relinkPeople(before: readonly PersonIds[], after: readonly PersonIds[]): Relinks {
  const beforeSubjects = new Set(before.map((p) => p.subject))
  const afterSubjects = new Set(after.map((p) => p.subject))
  const oldIds = uniqueIds(before)
  const newIds = uniqueIds(after)
  const found: Relink[] = []
  for (const p of before) {
    if (afterSubjects.has(p.subject)) continue
    const targets = new Map<string, Relink>()
    let contradicted = false
    for (const kind of KINDS) {
      const id = p[kind] ?? ''
      if (id === '' || oldIds.get(kind)!.get(id) !== p) continue
      const q = newIds.get(kind)!.get(id)
      if (!q) continue
      // The other id, where both masters give one, must agree.
      const other = KINDS.find((k) => k !== kind)!
      if ((p[other] ?? '') !== '' && (q[other] ?? '') !== '' && p[other] !== q[other]) contradicted = true
      if (!targets.has(q.subject)) targets.set(q.subject, { from: p.subject, to: q.subject, oldNik: p.nik, newNik: q.nik, via: kind, id })
    }
    // Into an identity the old master already had: two people merged, not a correction.
    if (contradicted || targets.size !== 1) continue
    const link = [...targets.values()][0]!
    if (!beforeSubjects.has(link.to)) found.push(link)
  }
  const hits = new Map<string, number>()
  for (const l of found) hits.set(l.to, (hits.get(l.to) ?? 0) + 1)
  const sure = found.filter((l) => hits.get(l.to) === 1)
  return {
    bySubject: new Map(sure.map((l) => [l.from, l])),
    byNik: new Map(sure.filter((l) => l.from === `m/nik=${l.oldNik}`).map((l) => [l.oldNik, l]))
  }
}
