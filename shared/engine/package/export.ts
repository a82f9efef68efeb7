/**
 * An export of the chosen desa: the package assembled from the workspace (changes, numbering
 * after the previous package, master, audit head) and signed, then what the workspace records of
 * it once the host has saved it — never before, so a cancelled save leaves no numbered export.
 */
import type { ExportResult } from '../../api/types'
import { desaKey } from '../../domain/region'
import { auditHead } from '../audit'
import type { Command } from '../commands/types'
import type { Db } from '../db'
import { cermatError } from '../errors'
import type { EnginePorts, Signer } from '../ports'
import { auditChain, type AuditRow, exportEntries } from '../tables/audit-log'
import { exportBySha, lastExport, type SentChange } from '../tables/exports'
import { activeMasterSource } from '../tables/sources'
import { approvalRequired, operatorOf, readMeta } from '../workspace-info'
import type { AuditContent, AuditSegment } from './audit-v2'
import { buildPackage, type BuiltPackage } from './build'
import { collectChanges, type DesaChanges } from './changes'

/** A signed package not yet saved. */
export interface AssembledExport {
  built: BuiltPackage
  /** The desa it holds, as the workspace names them. */
  desa: string[]
  sha256: string
  /** What it carries, change by change: recorded with it, so the next export sends only what is new. */
  sent: SentChange[]
}

export interface ExportOptions {
  /** Re-send everything decided, not only what is new or changed since the last package. */
  all?: boolean
}

export type SavedPackage = { fileName: string; location: string }

export async function assembleExport(
  db: Db,
  ports: Pick<EnginePorts, 'now' | 'appVersion' | 'sha256' | 'defaultOperator'>,
  desaNames: string[],
  signer: Signer,
  opts: ExportOptions = {}
): Promise<AssembledExport> {
  const wanted = new Set(desaNames.map(desaKey))
  const collected = collectChanges(db, { today: ports.now().slice(0, 10), all: opts.all === true })
  const asked = [...collected.desa.values()].filter((d) => wanted.has(d.desaKey))
  refuseEmpty(asked, collected.lastPackage)
  // A desa with nothing new (all sent before, or held back) is not in this package.
  const chosen = asked.filter((d) => d.rows.length > 0)
  const last = lastExport(db)
  const master = activeMasterSource(db)
  const head = auditHead(db)
  const audit = auditSince(db, last?.seq ?? null)
  const built = await buildPackage(
    {
      createdAt: ports.now(),
      appVersion: ports.appVersion,
      workspace: { id: readMeta(db, 'workspace_id'), name: readMeta(db, 'name') },
      kecamatan: readMeta(db, 'kecamatan'),
      operator: operatorOf(db, ports.defaultOperator),
      seq: (last?.seq ?? 0) + 1,
      previousPackageSha256: last?.package_sha256 ?? null,
      master: master ? { file: master.file_name, sha256: master.sha256, rows: master.row_count } : null,
      auditHead: head,
      audit,
      desa: chosen,
      approvalRequired: approvalRequired(db)
    },
    signer,
    ports.sha256
  )
  return { built, desa: chosen.map((d) => d.desa), sha256: ports.sha256(built.bytes), sent: chosen.flatMap((d) => d.sent) }
}

/**
 * The audit entries since the previous package's head: the entries after the one just before
 * that package's `export` entry (the export is recorded right after the package is built), or the
 * whole log for the first package.
 */
export function auditSince(db: Db, previousSeq: number | null): AuditSegment {
  const chain = auditChain(db)
  const exported = previousSeq === null ? undefined : exportEntries(db).find((e) => exportedSeq(e.detail) === previousSeq)
  const start = exported ? chain.findIndex((r) => r.id === exported.id) : 0
  const from = Math.max(0, start)
  const link = (r: AuditRow) => ({
    content: [r.at, r.operator, r.action, r.row_id, r.field, r.old_value, r.new_value, r.detail] as AuditContent,
    hash: r.hash
  })
  return { from: { count: from, sha256: from === 0 ? '' : (chain[from - 1] as AuditRow).hash }, entries: chain.slice(from).map(link) }
}

function exportedSeq(detail: string): number | null {
  try {
    return Number((JSON.parse(detail) as { seq?: unknown }).seq)
  } catch {
    return null
  }
}

/** Nothing to send is said as what it is: nothing new since package N, or everything held back by the gate. */
function refuseEmpty(chosen: DesaChanges[], lastPackage: number | null): void {
  if (chosen.some((d) => d.rows.length > 0)) return
  const held = chosen.reduce((n, d) => n + d.held, 0)
  if (lastPackage !== null && chosen.some((d) => d.unchanged > 0)) throw cermatError('NOTHING_NEW_TO_EXPORT', { seq: lastPackage, held })
  if (held > 0) throw cermatError('EXPORT_ALL_HELD', { count: held })
  throw cermatError('NOTHING_TO_EXPORT', {})
}

/** The journaled record of a package the host has saved. */
export function recordExportCommand(pkg: AssembledExport, saved: SavedPackage): Command {
  return {
    type: 'recordExport',
    seq: pkg.built.manifest.seq,
    fileName: saved.fileName,
    sha256: pkg.sha256,
    desa: pkg.desa,
    changes: pkg.built.changes,
    sent: pkg.sent
  }
}

export function exportResult(pkg: AssembledExport, saved: SavedPackage): ExportResult {
  return {
    fileName: saved.fileName,
    location: saved.location,
    sha256: pkg.sha256,
    bytes: pkg.built.bytes.length,
    changes: pkg.built.changes,
    keyId: pkg.built.manifest.signer.keyId
  }
}

/** What a checked receipt of the Dinas says about one of our packages. */
export interface ReceiptRecord {
  packageSha256: string
  seq: number
  receivedAt: string
  /** The receiving office and its key id, as the receipt names them. */
  receiver: string
}

/** The command recording a receipt (null: recorded already); a receipt for a package not made here is refused. */
export function recordReceiptCommand(db: Db, r: ReceiptRecord): Command | null {
  const pkg = exportBySha(db, r.packageSha256)
  if (!pkg || pkg.seq !== r.seq) throw cermatError('RECEIPT_NOT_OURS', { seq: r.seq, sha: r.packageSha256.slice(0, 16) })
  if (pkg.received_at !== null) return null
  return { type: 'recordReceipt', ...r }
}
