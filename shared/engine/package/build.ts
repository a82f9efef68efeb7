/**
 * Builds a package (docs/package-format.md): format 2 — one change list for the package
 * (rows-v2.ts) and the audit entries since the previous package (audit-v2.ts) — or, for tests and
 * readers of old packages, format 1's CSV per desa; a manifest with the SHA-256 of every file, and
 * an Ed25519 signature over the exact manifest bytes.
 */
import { zipSync } from 'fflate'

import { cermatError } from '../errors'
import { csvField } from '../import/csv'
import type { Signer } from '../ports'
import { type AuditSegment, checkAuditChain, decodeAuditV2, encodeAuditV2, segmentHead } from './audit-v2'
import { toBase64 } from './base64'
import { CHANGE_COLUMNS, type ChangeRow, type PackageDesa } from './changes'
import {
  AUDIT_V2,
  CHANGES_V2,
  MANIFEST,
  type Manifest,
  type ManifestFile,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_1,
  SIGNATURE,
  slug
} from './format'
import { rowsV2 } from './read'
import { asCarried, encodeChangesV2, sameRow } from './rows-v2'

export interface PackageInput {
  createdAt: string
  appVersion: string
  workspace: { id: string; name: string }
  kecamatan: string
  operator: string
  seq: number
  previousPackageSha256: string | null
  master: Manifest['master']
  auditHead: { count: number; hash: string }
  /** Format 2: the audit entries since the previous package, ending at auditHead (none: nothing carried, from = auditHead). */
  audit?: AuditSegment
  desa: PackageDesa[]
  /** The workspace's rule: a camat/kasi approval before sending (said in the manifest, signed). */
  approvalRequired?: boolean
}

export interface BuildOptions {
  /** 2 (default) writes cermat-paket/2; 1 the first format, still read everywhere. */
  format?: 1 | 2
}

export interface BuiltPackage {
  fileName: string
  bytes: Uint8Array
  manifest: Manifest
  changes: number
}

export function changesCsv(rows: ChangeRow[]): string {
  const lines = [CHANGE_COLUMNS.join(',')]
  for (const r of rows) lines.push(CHANGE_COLUMNS.map((c) => csvField(r[c])).join(','))
  return lines.join('\r\n') + '\r\n'
}

interface Lists {
  files: Record<string, Uint8Array>
  listed: ManifestFile[]
  desa: Manifest['desa']
}

/** Format 1: one CSV per desa, every field quoted. */
function listsV1(input: PackageInput, sha256: (d: Uint8Array) => string): Lists {
  const out: Lists = { files: {}, listed: [], desa: [] }
  const used = new Set<string>()
  for (const d of input.desa) {
    let path: string | null = null
    if (d.rows.length > 0) {
      let base = `perubahan/${slug(d.desa)}`
      for (let i = 2; used.has(base); i++) base = `perubahan/${slug(d.desa)}-${i}`
      used.add(base)
      path = `${base}.csv`
      const bytes = new TextEncoder().encode(changesCsv(d.rows))
      out.files[path] = bytes
      out.listed.push({ path, sha256: sha256(bytes), bytes: bytes.length, rows: d.rows.length })
    }
    out.desa.push({ desa: d.desa, path, changes: d.rows.length, openFindings: d.openFindings, sources: d.sources })
  }
  return out
}

/** Format 2: one perubahan.csv for every desa and the audit entries behind it, checked as a verifier will. */
function listsV2(input: PackageInput, audit: AuditSegment, sha256: (d: Uint8Array) => string): Lists {
  const rows = input.desa.flatMap((d) => d.rows.map((row) => ({ desa: d.desa, row })))
  const changes = new TextEncoder().encode(encodeChangesV2(rows))
  const auditText = encodeAuditV2(
    audit.entries,
    rows.map((r) => r.row)
  )
  // What a reader will see must be what was meant: a codec fault stops here, not at the Dinas.
  const back = rowsV2({ [CHANGES_V2]: changes })
  if (back.length !== rows.length || back.some((b, i) => b.desa !== rows[i]?.desa || !sameRow(b.row, asCarried(rows[i]!.row))))
    throw new Error('perubahan.csv tidak terbaca kembali sama')
  const decoded = decodeAuditV2(
    auditText,
    back.map((b) => b.row)
  )
  const check = checkAuditChain(audit.from, decoded, segmentHead(audit), sha256)
  if (!check.ok) throw new Error(`audit.csv tidak terbaca kembali sama: ${check.reason}`)
  const auditBytes = new TextEncoder().encode(auditText)
  return {
    files: { [CHANGES_V2]: changes, [AUDIT_V2]: auditBytes },
    listed: [
      { path: CHANGES_V2, sha256: sha256(changes), bytes: changes.length, rows: rows.length },
      { path: AUDIT_V2, sha256: sha256(auditBytes), bytes: auditBytes.length, rows: audit.entries.length }
    ],
    desa: input.desa.map((d) => ({
      desa: d.desa,
      path: d.rows.length > 0 ? CHANGES_V2 : null,
      changes: d.rows.length,
      openFindings: d.openFindings,
      sources: d.sources
    }))
  }
}

export async function buildPackage(
  input: PackageInput,
  signer: Signer,
  sha256: (d: Uint8Array) => string,
  opts: BuildOptions = {}
): Promise<BuiltPackage> {
  const total = input.desa.reduce((n, d) => n + d.rows.length, 0)
  if (total === 0) throw cermatError('NOTHING_TO_EXPORT', {})
  const encoder = new TextEncoder()
  const v1 = opts.format === 1
  const audit: AuditSegment = input.audit ?? { from: { count: input.auditHead.count, sha256: input.auditHead.hash }, entries: [] }
  const head = v1 ? { count: input.auditHead.count, sha256: input.auditHead.hash } : segmentHead(audit)
  const { files, listed, desa } = v1 ? listsV1(input, sha256) : listsV2(input, audit, sha256)
  const byType: Record<string, number> = {}
  for (const d of input.desa) for (const r of d.rows) byType[r.jenis] = (byType[r.jenis] ?? 0) + 1
  const identity = await signer.identity()
  const manifest: Manifest = {
    format: v1 ? PACKAGE_FORMAT_1 : PACKAGE_FORMAT,
    createdAt: input.createdAt,
    app: { name: 'Cermat', version: input.appVersion },
    workspace: input.workspace,
    kecamatan: input.kecamatan,
    operator: input.operator,
    seq: input.seq,
    previousPackageSha256: input.previousPackageSha256,
    master: input.master,
    desa,
    counts: { changes: total, byType, openFindings: desa.reduce((n, d) => n + d.openFindings, 0) },
    auditHead: head,
    ...(v1 ? {} : { auditFrom: audit.from }),
    files: listed,
    signer: {
      algorithm: 'Ed25519',
      publicKey: identity.publicKey,
      keyId: identity.keyId,
      label: 'Tanda tangan Cermat milik operator (bukan tanda tangan elektronik tersertifikasi BSrE)'
    },
    ...(input.approvalRequired ? { approvalRequired: true as const } : {})
  }
  const manifestBytes = encoder.encode(JSON.stringify(manifest, null, 2) + '\n')
  const signature = await signer.sign(manifestBytes)
  // Fixed entry order and time: the same content always gives the same zip.
  const mtime = new Date(Date.UTC(2020, 0, 1))
  const bytes = zipSync(
    {
      [MANIFEST]: [manifestBytes, { mtime }],
      [SIGNATURE]: [encoder.encode(toBase64(signature) + '\n'), { mtime }],
      ...Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { mtime }] as const]))
    },
    { level: 9 }
  )
  const stamp = input.createdAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  const fileName = `paket-${slug(input.kecamatan || input.workspace.name)}-${String(input.seq).padStart(3, '0')}-${stamp}.zip`
  return { fileName, bytes, manifest, changes: total }
}
