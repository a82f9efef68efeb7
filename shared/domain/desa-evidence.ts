/**
 * Which desa a village file is about, from every piece of evidence it carries: a desa column, a
 * region code or desa name in the title rows, the sheet name or the file name, and the share of its
 * NIKs that are one desa's master people. Each candidate is ranked; the importer picks the strongest
 * and says so when the evidence disagrees (docs/import.md, "Desa evidence ladder").
 */
import { desaKey } from './region'

export type DesaEvidenceKind = 'column' | 'code' | 'title' | 'sheet' | 'file_name' | 'nik_overlap'

export interface MasterDesaRef {
  desa: string
  key: string
  /** The master's kode wilayah as written (10 digits, dotted, …); '' when the master has none. */
  code?: string
}

export interface DesaEvidence {
  desa: string
  key: string
  kind: DesaEvidenceKind
  /** What was read: the column value, the title text, the code, the sheet or file name. */
  value: string
  /** 0–100; the strongest evidence wins. */
  strength: number
  /** nik_overlap only: the share of the file's master-known NIKs that are this desa's people. */
  share?: number
}

export interface DesaEvidenceInput {
  desas: readonly MasterDesaRef[]
  fileName: string
  sheetNames: readonly string[]
  /** Cell text above the header (the chosen sheet first, then other sheets' tops). */
  titleText: readonly string[]
  /** The most common value of the file's desa column; '' when it has none. */
  column: string
  /** The most common value of its kode desa / kode wilayah column; '' when it has none. */
  codeColumn?: string
  /** Per desa key: how many of the file's NIKs/KKs are that desa's master people. */
  overlap: ReadonlyMap<string, number>
}

/** Strengths: a desa column and a region code name the desa outright; names in text can be a meeting's or a template's. */
const STRENGTH = { column: 100, code: 90, titlePrefixed: 80, title: 60, sheet: 55, fileNamePrefixed: 50, fileName: 45 } as const
/** Overlap counts only when enough NIKs are known to the master and most are one desa's. */
const MIN_OVERLAP_PEOPLE = 3
const MIN_OVERLAP_SHARE = 0.5
const PREFIXES = new Set(['DESA', 'KELURAHAN', 'KEL', 'DS'])

/** A column holding the desa's region code: KODE WILAYAH, KODE DESA, KODE KELURAHAN, KD_DESA, identitas/kode_desa … */
export function isDesaCodeHeader(header: string): boolean {
  const words = header
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
  return /(?:^|\s)(?:KODE|KD)\s?(?:WILAYAH|WIL|DESA|KELURAHAN|KEL|DESA KELURAHAN|DESA KEL)$/.test(words)
}

/** "51.08.06.2002" and "5108062002" are the same code: compared as digits. */
export const codeDigits = (code: string): string => code.replace(/\D/g, '')

/** 10-digit Kemendagri desa codes in text: plain (not part of a longer number such as a NIK) or dotted. */
export function codesIn(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/(?<![\d.])(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})(?![\d.])/g)) out.push(m.slice(1).join(''))
  for (const m of text.matchAll(/(?<!\d)\d{10}(?!\d)/g)) out.push(m[0])
  return out
}

const tokens = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)

/** Master desa named in a text, as whole words (one to three, "SUMBER ADI" = SUMBERADI); prefixed when DESA/KEL… stands before. */
export function desaNamesIn(text: string, desas: readonly MasterDesaRef[]): { ref: MasterDesaRef; prefixed: boolean }[] {
  const words = tokens(text)
  const byKey = new Map(desas.filter((d) => d.key.length >= 3).map((d) => [d.key, d]))
  const found = new Map<string, { ref: MasterDesaRef; prefixed: boolean }>()
  for (let i = 0; i < words.length; i++) {
    let joined = ''
    for (let n = 0; n < 3 && i + n < words.length; n++) {
      joined += words[i + n]
      const ref = byKey.get(joined)
      if (!ref) continue
      const prefixed = PREFIXES.has(words[i - 1] ?? '')
      const had = found.get(ref.key)
      if (!had || (prefixed && !had.prefixed)) found.set(ref.key, { ref, prefixed })
    }
  }
  return [...found.values()]
}

/** Every candidate desa with its evidence, strongest first. */
export function desaEvidence(input: DesaEvidenceInput): DesaEvidence[] {
  const out: DesaEvidence[] = []
  const { desas } = input
  const add = (ref: MasterDesaRef, kind: DesaEvidenceKind, value: string, strength: number, share?: number) =>
    out.push({ desa: ref.desa, key: ref.key, kind, value, strength, ...(share === undefined ? {} : { share }) })
  const byCode = new Map(desas.filter((d) => d.code && codeDigits(d.code).length >= 10).map((d) => [codeDigits(d.code!), d]))
  const codeHits = (text: string, where: DesaEvidenceKind) => {
    for (const c of codesIn(text)) {
      const ref = byCode.get(c)
      if (ref) add(ref, 'code', `${where}: ${c}`, STRENGTH.code)
    }
  }

  if (input.column.trim() !== '') {
    const key = desaKey(input.column)
    const ref = desas.find((d) => d.key === key) ?? { desa: input.column.trim(), key }
    add(ref, 'column', input.column.trim(), STRENGTH.column)
  }
  if (input.codeColumn) {
    const ref = byCode.get(codeDigits(input.codeColumn))
    if (ref) add(ref, 'column', input.codeColumn, STRENGTH.column)
  }
  for (const text of input.titleText) {
    codeHits(text, 'title')
    for (const hit of desaNamesIn(text, desas)) add(hit.ref, 'title', text.trim(), hit.prefixed ? STRENGTH.titlePrefixed : STRENGTH.title)
  }
  const base = input.fileName.replace(/\.[^.]+$/, '')
  // A CSV's only sheet is named after the file: that is file-name evidence, not a sheet's.
  for (const sheet of input.sheetNames.filter((n) => n !== base)) {
    codeHits(sheet, 'sheet')
    for (const hit of desaNamesIn(sheet, desas)) add(hit.ref, 'sheet', sheet, STRENGTH.sheet)
  }
  codeHits(base, 'file_name')
  for (const hit of desaNamesIn(base, desas))
    add(hit.ref, 'file_name', input.fileName, hit.prefixed ? STRENGTH.fileNamePrefixed : STRENGTH.fileName)

  const known = [...input.overlap.values()].reduce((a, b) => a + b, 0)
  if (known >= MIN_OVERLAP_PEOPLE) {
    for (const [key, n] of input.overlap) {
      const share = n / known
      const ref = desas.find((d) => d.key === key)
      // Just under a desa column: 95% of a file's people being one desa's outweighs a title or a name.
      if (ref && share >= MIN_OVERLAP_SHARE) add(ref, 'nik_overlap', `${n}/${known}`, Math.round(share * 99), share)
    }
  }
  return out.sort((a, b) => b.strength - a.strength)
}

export interface DesaDecision {
  /** The strongest candidate; null when there is no evidence at all. */
  best: DesaEvidence | null
  /** The strongest evidence for another desa, when the evidence disagrees. */
  conflict: DesaEvidence | null
  evidence: DesaEvidence[]
}

/** The strongest candidate wins; evidence naming another desa is a conflict the operator is told about. */
export function decideDesa(evidence: DesaEvidence[]): DesaDecision {
  const best = evidence[0] ?? null
  const conflict = best ? (evidence.find((e) => e.key !== best.key) ?? null) : null
  return { best, conflict, evidence }
}
