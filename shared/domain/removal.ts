/**
 * Removals (DOMAIN.md): a person leaves the register because they died, moved, cannot be found,
 * are no longer eligible, are a duplicate or have a NIK that does not match — and every removal
 * needs its basis: the number and date of the village meeting's berita acara (musdes/muskel) or of
 * an SPTJM. Pure rules; the engine stores the basis on the decision that accepts the removal.
 */
import type { MemberStatus } from './codes'
import { isRealIsoDate } from './dates'
import type { FindingCode } from './findings'

/** Why someone is removed: every member status except a new member. */
export const REMOVAL_REASONS = [
  'MENINGGAL',
  'PINDAH',
  'PINDAH_LUAR_NEGERI',
  'TIDAK_DITEMUKAN',
  'MAMPU',
  'DATA_GANDA',
  'NIK_TIDAK_PADAN'
] as const satisfies readonly Exclude<MemberStatus, 'ANGGOTA_BARU'>[]
export type RemovalReason = (typeof REMOVAL_REASONS)[number]

/** What the removal rests on: a berita acara (BA) of the musdes/muskel, or an SPTJM. */
export const BASIS_KINDS = ['BA', 'SPTJM'] as const
export type BasisKind = (typeof BASIS_KINDS)[number]

export interface RemovalBasis {
  reason: RemovalReason
  kind: BasisKind
  /** Number of the berita acara or SPTJM, as written on it. */
  number: string
  /** Its date, ISO yyyy-mm-dd. */
  date: string
}

/**
 * A basis for many removals at once (one berita acara covers a whole musdes): without a reason,
 * each person keeps the status the village reported for them.
 */
export type SharedBasis = Omit<RemovalBasis, 'reason'> & { reason?: RemovalReason }

export type BasisField = 'reason' | 'kind' | 'number' | 'date'
export type BasisCheck<T> = { ok: true; value: T } | { ok: false; field: BasisField; value: string; hint: string }

export const BASIS_NUMBER_MAX = 80
/** No berita acara of a register this old is still being entered. */
export const BASIS_EARLIEST = '2000-01-01'

export function isRemovalReason(x: unknown): x is RemovalReason {
  return typeof x === 'string' && (REMOVAL_REASONS as readonly string[]).includes(x)
}

/** Checks and normalises a shared basis (the reason may be absent). */
export function checkSharedBasis(b: SharedBasis, todayIso: string): BasisCheck<SharedBasis> {
  if (b.reason !== undefined && !isRemovalReason(b.reason)) {
    return { ok: false, field: 'reason', value: String(b.reason), hint: `Alasan harus salah satu dari ${REMOVAL_REASONS.join(', ')}.` }
  }
  if (!(BASIS_KINDS as readonly string[]).includes(b.kind)) {
    return { ok: false, field: 'kind', value: String(b.kind), hint: 'Dasar harus berita acara (BA) atau SPTJM.' }
  }
  const number = typeof b.number === 'string' ? b.number.replace(/\s+/g, ' ').trim() : ''
  if (number === '' || number.length > BASIS_NUMBER_MAX) {
    return {
      ok: false,
      field: 'number',
      value: String(b.number ?? ''),
      hint: `Isi nomor berita acara atau SPTJM (1–${BASIS_NUMBER_MAX} karakter).`
    }
  }
  const date = typeof b.date === 'string' ? b.date.trim() : ''
  if (!isRealIsoDate(date))
    return { ok: false, field: 'date', value: String(b.date ?? ''), hint: 'Tanggal dasar harus tanggal yang sah (TTTT-BB-HH).' }
  if (date > todayIso) return { ok: false, field: 'date', value: date, hint: 'Tanggal dasar tidak boleh sesudah hari ini.' }
  if (date < BASIS_EARLIEST) return { ok: false, field: 'date', value: date, hint: 'Tanggal dasar tidak boleh sebelum tahun 2000.' }
  return { ok: true, value: { ...(b.reason !== undefined ? { reason: b.reason } : {}), kind: b.kind, number, date } }
}

/** Checks and normalises the basis of one removal: reason, kind, number (trimmed) and date. */
export function checkBasis(b: RemovalBasis, todayIso: string): BasisCheck<RemovalBasis> {
  if (!isRemovalReason(b.reason)) {
    return {
      ok: false,
      field: 'reason',
      value: String(b.reason ?? ''),
      hint: `Alasan harus salah satu dari ${REMOVAL_REASONS.join(', ')}.`
    }
  }
  const checked = checkSharedBasis(b, todayIso)
  return checked.ok ? { ok: true, value: { ...checked.value, reason: b.reason } } : checked
}

/**
 * Findings that remove someone from the register when accepted: a master person missing from the
 * village's complete list (package HAPUS), and a reported status that is a removal reason
 * (package STATUS). A new member is not a removal.
 */
export function isRemovalFinding(code: FindingCode, params: Readonly<Record<string, string>>): boolean {
  if (code === 'MISSING_FROM_VILLAGE') return true
  return code === 'STATUS_CHANGE' && isRemovalReason(params.status)
}

/**
 * What KETERANGAN says after the operator deactivates a row: the reason code itself, which
 * parseMemberStatus reads back as that reason (underscores count as spaces there).
 */
export function keteranganFor(reason: RemovalReason): string {
  return reason
}

/** One line for the audit log: "MENINGGAL; BA 045/BA/XI/2026 tanggal 2026-11-02". */
export function describeBasis(b: Pick<RemovalBasis, 'kind' | 'number' | 'date'> & { reason?: string | null }): string {
  return `${b.reason ? `${b.reason}; ` : ''}${b.kind} ${b.number} tanggal ${b.date}`
}
