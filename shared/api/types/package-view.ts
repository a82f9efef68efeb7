/** A package as the viewer shows it (shared/engine/package/view.ts builds it; docs/desktop.md). */
import type { BeritaAcaraChange, BeritaAcaraKind } from './berita-acara'

export interface PackageView {
  fileName: string
  /** SHA-256 of the whole file, as the receiver and the berita acara name it. */
  sha256: string
  /** SAH only when the signature, the key id computed from the key, the key (with a keyring) and every file hash hold. */
  valid: boolean
  /** Why not SAH, in the verifier's words (Indonesian, the same text as `cermat verify`). */
  reason: string | null
  code: 'DAMAGED' | 'FORGED' | 'UNKNOWN_KEY' | 'WRONG_KECAMATAN' | 'TOO_LARGE' | 'AUDIT_BROKEN' | null
  /** Key id computed from the signer's public key (null when the package is too damaged to tell). */
  keyId: string | null
  /** Whether a keyring was configured on this PC and the key is in it. */
  keyringUsed: boolean
  trusted: boolean
  trustedKecamatan: string | null
  /** Only for a SAH package: nothing of an unverified one is shown as if it were true. */
  detail: {
    kecamatan: string
    seq: number
    previousSha256: string | null
    operator: string
    signer: string
    createdAt: string
    counts: Record<BeritaAcaraKind, number> & { total: number; openFindings: number }
    desa: { desa: string; changes: number; openFindings: number }[]
    changes: BeritaAcaraChange[]
    /** Camat/kasi approvals, checked (shared/engine/package/approval.ts), in the order they were added. */
    approvals: PackageApproval[]
    /** The manifest says the kabupaten asks for an approval, and none is there: not to be sent yet. */
    approvalMissing: boolean
    /** SHA-256 of the package as the operator signed it (approvals taken off): the export list's and the receipt's name for it. */
    packageSha256: string
  } | null
}

/** The approver's (camat, kasi) own signing key on this PC, kept apart from the operator's. */
export interface ApproverKeyStatus {
  exists: boolean
  keyId: string | null
  /** To give to the Dinas for enrolment (cermat receiver approvers enrol). */
  publicKey: string | null
  /** 'passphrase': the approver types it to approve; 'os': wrapped by this Windows account. */
  protection: 'os' | 'passphrase' | null
}

export interface PackageApproval {
  role: 'camat' | 'kasi'
  name: string
  nip: string | null
  approvedAt: string
  keyId: string
  /** In the approvers' registry; null when none is used. */
  trusted: boolean | null
}
