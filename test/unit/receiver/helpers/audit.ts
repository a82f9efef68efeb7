/**
 * An office's audit log as the app writes it, for packages built outside a workspace: the imports
 * at the start, the export of the previous package, and one decision entry per change (time,
 * operator, field and values from the change, the finding's code and basis as detail), chained
 * with the app's hash (engine/audit.ts).
 */
import { describeBasis } from '../../../../shared/domain/removal'
import { type AuditContent, auditHash, type AuditLink, type AuditSegment } from '../../../../shared/engine/package/audit-v2'
import type { ChangeRow } from '../../../../shared/engine/package/change-row'

const CODE: Record<string, string> = {
  UBAH: 'FIELD_MISMATCH',
  BARU: 'NOT_IN_MASTER',
  STATUS: 'STATUS_CHANGE',
  HAPUS: 'MISSING_FROM_VILLAGE'
}

function decision(row: ChangeRow, n: number): AuditContent {
  // As review.ts words an accepted removal: the code, then the reason and basis.
  const basis = row.dasar
    ? `; ${describeBasis({ reason: row.alasan || null, kind: row.dasar as 'BA', number: row.nomor_dasar, date: row.tanggal_dasar })}`
    : ''
  const values = row.kolom !== ''
  return [
    row.waktu_keputusan,
    row.diputuskan_oleh,
    'resolve_accept_village',
    `${row.jenis === 'HAPUS' ? 'm' : 'v'}${n}`,
    values ? row.kolom : null,
    values ? row.nilai_induk : null,
    values ? row.nilai_desa : null,
    `${CODE[row.jenis] ?? row.jenis}${basis}`
  ]
}

/** Chains contents after `from`. */
export function chain(from: { count: number; sha256: string }, contents: AuditContent[], sha256: (d: Uint8Array) => string): AuditSegment {
  let prev = from.sha256
  const entries: AuditLink[] = contents.map((content) => {
    prev = auditHash(prev, content, sha256)
    return { content, hash: prev }
  })
  return { from, entries }
}

/** The entries a package of these rows carries: the start of the log (first package) or the previous export, then its decisions. */
export function officeAudit(
  from: { count: number; sha256: string },
  seq: number,
  at: string,
  operator: string,
  rows: ChangeRow[],
  sha256: (d: Uint8Array) => string
): AuditSegment {
  const opening: AuditContent[] =
    seq === 1
      ? [
          [at, operator, 'import_master', null, null, null, null, JSON.stringify({ file: 'master-dtsen.xlsx', rows: 4800 })],
          [at, operator, 'import_village', null, null, null, null, JSON.stringify({ file: 'musdes.xlsx', rows: rows.length })]
        ]
      : [[at, operator, 'export', null, null, null, null, JSON.stringify({ seq: seq - 1 })]]
  return chain(from, [...opening, ...rows.map((r, i) => decision(r, from.count + i + 1))], sha256)
}
