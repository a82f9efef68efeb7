/**
 * Builds a package: one change list (CSV, UTF-8, every field quoted, NIK/KK as digit text) per
 * chosen desa, a manifest with the SHA-256 of every file, and an Ed25519 signature over the exact
 * manifest bytes. Machine data: no spreadsheet escaping here (it would change values like +62…).
 */
import { zipSync } from 'fflate'

import { cermatError } from '../errors'
import { csvField } from '../import/csv'
import type { Signer } from '../ports'
import { toBase64 } from './base64'
import { CHANGE_COLUMNS, type ChangeRow, type PackageDesa } from './changes'
import { MANIFEST, type Manifest, type ManifestFile, PACKAGE_FORMAT, SIGNATURE, slug } from './format'

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
  desa: PackageDesa[]
  /** The workspace's rule: a camat/kasi approval before sending (said in the manifest, signed). */
  approvalRequired?: boolean
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

export async function buildPackage(input: PackageInput, signer: Signer, sha256: (d: Uint8Array) => string): Promise<BuiltPackage> {
  const total = input.desa.reduce((n, d) => n + d.rows.length, 0)
  if (total === 0) throw cermatError('NOTHING_TO_EXPORT', {})
  const encoder = new TextEncoder()
  const files: Record<string, Uint8Array> = {}
  const listed: ManifestFile[] = []
  const desa: Manifest['desa'] = []
  const byType: Record<string, number> = {}
  const used = new Set<string>()
  for (const d of input.desa) {
    let path: string | null = null
    if (d.rows.length > 0) {
      let base = `perubahan/${slug(d.desa)}`
      for (let i = 2; used.has(base); i++) base = `perubahan/${slug(d.desa)}-${i}`
      used.add(base)
      path = `${base}.csv`
      const bytes = encoder.encode(changesCsv(d.rows))
      files[path] = bytes
      listed.push({ path, sha256: sha256(bytes), bytes: bytes.length, rows: d.rows.length })
      for (const r of d.rows) byType[r.jenis] = (byType[r.jenis] ?? 0) + 1
    }
    desa.push({ desa: d.desa, path, changes: d.rows.length, openFindings: d.openFindings, sources: d.sources })
  }
  const identity = await signer.identity()
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
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
    auditHead: { count: input.auditHead.count, sha256: input.auditHead.hash },
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
