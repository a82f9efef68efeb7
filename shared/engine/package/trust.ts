/**
 * Who may sign a package, and where it sits in its office's chain (issue 15 part 1).
 * The key id is always computed from the public key (a manifest's own claim is never believed);
 * a verifier trusts only keys it pinned (a keyring file, the receiver's registry); replays and
 * gaps show against the chain state the verifier keeps (the receiver does, `cermat verify` not).
 */
import { fromBase64 } from './base64'
import type { Manifest } from './format'

/** A pinned kecamatan key: the base64 raw Ed25519 public key and, when known, whose it is. */
export interface TrustedKey {
  publicKey: string
  kecamatan?: string | null
  label?: string | null
}

/** First 16 hex digits of the SHA-256 of the raw 32-byte public key (same as `cermat key`). */
export function keyIdOf(rawPublicKey: Uint8Array, sha256: (d: Uint8Array) => string): string {
  return sha256(rawPublicKey).slice(0, 16)
}

/** The key id of a base64 public key, or null when it is not 32 raw bytes. */
export function keyIdOfBase64(publicKey: string, sha256: (d: Uint8Array) => string): string | null {
  const raw = fromBase64(publicKey.trim())
  return raw && raw.length === 32 ? keyIdOf(raw, sha256) : null
}

export const ENROL_HINT =
  'Bila kunci ini memang milik kantor kecamatan, cocokkan sidik kuncinya dengan operator (cermat key) lalu daftarkan: cermat receiver enrol --kecamatan <nama> <file kunci publik> (atau tambahkan ke file --keyring).'

/** Same kecamatan name, ignoring case and spacing ("Sumber Adi" = "SUMBER  ADI"). */
export function sameKecamatan(a: string, b: string): boolean {
  const n = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase()
  return n(a) === n(b)
}

/**
 * Parses a keyring: JSON `{ "keys": [{ "publicKey", "kecamatan"?, "label"? }] }` (or a bare
 * array), or text with one `<base64 public key> [kecamatan …]` per line (`#` starts a comment).
 */
export function parseKeyring(text: string): TrustedKey[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown }).keys
    if (!Array.isArray(list)) throw new Error('keyring JSON tanpa daftar "keys"')
    return list.map((k, i) => {
      const e = k as Partial<TrustedKey>
      if (typeof e?.publicKey !== 'string' || fromBase64(e.publicKey)?.length !== 32)
        throw new Error(`kunci ke-${i + 1} di keyring bukan kunci publik Ed25519 (base64 32 byte)`)
      return {
        publicKey: e.publicKey,
        kecamatan: typeof e.kecamatan === 'string' ? e.kecamatan : null,
        label: typeof e.label === 'string' ? e.label : null
      }
    })
  }
  const keys: TrustedKey[] = []
  trimmed.split(/\r?\n/).forEach((line, i) => {
    const content = line.replace(/#.*$/, '').trim()
    if (!content) return
    const [publicKey = '', ...rest] = content.split(/\s+/)
    if (fromBase64(publicKey)?.length !== 32) throw new Error(`baris ${i + 1} keyring bukan kunci publik Ed25519 (base64 32 byte)`)
    keys.push({ publicKey, kecamatan: rest.length > 0 ? rest.join(' ') : null, label: null })
  })
  return keys
}

/** The last accepted package of one office's chain (one workspace signed by one key). */
export interface ChainHead {
  seq: number
  sha256: string
}

export type ChainVerdict = { ok: true } | { ok: false; code: 'REPLAY' | 'GAP' | 'OUT_OF_ORDER'; reason: string }

/**
 * Where a new package (not already accepted: same bytes are the caller's idempotent case) may
 * sit: exactly after the head, naming the head's hash as its previous package.
 */
export function checkChain(head: ChainHead | null, manifest: Pick<Manifest, 'seq' | 'previousPackageSha256'>): ChainVerdict {
  const seq = manifest.seq
  if (!Number.isInteger(seq) || seq < 1) return { ok: false, code: 'OUT_OF_ORDER', reason: `nomor urut paket tidak sah (${String(seq)})` }
  const expected = (head?.seq ?? 0) + 1
  if (seq < expected) {
    return {
      ok: false,
      code: 'REPLAY',
      reason: `paket ulangan: paket ke-${seq} dari kantor ini sudah diterima sebelumnya (yang diharapkan ke-${expected})`
    }
  }
  if (seq > expected) {
    return {
      ok: false,
      code: 'GAP',
      reason: `ada paket yang belum diterima: ini paket ke-${seq}, yang diharapkan ke-${expected}; kirim dulu paket ke-${expected}`
    }
  }
  const previous = head?.sha256 ?? null
  if ((manifest.previousPackageSha256 ?? null) !== previous) {
    return {
      ok: false,
      code: 'OUT_OF_ORDER',
      reason: previous
        ? `rantai paket tidak cocok: paket ke-${seq} tidak menyebut paket ke-${head?.seq} yang diterima (${previous.slice(0, 12)}…) sebagai sebelumnya`
        : `rantai paket tidak cocok: paket ke-1 tidak boleh menyebut paket sebelumnya`
    }
  }
  return { ok: true }
}
