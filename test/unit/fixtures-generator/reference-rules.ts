/**
 * Reference rules: what a correct checker raises on its own (household and NIK consistency), so
 * that labels can be told apart from findings the data implies anyway.
 */
import { expect } from 'vitest'

import { decodeNik, type Label } from '../../fixtures/generator/index.mts'
import type { RowValues } from './normalise'

export const KK_LABEL_CODES: readonly string[] = ['KK_MULTIPLE_HEADS', 'KK_NO_HEAD', 'KK_CHILD_OLDER_THAN_PARENT']
export const NIK_CONSISTENCY: readonly ('NIK_BIRTHDATE_MISMATCH' | 'NIK_GENDER_MISMATCH')[] = [
  'NIK_BIRTHDATE_MISMATCH',
  'NIK_GENDER_MISMATCH'
]

/** DTSEN groups (shdkToDtsen): 1 head, 2 spouse (Istri/Suami), 3 child (Anak). */
export const HEAD = 1
const SPOUSE = 2
export const CHILD = 3

export interface ReadRowAt {
  row: number
  v: RowValues
}

/**
 * Household findings of one file by the rules of docs/conflicts.md: a family is the rows sharing
 * a KK; every head of a KK with two or more heads; the first row of a KK without head (complete
 * files only); a child born before a head or spouse of its KK (ISO dates only).
 */
export function householdReference(rows: readonly ReadRowAt[], complete: boolean): Map<number, string[]> {
  const out = new Map<number, string[]>()
  const add = (row: number, code: string) => out.set(row, [...(out.get(row) ?? []), code])
  const byKk = new Map<string, ReadRowAt[]>()
  for (const r of rows) {
    if (r.v.noKk === '') continue
    byKk.set(r.v.noKk, [...(byKk.get(r.v.noKk) ?? []), r])
  }
  for (const family of byKk.values()) {
    family.sort((a, b) => a.row - b.row)
    const heads = family.filter((r) => r.v.shdk === HEAD)
    if (heads.length > 1) for (const h of heads) add(h.row, 'KK_MULTIPLE_HEADS')
    if (heads.length === 0 && complete) add((family[0] as ReadRowAt).row, 'KK_NO_HEAD')
    const parents = family.filter((r) => (r.v.shdk === HEAD || r.v.shdk === SPOUSE) && r.v.tanggalLahir !== null)
    for (const c of family) {
      const born = c.v.tanggalLahir
      if (c.v.shdk !== CHILD || born === null) continue
      if (parents.some((p) => born < (p.v.tanggalLahir as string))) add(c.row, 'KK_CHILD_OLDER_THAN_PARENT')
    }
  }
  return out
}

/** NIK_BIRTHDATE_MISMATCH / NIK_GENDER_MISMATCH a checker raises on a row with a usable NIK. */
export function nikReference(v: RowValues, referenceDate: string): string[] {
  if (v.nikCell?.t !== 's') return []
  const info = decodeNik(v.nik)
  if (!info) return []
  const out: string[] = []
  const d = v.tanggalLahir
  if (d !== null && d >= '1900-01-01' && d <= referenceDate) {
    if (info.day !== Number(d.slice(8, 10)) || info.month !== Number(d.slice(5, 7)) || info.yy !== Number(d.slice(2, 4))) {
      out.push('NIK_BIRTHDATE_MISMATCH')
    }
  }
  if (v.jenisKelamin !== null && info.sex !== v.jenisKelamin) out.push('NIK_GENDER_MISMATCH')
  return out
}

/** The codes a reference check raised on a row must be the label's (code/implied/tolerated), and vice versa. */
export function expectExplained(where: string, raised: readonly string[], codes: readonly string[], label: Label | undefined): void {
  for (const code of codes) {
    const implied: readonly string[] = label?.implied ?? []
    const tolerated = (label?.tolerated as readonly string[] | undefined)?.includes(code) ?? false
    const expected = label !== undefined && (label.code === code || implied.includes(code))
    if (expected) expect(raised, `${where}: ${code} expected`).toContain(code)
    else if (!tolerated) expect(raised, `${where}: ${code} not explained by a label`).not.toContain(code)
  }
}

/** NIKs one typo (a digit replaced, two adjacent digits swapped) away from `nik`. */
export function typoNeighbours(nik: string): string[] {
  const out: string[] = []
  for (let i = 0; i < nik.length; i++) {
    for (let k = 0; k <= 9; k++) if (String(k) !== nik.charAt(i)) out.push(nik.slice(0, i) + k + nik.slice(i + 1))
    if (i + 1 < nik.length && nik.charAt(i) !== nik.charAt(i + 1))
      out.push(nik.slice(0, i) + nik.charAt(i + 1) + nik.charAt(i) + nik.slice(i + 2))
  }
  return out
}

export function diffPositions(a: string, b: string): number[] {
  const out: number[] = []
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a.charAt(i) !== b.charAt(i)) out.push(i)
  return out
}
