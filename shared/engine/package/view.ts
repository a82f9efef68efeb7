/**
 * A package for the viewer: the verifier's verdict (the same as `cermat verify`) and, only for a
 * SAH package, what it carries, read once from the verified bytes. Nothing of a package that fails
 * is shown as if it were true: the viewer gets the reason and the key id, no kecamatan or changes.
 */
import { CermatError } from '../../api/result'
import type { PackageView } from '../../api/types'
import { packageChanges } from '../outputs/berita-acara'
import { type VerifyDeps, verifyPackage } from './verify'

export function viewPackage(
  zip: Uint8Array,
  fileName: string,
  deps: Pick<VerifyDeps, 'sha256' | 'verifyEd25519' | 'trustedKeys'>
): PackageView {
  const base = { fileName, sha256: deps.sha256(zip), keyringUsed: (deps.trustedKeys?.length ?? 0) > 0 }
  const v = verifyPackage(zip, deps)
  if (!v.valid)
    return {
      ...base,
      valid: false,
      reason: v.reason,
      code: v.code,
      keyId: v.keyId ?? null,
      trusted: false,
      trustedKecamatan: null,
      detail: null
    }
  const m = v.manifest
  let read: ReturnType<typeof packageChanges>
  try {
    read = packageChanges(zip, m)
  } catch (err) {
    // Signed and intact, but a list this version cannot read (an unknown kind): said, not guessed.
    const reason = err instanceof CermatError ? String(err.details?.reason ?? err.message) : String(err)
    return { ...base, valid: false, reason, code: 'DAMAGED', keyId: v.keyId, trusted: v.trusted, trustedKecamatan: null, detail: null }
  }
  return {
    ...base,
    valid: true,
    reason: null,
    code: null,
    keyId: v.keyId,
    trusted: v.trusted,
    trustedKecamatan: v.trustedKey?.kecamatan ?? null,
    detail: {
      kecamatan: m.kecamatan,
      seq: m.seq,
      previousSha256: m.previousPackageSha256,
      operator: m.operator,
      signer: m.signer.label,
      createdAt: m.createdAt,
      counts: read.counts,
      desa: m.desa.map((d) => ({ desa: d.desa, changes: d.changes, openFindings: d.openFindings })),
      changes: read.changes,
      approvals: v.approvals.map(({ role, name, nip, approvedAt, keyId, trusted }) => ({ role, name, nip, approvedAt, keyId, trusted })),
      approvalMissing: v.approvalMissing,
      packageSha256: v.packageSha256
    }
  }
}
