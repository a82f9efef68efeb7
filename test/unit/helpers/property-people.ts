/**
 * The small kecamatan the identity property tests play with: seven people, each with a NIK, a KK and
 * a name in a few spellings, and lists (master, village file) that are re-sorted, gain or lose a
 * person and correct a name from one version to the next.
 */
import fc from 'fast-check'

export const PEOPLE = 7
const LETTERS = 'ABCDEFG'
export const nik = (i: number) => `340405${10 + i}0580000${i + 1}`
export const kk = (i: number) => `34040512011000${i}0`.slice(0, 16)
export const masterName = (i: number, v: number) => `NAMA${LETTERS[i]} ${['SATU', 'DUA'][v]}`
export const villageName = (i: number, v: number) => `NAMA${LETTERS[i]} ${['SATU', 'DUA', 'TIGA'][v]}`

/** How the next version of a list differs: its order (seed), a person dropped, added, renamed. */
export interface ListChange {
  seed: number
  drop: number | null
  add: number | null
  rename: number | null
}

// Mostly the people with something to decide (1 and 2 differ in name, 4 and 5 are missing), so sequences meet.
export const who = fc.constantFrom(0, 1, 1, 2, 2, 3, 4, 5, 5, 6)
const maybe = fc.option(who, { nil: null, freq: 2 })
export const change = { seed: fc.integer(), drop: maybe, add: maybe, rename: maybe }

const shuffle = (xs: number[], seed: number) => {
  const out = [...xs]
  let s = seed >>> 0
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** A new version of a list: shuffled, one person dropped (keeping at least `min`) or added, one name changed. */
export function next(list: number[], names: number[], variants: number, o: ListChange, min: number) {
  let people = list.filter((i) => !(o.drop === i && list.length > min))
  if (o.add !== null && !people.includes(o.add)) people.push(o.add)
  people = shuffle(people, o.seed)
  const renamed = [...names]
  if (o.rename !== null) renamed[o.rename] = (renamed[o.rename]! + 1) % variants
  return { people, names: renamed }
}
