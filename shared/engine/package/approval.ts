/**
 * Approvals of a package (issue 15 part 2): the camat or the kasi signs, with a key of their own,
 * a statement naming the exact manifest bytes and the package the operator signed. Each approval
 * is two zip entries added after the package's own (`persetujuan/<n>.json` + `.sig`); manifest.json
 * is never touched, and the package as signed stays recoverable byte for byte (zip-append.ts).
 * docs/package-format.md, docs/security.md.
 */
import { fromBase64 } from './base64'
import type { Manifest } from './format'
import { keyIdOf, type TrustedKey } from './trust'
import { zipWithoutTrailing } from './zip-append'

export const APPROVAL_FORMAT = 'cermat-persetujuan/1'
export const APPROVAL_DIR = 'persetujuan/'
export const APPROVER_ROLES = ['camat', 'kasi'] as const
export type ApproverRole = (typeof APPROVER_ROLES)[number]

/** What an approver signs (the exact bytes of `persetujuan/<n>.json`). */
export interface ApprovalStatement {
  format: typeof APPROVAL_FORMAT
  /** SHA-256 of manifest.json's bytes: the approval is of this manifest and nothing else. */
  manifestSha256: string
  /** SHA-256 of the package as the operator signed it (without approvals): its chain and receipt identity. */
  packageSha256: string
  kecamatan: string
  seq: number
  role: ApproverRole
  name: string
  nip: string | null
  approvedAt: string
  signer: { algorithm: 'Ed25519'; publicKey: string; keyId: string }
}

/** One checked approval, as verify and the viewer show it. */
export interface ApprovalInfo {
  n: number
  role: ApproverRole
  name: string
  nip: string | null
  approvedAt: string
  keyId: string
  publicKey: string
  /** Whether the key is in the approvers' registry given; null when none was given. */
  trusted: boolean | null
}

export const isApprovalEntry = (name: string) => name.startsWith(APPROVAL_DIR)
export const approvalPaths = (n: number) => ({ statement: `${APPROVAL_DIR}${n}.json`, signature: `${APPROVAL_DIR}${n}.sig` })

export interface ApprovalDeps {
  sha256(data: Uint8Array): string
  verifyEd25519(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean
  /** Pinned approver keys; approvals by other keys are shown as not registered (and do not count). */
  trustedApprovers?: TrustedKey[]
}

export type ApprovalCheck =
  { ok: true; approvals: ApprovalInfo[]; packageSha256: string } | { ok: false; reason: string; code: 'DAMAGED' | 'FORGED' }

/** The package's approvals checked against its manifest bytes and the package the operator signed. */
export function checkApprovals(
  zip: Uint8Array,
  entries: Record<string, Uint8Array>,
  manifest: Manifest,
  manifestBytes: Uint8Array,
  deps: ApprovalDeps
): ApprovalCheck {
  const names = Object.keys(entries).filter(isApprovalEntry)
  if (names.length === 0) return { ok: true, approvals: [], packageSha256: deps.sha256(zip) }
  const damaged = (reason: string): ApprovalCheck => ({ ok: false, reason, code: 'DAMAGED' })
  const forged = (reason: string): ApprovalCheck => ({ ok: false, reason, code: 'FORGED' })
  const count = names.length / 2
  const expected = Array.from({ length: Math.floor(count) }, (_, i) => approvalPaths(i + 1))
  if (!Number.isInteger(count) || !expected.every((p) => entries[p.statement] && entries[p.signature]))
    return damaged(`berkas persetujuan tidak lengkap atau bernomor salah (${names.sort().join(', ')})`)
  const base = zipWithoutTrailing(zip, isApprovalEntry)
  if (!base) return damaged('berkas persetujuan tidak berada di akhir arsip: paket disusun ulang setelah ditandatangani')
  const packageSha256 = deps.sha256(base)
  const manifestSha256 = deps.sha256(manifestBytes)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const approvals: ApprovalInfo[] = []
  for (const [i, p] of expected.entries()) {
    const n = i + 1
    let s: ApprovalStatement
    let sigText: string
    try {
      s = JSON.parse(decoder.decode(entries[p.statement])) as ApprovalStatement
      sigText = decoder.decode(entries[p.signature])
    } catch {
      return damaged(`persetujuan ke-${n} bukan JSON/teks yang sah`)
    }
    if (typeof s !== 'object' || s === null || s.format !== APPROVAL_FORMAT)
      return damaged(`persetujuan ke-${n} bukan format ${APPROVAL_FORMAT}`)
    if (!(APPROVER_ROLES as readonly string[]).includes(s.role) || typeof s.name !== 'string' || typeof s.approvedAt !== 'string')
      return damaged(`persetujuan ke-${n} tanpa jabatan (camat/kasi), nama atau waktu yang sah`)
    const publicKey = typeof s.signer?.publicKey === 'string' ? fromBase64(s.signer.publicKey) : null
    const signature = sigText.endsWith('\n') ? fromBase64(sigText.slice(0, -1)) : null
    if (!publicKey || publicKey.length !== 32 || !signature || signature.length !== 64)
      return damaged(`persetujuan ke-${n} tanpa kunci publik atau tanda tangan Ed25519 yang sah`)
    const keyId = keyIdOf(publicKey, deps.sha256)
    if (s.signer.keyId !== keyId)
      return forged(`persetujuan ke-${n} menyebut sidik kunci ${String(s.signer.keyId)}, padahal kuncinya ${keyId}`)
    let signed: boolean
    try {
      signed = deps.verifyEd25519(publicKey, entries[p.statement]!, signature)
    } catch {
      signed = false
    }
    if (!signed) return forged(`tanda tangan persetujuan ke-${n} (${s.role} ${s.name}) tidak cocok dengan isinya`)
    if (s.manifestSha256 !== manifestSha256)
      return forged(`persetujuan ke-${n} (${s.role} ${s.name}) dibuat untuk manifest lain, bukan manifest paket ini`)
    if (s.packageSha256 !== packageSha256)
      return forged(`persetujuan ke-${n} (${s.role} ${s.name}) dibuat untuk paket lain (SHA-256 ${String(s.packageSha256).slice(0, 12)}…)`)
    if (s.signer.publicKey === manifest.signer.publicKey)
      return forged(`persetujuan ke-${n} ditandatangani kunci operator sendiri (${keyId}): bukan persetujuan kedua`)
    if (approvals.some((a) => a.publicKey === s.signer.publicKey))
      return damaged(`persetujuan ke-${n}: kunci ${keyId} sudah menyetujui paket ini`)
    const trusted = deps.trustedApprovers ? deps.trustedApprovers.some((k) => k.publicKey.trim() === s.signer.publicKey) : null
    approvals.push({
      n,
      role: s.role,
      name: s.name,
      nip: s.nip ?? null,
      approvedAt: s.approvedAt,
      keyId,
      publicKey: s.signer.publicKey,
      trusted
    })
  }
  return { ok: true, approvals, packageSha256 }
}

/** An approval that counts toward the kabupaten's rule: checked, and registered when a registry is used. */
export const countsAsApproval = (a: ApprovalInfo) => a.trusted !== false

/**
 * SHA-256 of the package as the operator signed it: the approvals taken off byte for byte. The
 * chain (previousPackageSha256), the Dinas's receipt and the workspace's record name this hash,
 * so approving a package after export changes none of them.
 */
export function packageIdentity(zip: Uint8Array, sha256: (d: Uint8Array) => string): string {
  return sha256(zipWithoutTrailing(zip, isApprovalEntry) ?? zip)
}
