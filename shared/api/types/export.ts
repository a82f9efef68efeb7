/** The signed package for the Dinas Sosial, the signing key and the audit trail behind it. */

export interface ExportPreviewDesa {
  desa: string
  changes: number
  open: number
  /** Removals (HAPUS, STATUS) decided without a berita acara or SPTJM (made before bases were recorded): exported with empty basis columns. */
  missingBasis: number
  /** Changes held back by the export gate (listed in `held`). */
  held: number
  /** Changes sent before, unchanged since: not in the next package unless everything is re-sent. */
  sent: number
  /** Of those sent, how many are in a package the Dinas confirmed receiving (its receipt recorded). */
  received: number
  /** Changes of something already sent whose value or basis changed: corrections of that package. */
  corrections: number
  /** Changes a package carried that are no longer decided (undone, reversed): announced as BATAL of that package. */
  withdrawn: number
}

/** Why the export gate holds a change back (decision 30). */
export type HeldRule = 'value' | 'open_error' | 'probable_match'

/** A change the export gate holds back, naming where it is and the rule it breaks. */
export interface HeldChange {
  desa: string
  /** The village file and its row as Excel shows it; '' and null for a master person (HAPUS). */
  file: string
  row: number | null
  nik: string
  nama: string
  jenis: string
  /** The field concerned ('' when the whole row is). */
  field: string
  rule: HeldRule
  /** rule 'value': the rejected value and why (an `edit.<reason>` message). */
  value?: string
  reason?: string
  /** rule 'open_error': the open error findings of the row. */
  codes?: string[]
  /** rule 'probable_match': the village row that may be this person. */
  matchFile?: string
  matchRow?: number
  matchNama?: string
}

export interface ExportPreview {
  desa: ExportPreviewDesa[]
  held: HeldChange[]
  /** The number of the last package made, null before the first. */
  lastPackage: number | null
  /** The newest package whose receipt from the Dinas is recorded (`cermat receipt --workspace`). */
  lastReceived: number | null
  /** Everything decided is counted as going out again (`--all`, the app's checkbox). */
  all: boolean
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

/** A package this workspace made (the export screen's list of earlier packages). */
export interface PackageEntry {
  seq: number
  /** When it was made (ISO 8601) and by which operator. */
  at: string
  by: string
  fileName: string
  sha256: string
  changes: number
  desa: string[]
  /** When the Dinas's receipt for it was recorded; null while none is. */
  receivedAt: string | null
}
