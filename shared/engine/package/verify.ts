/**
 * Checks a package the way a receiver must, before reading any of its data: the zip holds exactly
 * the manifest, its signature and the files the manifest lists (no duplicates, no paths that
 * climb out), the Ed25519 signature over the manifest bytes is valid (and by the expected key when
 * one is given), and every file has the size and SHA-256 the manifest states.
 */
import { unzipSync } from 'fflate'
import { fromBase64 } from './base64'
import { MANIFEST, PACKAGE_FORMAT, SIGNATURE, type Manifest } from './format'

export interface VerifyDeps {
  sha256(data: Uint8Array): string
  /** Ed25519 verification with a raw 32-byte public key. */
  verifyEd25519(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean
  /** Base64 raw public key the signer must have; without it, integrity is checked against the embedded key only. */
  trustedPublicKey?: string
}

export type VerifyResult =
  | { valid: true; manifest: Manifest; keyId: string; trusted: boolean }
  | { valid: false; reason: string }

const bad = (reason: string): VerifyResult => ({ valid: false, reason })

export function verifyPackage(zip: Uint8Array, deps: VerifyDeps): VerifyResult {
  const names: string[] = []
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(zip, {
      filter: (f) => {
        names.push(f.name)
        return true
      }
    })
  } catch (err) {
    return bad(`arsip zip rusak (${err instanceof Error ? err.message : String(err)})`)
  }
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
  if (typeof manifest !== 'object' || manifest === null || manifest.format !== PACKAGE_FORMAT) return bad(`format paket bukan ${PACKAGE_FORMAT}`)
  const publicKeyText = manifest.signer?.publicKey
  const publicKey = typeof publicKeyText === 'string' ? fromBase64(publicKeyText) : null
  if (!publicKey || publicKey.length !== 32) return bad('kunci publik penanda tangan tidak ada atau tidak sah')
  if (deps.trustedPublicKey !== undefined && deps.trustedPublicKey !== publicKeyText) {
    return bad(`paket ditandatangani kunci lain (${String(manifest.signer.keyId)}), bukan kunci yang dipercaya`)
  }
  let signatureOk: boolean
  try {
    signatureOk = deps.verifyEd25519(publicKey, manifestBytes, signature)
  } catch {
    signatureOk = false
  }
  if (!signatureOk) return bad('tanda tangan tidak cocok dengan manifest (manifest diubah atau kunci salah)')

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
    if (n !== MANIFEST && n !== SIGNATURE && !listed.has(n)) return bad(`file ${n} tidak tercantum di manifest`)
  }
  return { valid: true, manifest, keyId: String(manifest.signer.keyId), trusted: deps.trustedPublicKey !== undefined }
}
