/**
 * Format 2's audit entries (`audit.csv`, docs/package-format.md): the workspace's audit log from
 * the previous package's head to this one's, so a receiver can recompute the hash chain to the
 * signed `auditHead`. An entry that only restates a change of the package (its time, operator,
 * field and the two values) names that change's row instead of repeating it; the rest is carried
 * whole as the exact JSON the chain hashes. A short prefix of each entry's hash lets a verifier
 * name the first entry that does not follow; the full head in the signed manifest is what binds them.
 */
import { describeBasis } from '../../domain/removal'
import { parseCsv } from '../import/csv'
import type { AuditContent } from '../tables/audit-log'
import type { ChangeRow } from './change-row'

export type { AuditContent }

export interface AuditLink {
  content: AuditContent
  hash: string
}

/** The entries after `from` (count and hash of the entry before the first; 0 and '' at the start of the log). */
export interface AuditSegment {
  from: { count: number; sha256: string }
  entries: AuditLink[]
}

/**
 * Hex digits of each entry's hash written beside it, to point at the first entry that does not
 * follow (a later one by bad luck, 1 in 256). Two cost ~5 KB per 2,000 entries, four ~8 KB.
 */
export const AUDIT_HASH_PREFIX = 2
const COLUMNS = ['h', 'perubahan', 'nilai', 'tindakan', 'baris_id', 'rincian', 'isi'] as const
const DITTO = '^'
const STEP = '~'
const NO_VALUES = '-'
/** A detail ending so is `<code>; <the change's reason and basis>`, as the app words a decided removal. */
const WITH_BASIS = ';^'

export function auditHash(prev: string, content: AuditContent, sha256: (d: Uint8Array) => string): string {
  return sha256(new TextEncoder().encode(prev + JSON.stringify(content)))
}

/** The head a segment reaches: what the manifest signs as auditHead. */
export function segmentHead(s: AuditSegment): { count: number; sha256: string } {
  const last = s.entries[s.entries.length - 1]
  return { count: s.from.count + s.entries.length, sha256: last ? last.hash : s.from.sha256 }
}

const csvText = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)
/** Spreadsheet-safe as in perubahan.csv: formula starts, apostrophes and markers get an apostrophe. */
const escapeCell = (v: string, marker: string | null) => (/^[=+\-@\t\r']/.test(v) || v === marker ? `'${v}` : v)
const unescapeCell = (c: string) => (c.startsWith("'") ? c.slice(1) : c)

/** The basis of a change as the decision's audit detail words it (commands/review.ts). */
const basisText = (row: ChangeRow) =>
  describeBasis({ reason: row.alasan || null, kind: row.dasar as 'BA', number: row.nomor_dasar, date: row.tanggal_dasar })

/** `v12` after `v11` (the next row of the same kind) is written `~`. */
function nextRowId(prev: string | null): string | null {
  const m = prev === null ? null : /^([a-z]*)(\d+)$/.exec(prev)
  return m ? `${m[1]}${Number(m[2]) + 1}` : null
}

/** The detail's cell for an entry derived from `row`, or null when it cannot be written so. */
function detailCell(detail: string | null, row: ChangeRow): string | null {
  if (detail === null) return ''
  if (detail === '' || detail.endsWith(WITH_BASIS)) return null
  const suffix = row.dasar !== '' ? `; ${basisText(row)}` : null
  if (suffix && detail.endsWith(suffix) && detail.length > suffix.length) return detail.slice(0, -suffix.length) + WITH_BASIS
  return detail
}

/** A detail cell back to the detail: '' is none, `<code>;^` takes the change's basis. */
function expandDetail(cell: string, row: ChangeRow): string | null {
  if (cell === '') return null
  return cell.endsWith(WITH_BASIS) ? `${cell.slice(0, -WITH_BASIS.length)}; ${basisText(row)}` : cell
}

/** The entry a change row restates: its time and operator, and its field and values unless `none`. */
function derived(row: ChangeRow, none: boolean, action: string, rowId: string, detail: string | null): AuditContent {
  const values = !none && row.kolom !== ''
  return [
    row.waktu_keputusan,
    row.diputuskan_oleh,
    action,
    rowId,
    values ? row.kolom : null,
    values ? row.nilai_induk : null,
    values ? row.nilai_desa : null,
    detail
  ]
}

const same = (a: AuditContent, b: AuditContent) => a.every((v, i) => v === b[i])

interface Ref {
  row: number
  none: boolean
  detail: string
}

/** The change row an entry restates, looked for first from the row the previous entry named. */
function findRef(content: AuditContent, rows: readonly ChangeRow[], byWho: Map<string, number[]>, prevRow: number): Ref | null {
  const [at, by, action, rowId, , , , detail] = content
  if (rowId === null || rowId === '') return null
  const candidates = byWho.get(JSON.stringify([at, by])) ?? []
  for (const i of [...candidates.filter((c) => c >= prevRow), ...candidates.filter((c) => c < prevRow)]) {
    const row = rows[i] as ChangeRow
    const cell = detailCell(detail, row)
    if (cell === null) continue
    for (const none of [false, true])
      if (same(derived(row, none, action, rowId, expandDetail(cell, row)), content)) return { row: i, none, detail: cell }
  }
  return null
}

export function encodeAuditV2(entries: readonly AuditLink[], rows: readonly ChangeRow[]): string {
  // Candidate change rows per (time, operator); most entries are decisions, found here.
  const byWho = new Map<string, number[]>()
  rows.forEach((r, i) => {
    const k = JSON.stringify([r.waktu_keputusan, r.diputuskan_oleh])
    byWho.set(k, [...(byWho.get(k) ?? []), i])
  })
  const lines = [COLUMNS.join(',')]
  let prevRow = -1
  let prevAction: string | null = null
  let prevRowId: string | null = null
  for (const { content, hash } of entries) {
    const h = hash.slice(0, AUDIT_HASH_PREFIX)
    const ref = findRef(content, rows, byWho, prevRow)
    if (!ref) {
      lines.push([h, '', '', '', '', '', csvText(JSON.stringify(content))].join(','))
      continue
    }
    const action = content[2]
    const rowId = content[3] as string
    const rowCell = ref.row === prevRow ? DITTO : ref.row === prevRow + 1 ? STEP : String(ref.row + 1)
    const nilai = ref.none && (rows[ref.row] as ChangeRow).kolom !== '' ? NO_VALUES : ''
    const actionCell = action === prevAction ? DITTO : csvText(escapeCell(action, DITTO))
    const rowIdCell = rowId === nextRowId(prevRowId) ? STEP : csvText(escapeCell(rowId, STEP))
    lines.push([h, rowCell, nilai, actionCell, rowIdCell, csvText(escapeCell(ref.detail, null)), ''].join(','))
    prevRow = ref.row
    prevAction = action
    prevRowId = rowId
  }
  return lines.join('\r\n') + '\r\n'
}

export interface DecodedAudit {
  content: AuditContent
  /** The hash prefix written beside it. */
  h: string
}

function fullEntry(cell: string, line: string): AuditContent {
  let content: unknown
  try {
    content = JSON.parse(cell)
  } catch {
    throw new Error(`${line}: isi entri bukan JSON yang sah`)
  }
  const ok =
    Array.isArray(content) &&
    content.length === 8 &&
    content.every((v, j) => (j < 3 ? typeof v === 'string' : v === null || typeof v === 'string'))
  if (!ok) throw new Error(`${line}: isi entri bukan entri audit`)
  return content as AuditContent
}

/** The entries of an audit.csv against the package's change rows; throws naming the line when it cannot be read. */
export function decodeAuditV2(text: string, rows: readonly ChangeRow[]): DecodedAudit[] {
  const [header = [], ...body] = parseCsv(text, ',')
  const at = (name: (typeof COLUMNS)[number]) => header.indexOf(name)
  if (COLUMNS.some((c) => at(c) < 0)) throw new Error('audit.csv: kolomnya tidak lengkap')
  const out: DecodedAudit[] = []
  let prevRow = -1
  let prevAction: string | null = null
  let prevRowId: string | null = null
  body.forEach((cells, i) => {
    if (cells.length === 1 && cells[0] === '') return
    const cell = (name: (typeof COLUMNS)[number]) => cells[at(name)] ?? ''
    const line = `audit.csv baris ${i + 2}`
    const r = cell('perubahan')
    if (r === '') {
      out.push({ content: fullEntry(cell('isi'), line), h: cell('h') })
      return
    }
    const index = r === DITTO ? prevRow : r === STEP ? prevRow + 1 : /^\d+$/.test(r) ? Number(r) - 1 : -1
    const row = rows[index]
    if (!row) throw new Error(`${line}: merujuk baris perubahan ${r} yang tidak ada`)
    const action = cell('tindakan') === DITTO ? prevAction : unescapeCell(cell('tindakan'))
    if (action === null) throw new Error(`${line}: tindakan "^" tanpa tindakan di baris atasnya`)
    const rowId = cell('baris_id') === STEP ? nextRowId(prevRowId) : unescapeCell(cell('baris_id'))
    if (rowId === null) throw new Error(`${line}: baris_id "~" tanpa baris_id di baris atasnya`)
    const detail = expandDetail(unescapeCell(cell('rincian')), row)
    out.push({ content: derived(row, cell('nilai') === NO_VALUES, action, rowId, detail), h: cell('h') })
    prevRow = index
    prevAction = action
    prevRowId = rowId
  })
  return out
}

export type AuditCheck = { ok: true; hashes: string[] } | { ok: false; reason: string }

/**
 * Recomputes the chain from `from` through the carried entries and requires it to end at the
 * signed head; the first entry whose hash does not match its prefix is named (changed, removed or
 * inserted at or before it).
 */
export function checkAuditChain(
  from: { count: number; sha256: string },
  entries: readonly DecodedAudit[],
  head: { count: number; sha256: string },
  sha256: (d: Uint8Array) => string
): AuditCheck {
  const hashes: string[] = []
  let prev = from.sha256
  const name = (i: number) => {
    const e = entries[i]?.content
    return `entri audit ke-${from.count + i + 1}${e ? ` (${e[2]}, ${e[0]}, oleh ${e[1]})` : ''}`
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as DecodedAudit
    prev = auditHash(prev, e.content, sha256)
    if (!prev.startsWith(e.h) || e.h.length !== AUDIT_HASH_PREFIX)
      return {
        ok: false,
        reason: `${name(i)} tidak cocok dengan rantai hash audit: entri itu (atau yang tepat sebelumnya) diubah, dihapus atau disisipkan`
      }
    hashes.push(prev)
  }
  const count = from.count + entries.length
  if (count < head.count)
    return { ok: false, reason: `entri audit hilang: paket membawa sampai entri ke-${count}, manifest menyebut ${head.count} entri` }
  if (count > head.count)
    return { ok: false, reason: `entri audit berlebih: paket membawa ${count} entri, manifest menyebut ${head.count}` }
  if (prev !== head.sha256)
    return {
      ok: false,
      reason: `${entries.length > 0 ? name(entries.length - 1) : 'awal rantai audit'} tidak berujung pada kepala rantai audit yang ditandatangani (${head.sha256.slice(0, 12)}…)`
    }
  return { ok: true, hashes }
}

/**
 * A receiver's check that an office's audit log runs on from its previous package: the carried
 * entries must pass through the head that package signed (the first package carries the log from
 * its start). Format 1 packages carry no entries and are not checked.
 */
export function auditContinues(
  previous: { seq: number; auditHead: { count: number; sha256: string } } | null,
  carried: { from: { count: number; sha256: string }; hashes: string[] } | null
): string | null {
  if (!carried) return null
  if (!previous)
    return carried.from.count === 0
      ? null
      : `paket pertama harus membawa log audit dari awal (entri ke-1), bukan dari entri ke-${carried.from.count + 1}`
  const { count, sha256 } = previous.auditHead
  const at = count - carried.from.count
  const hash = at === 0 ? carried.from.sha256 : carried.hashes[at - 1]
  if (at < 0 || hash === undefined)
    return `rantai audit tidak bersambung: paket ke-${previous.seq} berakhir di entri audit ke-${count}, paket ini membawa entri ke-${carried.from.count + 1} sampai ke-${carried.from.count + carried.hashes.length}`
  if (hash !== sha256)
    return `rantai audit tidak bersambung: entri audit ke-${count} di paket ini bukan kepala rantai yang ditandatangani paket ke-${previous.seq} (log audit kantor diubah di antara kedua paket)`
  return null
}
