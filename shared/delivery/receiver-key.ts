/**
 * The Dinas's receipt key as the operator gives it (docs/delivery.md): pasted base64, a key file
 * (the line `cermat receiver` prints, JSON with "publicKey", or a PEM public key). Pure, for the
 * page and the CLI.
 */
import { fromBase64, toBase64 } from '../engine/package/base64'

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/
// The DER head of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const SPKI_ED25519 = '302a300506032b6570032100'

/** An Ed25519 public key in base64 (32 bytes). */
export function isPublicKey(text: string): boolean {
  return BASE64_KEY.test(text) && fromBase64(text)?.length === 32
}

function fromPem(text: string): string | null {
  const body = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(text)?.[1]
  const der = body ? fromBase64(body.replace(/\s+/g, '')) : null
  if (!der || der.length !== 44) return null
  const head = Array.from(der.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('')
  return head === SPKI_ED25519 ? toBase64(der.subarray(12)) : null
}

/** The public key in a pasted text or key file, or null when there is none or more than one (never a guess). */
export function publicKeyFromText(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed.includes('-----BEGIN')) return fromPem(trimmed)
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { publicKey?: unknown }
      return typeof parsed.publicKey === 'string' && isPublicKey(parsed.publicKey) ? parsed.publicKey : null
    } catch {
      return null
    }
  }
  const keys = new Set(trimmed.split(/[\s()]+/).filter(isPublicKey))
  return keys.size === 1 ? [...keys][0]! : null
}
