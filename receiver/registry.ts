/** The registry of enrolled kecamatan keys: only these may deliver packages. */
import { keyIdOfBase64, type TrustedKey } from '../shared/engine/package/trust'
import type { Pool } from './db'
import { sha256 } from './hash'

export interface EnrolledKey extends TrustedKey {
  keyId: string
}

/** Enrols (or re-labels) a key; returns its key id, computed from the key itself. */
export async function enrolKey(
  pool: Pool,
  key: { publicKey: string; kecamatan?: string | null; label?: string | null; by?: string }
): Promise<string> {
  const publicKey = key.publicKey.trim()
  const keyId = keyIdOfBase64(publicKey, sha256)
  if (!keyId) throw new Error('bukan kunci publik Ed25519 (base64 dari 32 byte)')
  await pool.query(
    `INSERT INTO kecamatan_keys (key_id, public_key, kecamatan, label, enrolled_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key_id) DO UPDATE SET kecamatan = EXCLUDED.kecamatan, label = EXCLUDED.label, revoked_at = NULL`,
    [keyId, publicKey, key.kecamatan ?? null, key.label ?? null, key.by ?? null]
  )
  return keyId
}

export async function enrolledKeys(pool: Pool): Promise<EnrolledKey[]> {
  const r = await pool.query<{ key_id: string; public_key: string; kecamatan: string | null; label: string | null }>(
    'SELECT key_id, public_key, kecamatan, label FROM kecamatan_keys WHERE revoked_at IS NULL'
  )
  return r.rows.map((k) => ({ keyId: k.key_id, publicKey: k.public_key, kecamatan: k.kecamatan, label: k.label }))
}
