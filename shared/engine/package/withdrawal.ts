/**
 * Withdrawals (issue 13): a change a package carried that is no longer decided (undone, reversed,
 * its person's NIK corrected) is announced by the next package as `BATAL` of package N's change, so
 * the Dinas does not keep acting on it. Its identity is the withdrawn change's; what it shows is
 * what package N carried. Recorded like any change (content WITHDRAWN), so it is announced once.
 */
import { packageValueProblem } from '../../domain/package-values'
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
  // UBAH, STATUS and HAPUS name a person by NIK; a BARU without one carries the person as sent.
  const nik = /^\d+$/.test(w.who) ? w.who : ''
  // Their name as the workspace knows it now, for the berita acara, when it is one a package may carry.
  const known = nik === '' ? '' : (personOfNik(db, w.desaKey, nik)?.nama ?? '')
  return {
    ...row,
    jenis: 'BATAL',
    nik,
    nama: row.nama || (packageValueProblem('nama', known, '') === null ? known : ''),
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
