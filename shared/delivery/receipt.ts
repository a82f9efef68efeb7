/**
 * The Dinas Sosial's signed receipt for an accepted package (docs/delivery.md). The receipt is
 * JSON text signed as bytes with the receiver's Ed25519 key; the file keeps the exact text, so it
 * can be checked offline, years later, without the receiver.
 */
import { fromBase64 } from '../engine/package/base64'
import { keyIdOf, keyIdOfBase64 } from '../engine/package/trust'

export const RECEIPT_FORMAT = 'cermat-tanda-terima/1'

export interface Receipt {
  format: typeof RECEIPT_FORMAT
  status: 'DITERIMA'
  packageSha256: string
  kecamatan: string
  workspaceId: string
  seq: number
  signerKeyId: string
  changes: number
  receivedAt: string
  receiver: { name: string; publicKey: string; keyId: string }
}

/** What travels and is stored: the exact receipt text and the base64 signature over its bytes. */
export interface SignedReceipt {
  receipt: string
  signature: string
}

export interface ReceiptDeps {
  sha256(d: Uint8Array): string
  verifyEd25519(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean
}

export type ReceiptCheck = { valid: true; receipt: Receipt } | { valid: false; reason: string }

/**
 * Checks a signed receipt: signature by the key it names (and that key is the pinned receiver key
 * when given), and that it is for the package with this SHA-256 when given.
 */
export function checkReceipt(
  signed: unknown,
  deps: ReceiptDeps,
  expect: { packageSha256?: string; receiverPublicKey?: string } = {}
): ReceiptCheck {
  const s = signed as Partial<SignedReceipt> | null
  if (typeof s?.receipt !== 'string' || typeof s.signature !== 'string') return { valid: false, reason: 'tanda terima tidak lengkap' }
  let receipt: Receipt
  try {
    receipt = JSON.parse(s.receipt) as Receipt
  } catch {
    return { valid: false, reason: 'isi tanda terima bukan JSON yang sah' }
  }
  if (receipt?.format !== RECEIPT_FORMAT) return { valid: false, reason: `format tanda terima bukan ${RECEIPT_FORMAT}` }
  const pub = typeof receipt.receiver?.publicKey === 'string' ? fromBase64(receipt.receiver.publicKey) : null
  const sig = fromBase64(s.signature)
  if (!pub || pub.length !== 32 || !sig || sig.length !== 64) return { valid: false, reason: 'kunci atau tanda tangan penerima tidak sah' }
  if (keyIdOf(pub, deps.sha256) !== receipt.receiver.keyId)
    return { valid: false, reason: 'sidik kunci penerima tidak cocok dengan kuncinya' }
  if (expect.receiverPublicKey !== undefined && expect.receiverPublicKey.trim() !== receipt.receiver.publicKey) {
    const pinned = keyIdOfBase64(expect.receiverPublicKey.trim(), deps.sha256) ?? 'tidak sah'
    return {
      valid: false,
      reason: `tanda terima ditandatangani kunci ${receipt.receiver.keyId}, bukan kunci Dinas yang dipercaya (${pinned}): bukan dari Dinas, atau kunci Dinas berganti — tanyakan ke Dinas Sosial`
    }
  }
  let ok: boolean
  try {
    ok = deps.verifyEd25519(pub, new TextEncoder().encode(s.receipt), sig)
  } catch {
    ok = false
  }
  if (!ok) return { valid: false, reason: 'tanda tangan tanda terima tidak cocok (diubah atau dipalsukan)' }
  if (expect.packageSha256 !== undefined && receipt.packageSha256 !== expect.packageSha256) {
    return { valid: false, reason: 'tanda terima ini untuk paket lain (SHA-256 tidak cocok)' }
  }
  return { valid: true, receipt }
}
