/** The signed verification package: names and manifest shape (docs/package-format.md). */
/** What Cermat writes: one change list for the package and the audit entries behind it. */
export const PACKAGE_FORMAT = 'cermat-paket/2'
/** The first format (one CSV per desa, every person column on every row): still read everywhere. */
export const PACKAGE_FORMAT_1 = 'cermat-paket/1'
export const READABLE_FORMATS = [PACKAGE_FORMAT_1, PACKAGE_FORMAT] as const
export type PackageFormat = (typeof READABLE_FORMATS)[number]
export const MANIFEST = 'manifest.json'
export const SIGNATURE = 'manifest.sig'
/** Format 2's entries: every change of the package, and the audit log since the previous package. */
export const CHANGES_V2 = 'perubahan.csv'
export const AUDIT_V2 = 'audit.csv'

export interface ManifestFile {
  path: string
  sha256: string
  bytes: number
  rows: number
}

export interface Manifest {
  format: PackageFormat
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
  /** Format 2: where the carried audit entries start (the previous package's head; count 0 and '' for the first). */
  auditFrom?: { count: number; sha256: string }
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
