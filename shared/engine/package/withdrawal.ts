/**
 * Withdrawals (issue 13): a change a package carried that is no longer decided (undone, reversed,
 * its person's NIK corrected) is announced by the next package as `BATAL` of package N's change, so
 * the Dinas does not keep acting on it. Its identity is the withdrawn change's; what it shows is
 * what package N carried. Recorded like any change (content WITHDRAWN), so it is announced once.
 */
import type { Db } from '../db'
import type { SentChange } from '../tables/exports'
import { personOfNik } from '../tables/master-rows'
import { CHANGE_COLUMNS, type ChangeRow } from './change-row'
import { CONTENT_COLUMNS, PERSON_COLUMNS } from './delta'

/** The content recorded for an announced withdrawal. */
export const WITHDRAWN = '"BATAL"'

export interface Withdrawal {
  desaKey: string
  row: ChangeRow
  sent: SentChange
}

/**
 * Every change whose newest package carried it (not as a withdrawal) and that is neither decided
 * now (`standing`: passed or held by the gate, by identity) nor announced withdrawn already.
 */
export function withdrawals(
  db: Db,
  lastSent: ReadonlyMap<string, { seq: number; content: string }>,
  standing: ReadonlySet<string>
): Withdrawal[] {
  const out: Withdrawal[] = []
  for (const [id, last] of lastSent) {
    if (last.content === WITHDRAWN || standing.has(id)) continue
    const parts = id.split('|')
    if (parts.length < 4) continue
    const [desaKey, jenis, kolom] = [parts[0]!, parts[parts.length - 2]!, parts[parts.length - 1]!]
    const who = parts.slice(1, -2).join('|')
    out.push({
      desaKey,
      row: withdrawalRow(db, { desaKey, who, jenis, kolom, seq: last.seq, content: last.content }),
      sent: { id, content: WITHDRAWN }
    })
  }
  return out
}

function withdrawalRow(db: Db, w: { desaKey: string; who: string; jenis: string; kolom: string; seq: number; content: string }): ChangeRow {
  const row = Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, ''])) as ChangeRow
  const sentValues = parseContent(w.content)
  const columns = w.jenis === 'BARU' ? [...CONTENT_COLUMNS, ...PERSON_COLUMNS] : CONTENT_COLUMNS
  columns.forEach((c, i) => (row[c] = sentValues[i] ?? ''))
  const nik = /^\d+$/.test(w.who) ? w.who : ''
  // The person as the workspace knows them now (their name for the berita acara); a fingerprint names its birth date and KK.
  const known = nik === '' ? undefined : personOfNik(db, w.desaKey, nik)
  const fp = /^fp=[^|]*\|([^|]*)\|([^|~]*)/.exec(w.who)
  return {
    ...row,
    jenis: 'BATAL',
    nik,
    nama: row.nama || known?.nama || '',
    no_kk: row.no_kk || known?.no_kk || fp?.[2] || '',
    tanggal_lahir: row.tanggal_lahir || known?.tanggal_lahir || fp?.[1] || '',
    kolom: w.kolom,
    // For BATAL, `status` names the kind of the change withdrawn (UBAH, BARU, STATUS, HAPUS).
    status: w.jenis,
    koreksi_paket: String(w.seq)
  }
}

function parseContent(content: string): string[] {
  try {
    const v = JSON.parse(content) as unknown
    return Array.isArray(v) ? v.map((x) => String(x ?? '')) : []
  } catch {
    return []
  }
}
