/**
 * Adds an approval to a package: only to one that verifies, never with the operator's own key
 * and never twice with one key. The statement names the manifest bytes and the package the
 * operator signed (approval.ts), so it cannot be moved onto another package.
 */
import type { Signer } from '../ports'
import { APPROVAL_FORMAT, type ApprovalInfo, approvalPaths, type ApprovalStatement, type ApproverRole } from './approval'
import { toBase64 } from './base64'
import { type VerifyDeps, verifyPackage } from './verify'
import { appendZipEntries } from './zip-append'

export interface Approver {
  role: ApproverRole
  name: string
  nip?: string | null
  approvedAt: string
}

export type ApproveResult = { ok: true; bytes: Uint8Array; approval: ApprovalInfo } | { ok: false; reason: string }

export async function approvePackage(
  zip: Uint8Array,
  signer: Signer,
  who: Approver,
  deps: Pick<VerifyDeps, 'sha256' | 'verifyEd25519'>
): Promise<ApproveResult> {
  const v = verifyPackage(zip, deps)
  if (!v.valid) return { ok: false, reason: `paket tidak sah, tidak dapat disetujui: ${v.reason}` }
  const name = who.name.trim()
  if (!name) return { ok: false, reason: 'nama yang menyetujui wajib diisi (--name)' }
  const identity = await signer.identity()
  if (identity.publicKey === v.publicKey)
    return {
      ok: false,
      reason: `kunci ${identity.keyId} adalah kunci operator yang menandatangani paket; persetujuan memakai kunci camat/kasi sendiri`
    }
  const again = v.approvals.find((a) => a.publicKey === identity.publicKey)
  if (again)
    return {
      ok: false,
      reason: `paket ini sudah disetujui dengan kunci ${identity.keyId} (${again.role} ${again.name}, ${again.approvedAt})`
    }
  const n = v.approvals.length + 1
  const statement: ApprovalStatement = {
    format: APPROVAL_FORMAT,
    manifestSha256: deps.sha256(v.manifestBytes),
    packageSha256: v.packageSha256,
    kecamatan: v.manifest.kecamatan,
    seq: v.manifest.seq,
    role: who.role,
    name,
    nip: who.nip?.trim() || null,
    approvedAt: who.approvedAt,
    signer: { algorithm: 'Ed25519', publicKey: identity.publicKey, keyId: identity.keyId }
  }
  const bytes = new TextEncoder().encode(JSON.stringify(statement, null, 2) + '\n')
  const signature = await signer.sign(bytes)
  const paths = approvalPaths(n)
  const approved = appendZipEntries(zip, {
    [paths.statement]: bytes,
    [paths.signature]: new TextEncoder().encode(toBase64(signature) + '\n')
  })
  return {
    ok: true,
    bytes: approved,
    approval: {
      n,
      role: who.role,
      name,
      nip: statement.nip,
      approvedAt: who.approvedAt,
      keyId: identity.keyId,
      publicKey: identity.publicKey,
      trusted: null
    }
  }
}
