/** The signed verification package: names and manifest shape (docs/package-format.md). */
export const PACKAGE_FORMAT = 'cermat-paket/1'
export const MANIFEST = 'manifest.json'
export const SIGNATURE = 'manifest.sig'

export interface ManifestFile {
  path: string
  sha256: string
  bytes: number
  rows: number
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT
  createdAt: string
  app: { name: string; version: string }
  workspace: { id: string; name: string }
  kecamatan: string
  operator: string
  /** Packages of a workspace are numbered 1, 2, 3 …; the receiver detects gaps and replays. */
  seq: number
  previousPackageSha256: string | null
  master: { file: string; sha256: string; rows: number } | null
  desa: {
    desa: string
    path: string | null
    changes: number
    openFindings: number
    sources: { file: string; sha256: string; rows: number }[]
  }[]
  counts: { changes: number; byType: Record<string, number>; openFindings: number }
  auditHead: { count: number; sha256: string }
  files: ManifestFile[]
  signer: { algorithm: 'Ed25519'; publicKey: string; keyId: string; label: string }
  /** Present (true) only when the workspace's rule asks for a camat/kasi approval before sending (approval.ts). */
  approvalRequired?: true
}

/** A file-system-safe name for a desa: "Sumber Adi" → "sumber-adi". */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
  return s || 'tanpa-nama'
}
