/**
 * Checks a package the way a receiver must, before reading any of its data: the zip holds exactly
 * the manifest, its signature and the files the manifest lists (no duplicates, no paths that
 * climb out, no more inflated bytes than the budget), the Ed25519 signature over the manifest
 * bytes is valid, the key id is the one computed from the key, the key is pinned when trusted keys
 * are given, and every file has the size and SHA-256 the manifest states.
 */
import { unzipSync } from 'fflate'

import { type ApprovalDeps, type ApprovalInfo, checkApprovals, countsAsApproval, isApprovalEntry } from './approval'
import { fromBase64 } from './base64'
import { MANIFEST, type Manifest, READABLE_FORMATS, SIGNATURE } from './format'
import { ENROL_HINT, keyIdOf, sameKecamatan, type TrustedKey } from './trust'
import { type CarriedAudit, checkFormat2 } from './verify-v2'

/** Inflated bytes a package may hold in all (a month of a kecamatan is ~1 MB): refused beyond. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024

export interface VerifyDeps {
  sha256(data: Uint8Array): string
  /** Ed25519 verification with a raw 32-byte public key. */
  verifyEd25519(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean
  /** Base64 raw public key the signer must have; without it, integrity is checked against the embedded key only. */
  trustedPublicKey?: string
  /** Pinned keys (keyring, receiver registry): any other key is refused as unknown. */
  trustedKeys?: TrustedKey[]
  /** Budget of inflated bytes over all entries (default MAX_INFLATED_BYTES). */
  maxInflatedBytes?: number
  /** Pinned approver keys (camat, kasi): approvals by other keys are listed as not registered. */
  trustedApprovers?: ApprovalDeps['trustedApprovers']
}

export type VerifyCode = 'DAMAGED' | 'FORGED' | 'UNKNOWN_KEY' | 'WRONG_KECAMATAN' | 'TOO_LARGE' | 'AUDIT_BROKEN'

export type VerifyResult =
  | {
      valid: true
      manifest: Manifest
      keyId: string
      publicKey: string
      trusted: boolean
      trustedKey: TrustedKey | null
      /** The exact manifest bytes the signatures cover. */
      manifestBytes: Uint8Array
      /** Approvals (camat, kasi) carried by the package, checked; approval.ts. */
      approvals: ApprovalInfo[]
      /** The manifest asks for an approval and none (registered) is there: not to be sent yet. */
      approvalMissing: boolean
      /** SHA-256 of the package as the operator signed it (without approvals): chain and receipt identity. */
      packageSha256: string
      /** Format 2: the audit entries it carries, checked against its head (null for format 1). */
      audit: CarriedAudit | null
    }
  | { valid: false; reason: string; code: VerifyCode; keyId?: string }

const bad = (reason: string, code: VerifyCode = 'DAMAGED', keyId?: string): VerifyResult => ({
  valid: false,
  reason,
  code,
  ...(keyId ? { keyId } : {})
})

export function verifyPackage(zip: Uint8Array, deps: VerifyDeps): VerifyResult {
  const names: string[] = []
  const budget = deps.maxInflatedBytes ?? MAX_INFLATED_BYTES
  let declared = 0
  let overBudget: string | null = null
  let entries: Record<string, Uint8Array>
  try {
    // Sizes are checked from the central directory before anything inflates; fflate inflates
    // into a buffer of the declared size, so a lying entry cannot grow past it (its hash fails).
    entries = unzipSync(zip, {
      filter: (f) => {
        names.push(f.name)
        declared += f.originalSize
        if (declared > budget && overBudget === null) overBudget = f.name
        return overBudget === null
      }
    })
  } catch (err) {
    return bad(`arsip zip rusak (${err instanceof Error ? err.message : String(err)})`)
  }
  if (overBudget !== null)
    return bad(
      `isi arsip terlalu besar bila diurai (${overBudget}: lebih dari ${Math.round(budget / 1024 / 1024)} MB); paket ditolak sebelum diurai`,
      'TOO_LARGE'
    )
  if (new Set(names).size !== names.length) return bad('arsip berisi nama file ganda')
  for (const n of names) {
    if (n.startsWith('/') || n.includes('\\') || n.split('/').some((p) => p === '..' || p === '.' || p === '') || /^[A-Za-z]:/.test(n)) {
      return bad(`nama file tidak aman di dalam arsip: ${n}`)
    }
  }
  const manifestBytes = entries[MANIFEST]
  const sigBytes = entries[SIGNATURE]
  if (!manifestBytes) return bad(`${MANIFEST} tidak ada`)
  if (!sigBytes) return bad(`${SIGNATURE} tidak ada`)

  let sigText: string
  try {
    sigText = new TextDecoder('utf-8', { fatal: true }).decode(sigBytes)
  } catch {
    return bad(`${SIGNATURE} bukan teks`)
  }
  const signature = sigText.endsWith('\n') ? fromBase64(sigText.slice(0, -1)) : null
  if (!signature || signature.length !== 64) return bad(`${SIGNATURE} bukan tanda tangan Ed25519 yang sah`)

  let manifest: Manifest
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)) as Manifest
  } catch {
    return bad(`${MANIFEST} bukan JSON yang sah (berubah atau rusak)`)
  }
  if (typeof manifest !== 'object' || manifest === null || !(READABLE_FORMATS as readonly string[]).includes(manifest.format))
    return bad(`format paket bukan ${READABLE_FORMATS.join(' atau ')}`)
  const publicKeyText = manifest.signer?.publicKey
  const publicKey = typeof publicKeyText === 'string' ? fromBase64(publicKeyText) : null
  if (!publicKey || publicKey.length !== 32) return bad('kunci publik penanda tangan tidak ada atau tidak sah')
  const keyId = keyIdOf(publicKey, deps.sha256)
  if (manifest.signer.keyId !== keyId) {
    return bad(
      `sidik kunci di manifest (${String(manifest.signer.keyId)}) bukan sidik kunci penanda tangannya (${keyId}): paket dipalsukan`,
      'FORGED',
      keyId
    )
  }
  let signatureOk: boolean
  try {
    signatureOk = deps.verifyEd25519(publicKey, manifestBytes, signature)
  } catch {
    signatureOk = false
  }
  if (!signatureOk) return bad('tanda tangan tidak cocok dengan manifest (manifest diubah atau kunci salah)', 'FORGED', keyId)
  const pinned = [...(deps.trustedKeys ?? []), ...(deps.trustedPublicKey !== undefined ? [{ publicKey: deps.trustedPublicKey }] : [])]
  const trustedKey = pinned.find((k) => k.publicKey.trim() === publicKeyText) ?? null
  if (pinned.length > 0 && !trustedKey) {
    return bad(
      `kunci tidak dikenal ${keyId}: paket ditandatangani dengan benar, tetapi oleh kunci lain yang tidak terdaftar. ${ENROL_HINT}`,
      'UNKNOWN_KEY',
      keyId
    )
  }
  if (trustedKey?.kecamatan && !sameKecamatan(trustedKey.kecamatan, String(manifest.kecamatan ?? ''))) {
    return bad(
      `kunci ${keyId} terdaftar untuk kecamatan ${trustedKey.kecamatan}, tetapi paket mengaku dari kecamatan ${String(manifest.kecamatan || '-')}`,
      'WRONG_KECAMATAN',
      keyId
    )
  }

  if (!Array.isArray(manifest.files)) return bad('daftar file di manifest tidak ada')
  const listed = new Set<string>()
  for (const f of manifest.files) {
    if (typeof f?.path !== 'string') return bad('daftar file di manifest tidak sah')
    if (listed.has(f.path)) return bad(`file ganda di manifest: ${f.path}`)
    listed.add(f.path)
    const data = entries[f.path]
    if (!data) return bad(`file ${f.path} hilang dari paket`)
    if (data.length !== f.bytes) return bad(`ukuran ${f.path} berubah (${data.length} ≠ ${f.bytes} byte)`)
    if (deps.sha256(data) !== f.sha256) return bad(`isi ${f.path} berubah (SHA-256 tidak cocok)`)
  }
  for (const n of names) {
    if (n !== MANIFEST && n !== SIGNATURE && !listed.has(n) && !isApprovalEntry(n)) return bad(`file ${n} tidak tercantum di manifest`)
  }
  const v2 = checkFormat2(entries, manifest, deps.sha256)
  if (!v2.ok) return bad(v2.reason, v2.code, keyId)
  const approved = checkApprovals(zip, entries, manifest, manifestBytes, deps)
  if (!approved.ok) return bad(approved.reason, approved.code, keyId)
  return {
    valid: true,
    manifest,
    keyId,
    publicKey: publicKeyText as string,
    trusted: trustedKey !== null,
    trustedKey,
    manifestBytes,
    approvals: approved.approvals,
    approvalMissing: manifest.approvalRequired === true && !approved.approvals.some(countsAsApproval),
    packageSha256: approved.packageSha256,
    audit: v2.audit
  }
}
