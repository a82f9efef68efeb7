/**
 * The daftar perbaikan: for one desa or all, the rows of the village's own file that it must fix,
 * in its own columns, with one plain sentence per open finding; and the master people its list
 * lacks. Only open findings the village can act on (docs/outputs.md): decisions already taken and
 * proposals the kecamatan decides are left out.
 */
import type { DaftarDesa, DaftarFile, DaftarMissing, DaftarPerbaikan, Locale } from '../../api/types'
import type { FindingCode } from '../../domain/findings'
import { desaKey } from '../../domain/region'
import { findingMessage, t } from '../../i18n'
import type { Db } from '../db'
import { cermatError } from '../errors'
import { type FixableFinding, fixableFindings, knownDesa, openMissingPeople, rawCellsOfSource } from '../tables/fix-list'
import { readMeta } from '../workspace-info'

export interface DaftarOptions {
  /** One desa by name; all desa with something to fix when absent. */
  desa?: string | undefined
  locale: Locale
  /** ISO date (YYYY-MM-DD) the list is made. */
  today: string
}

export function daftarPerbaikan(db: Db, opts: DaftarOptions): DaftarPerbaikan {
  const only = opts.desa === undefined ? null : desaKey(opts.desa)
  if (only !== null) {
    // A mistyped name must not come back as "nothing to fix".
    const known = knownDesa(db)
    if (!known.some((d) => d.desa_key === only))
      throw cermatError('DESA_NOT_FOUND', { desa: opts.desa ?? '', known: [...new Set(known.map((d) => d.desa))].join(', ') })
  }
  const byDesa = new Map<string, DaftarDesa>()
  const desaOf = (key: string, name: string): DaftarDesa => {
    let d = byDesa.get(key)
    if (!d) byDesa.set(key, (d = { desa: name, files: [], missing: [] }))
    if (!d.desa && name) d.desa = name
    return d
  }

  // Findings come ordered by desa, file and row: one DaftarFile per file, one row per sheet row.
  const files = new Map<number, { file: DaftarFile; columns: ColumnKey[] }>()
  let lastRowId = -1
  let problems: string[] = []
  for (const f of fixableFindings(db, only)) {
    let entry = files.get(f.source_id)
    if (!entry) {
      const columns = columnOrder(rawCellsOfSource(db, f.source_id))
      entry = { file: { fileName: f.file_name, sheet: f.sheet, columns: columns.map((c) => c.header), rows: [] }, columns }
      files.set(f.source_id, entry)
      desaOf(f.desa_key, f.desa).files.push(entry.file)
    }
    if (lastRowId !== f.row_id) {
      problems = []
      entry.file.rows.push({ rowNo: f.row_no, cells: cellsOf(f.raw, entry.columns), problems })
      lastRowId = f.row_id
    }
    problems.push(problemOf(opts.locale, f))
  }

  for (const m of openMissingPeople(db, only)) {
    const missing: DaftarMissing = {
      nik: m.nik,
      no_kk: m.no_kk,
      nama: m.nama,
      jenis_kelamin: m.jenis_kelamin,
      tanggal_lahir: m.tanggal_lahir,
      shdk: m.shdk,
      alamat: m.alamat,
      rt: m.rt,
      rw: m.rw,
      problem: t(opts.locale, 'daftar.missing.problem')
    }
    desaOf(m.desa_key, m.list_desa).missing.push(missing)
  }

  // The one desa asked for is listed even with nothing to fix, so the page can say so.
  if (only !== null && !byDesa.has(only)) desaOf(only, knownDesa(db).find((d) => d.desa_key === only)?.desa ?? opts.desa ?? '')
  return {
    kecamatan: readMeta(db, 'kecamatan'),
    kabupaten: readMeta(db, 'kabupaten'),
    date: opts.today,
    desa: [...byDesa.values()].sort((a, b) => a.desa.localeCompare(b.desa))
  }
}

function problemOf(locale: Locale, f: FixableFinding): string {
  return findingMessage(locale, {
    code: f.code as FindingCode,
    field: f.field,
    village: f.village_value,
    master: f.master_value,
    params: JSON.parse(f.params) as Record<string, string>
  })
}

/** A column of the village's file: its header, and which of the headers of that name it is (a file may repeat one). */
interface ColumnKey {
  header: string
  nth: number
}

const keyOf = (c: ColumnKey) => `${c.nth}\u0000${c.header}`

/** A row's cells as [header, text] pairs, with each header's occurrence number. */
function keyedCells(raw: string): { key: ColumnKey; text: string }[] {
  const seen = new Map<string, number>()
  return (JSON.parse(raw) as [string, string][]).map(([header, text]) => {
    const nth = seen.get(header) ?? 0
    seen.set(header, nth + 1)
    return { key: { header, nth }, text }
  })
}

/**
 * The file's column order, from the rows' cells: each row keeps its non-empty cells in column
 * order, so every two neighbours in a row say which column comes first. Sorted by those (ties in
 * the order first seen), this gives the sheet's order of every column that holds anything.
 */
export function columnOrder(raws: readonly string[]): ColumnKey[] {
  const nodes = new Map<string, { key: ColumnKey; seen: number; before: number; next: Set<string> }>()
  for (const raw of raws) {
    let prev: string | null = null
    for (const { key } of keyedCells(raw)) {
      const k = keyOf(key)
      if (!nodes.has(k)) nodes.set(k, { key, seen: nodes.size, before: 0, next: new Set() })
      const p: { next: Set<string> } | undefined = prev === null ? undefined : nodes.get(prev)
      if (p && !p.next.has(k)) {
        p.next.add(k)
        nodes.get(k)!.before += 1
      }
      prev = k
    }
  }
  const order: ColumnKey[] = []
  const left = new Set(nodes.keys())
  while (left.size > 0) {
    // The first-seen column with nothing left before it; a contradiction (never in one sheet) takes the first-seen.
    let pick: string | null = null
    for (const k of left) {
      const n = nodes.get(k)!
      if (n.before === 0 && (pick === null || n.seen < nodes.get(pick)!.seen)) pick = k
    }
    pick ??= [...left].reduce((a, b) => (nodes.get(a)!.seen <= nodes.get(b)!.seen ? a : b))
    left.delete(pick)
    const n = nodes.get(pick)!
    order.push(n.key)
    for (const k of n.next) nodes.get(k)!.before -= 1
  }
  return order
}

function cellsOf(raw: string, columns: readonly ColumnKey[]): string[] {
  const texts = new Map(keyedCells(raw).map((c) => [keyOf(c.key), c.text]))
  return columns.map((c) => texts.get(keyOf(c)) ?? '')
}

/** The suggested file name: the desa's (or the kecamatan's) name and the date. */
export function daftarFileName(model: DaftarPerbaikan, desa: string | undefined): string {
  const who = (desa ?? model.kecamatan) || 'kecamatan'
  const slug = who
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return `daftar-perbaikan-${slug || 'desa'}-${model.date}.xlsx`
}
