/** The signed package for the Dinas Sosial, the signing key and the audit trail behind it. */

export interface ExportPreviewDesa {
  desa: string
  changes: number
  open: number
  /** Removals (HAPUS, STATUS) decided without a berita acara or SPTJM (made before bases were recorded): exported with empty basis columns. */
  missingBasis: number
}

export interface ExportPreview {
  desa: ExportPreviewDesa[]
}

export interface ExportResult {
  fileName: string
  location: string
  sha256: string
  bytes: number
  changes: number
  keyId: string
}

export interface KeyStatus {
  exists: boolean
  keyId: string | null
  protection: 'os' | 'passphrase'
  /** True when exporting needs a passphrase from the operator (no OS key protection here). */
  passphraseRequired: boolean
}

export interface AuditEntry {
  id: number
  at: string
  operator: string
  action: string
  rowId: string | null
  field: string | null
  oldValue: string | null
  newValue: string | null
  detail: string | null
}
