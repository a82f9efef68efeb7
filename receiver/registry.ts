/** The registry of enrolled kecamatan keys: only these may deliver packages; a revoked key never again. */
import { keyIdOfBase64, type TrustedKey } from '../shared/engine/package/trust'
import type { Pool } from './db'
import { sha256 } from './hash'

export interface EnrolledKey extends TrustedKey {
  keyId: string
}

/** A key as the admin lists it: enrolled when and by whom, and revoked when (null: in force). */
export interface RegistryKey extends EnrolledKey {
  enrolledAt: string
  enrolledBy: string | null
  revokedAt: string | null
  revokedBy: string | null
  revokedReason: string | null
}

/** Times as the Dinas reads them (WIB), the same text in the list, the refusal and the CLI. */
const WIB = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') || ' WIB'`

/** Enrols (or re-labels) a key; returns its key id, computed from the key itself. A revoked key is refused: it stays revoked. */
export async function enrolKey(
  pool: Pool,
  key: { publicKey: string; kecamatan?: string | null; label?: string | null; by?: string }
): Promise<string> {
  const publicKey = key.publicKey.trim()
  const keyId = keyIdOfBase64(publicKey, sha256)
  if (!keyId) throw new Error('bukan kunci publik Ed25519 (base64 dari 32 byte)')
  const revoked = await revocationOf(pool, keyId)
  if (revoked)
    throw new Error(
      `kunci ${keyId} dicabut pada ${revoked.revokedAt} dan tidak dapat didaftarkan lagi; kantor kecamatan membuat kunci baru (cermat key) untuk didaftarkan`
    )
  await pool.query(
    `INSERT INTO kecamatan_keys (key_id, public_key, kecamatan, label, enrolled_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key_id) DO UPDATE SET kecamatan = EXCLUDED.kecamatan, label = EXCLUDED.label`,
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

/** Every key ever enrolled, revoked ones included, by kecamatan. */
export async function listKeys(pool: Pool): Promise<RegistryKey[]> {
  const r = await pool.query<Record<string, string | null>>(
    `SELECT key_id, public_key, kecamatan, label, ${WIB('enrolled_at')} AS enrolled_at, enrolled_by,
       CASE WHEN revoked_at IS NULL THEN NULL ELSE ${WIB('revoked_at')} END AS revoked_at, revoked_by, revoked_reason
     FROM kecamatan_keys ORDER BY kecamatan NULLS LAST, enrolled_at`
  )
  return r.rows.map((k) => ({
    keyId: String(k.key_id),
    publicKey: String(k.public_key),
    kecamatan: k.kecamatan,
    label: k.label,
    enrolledAt: String(k.enrolled_at),
    enrolledBy: k.enrolled_by ?? null,
    revokedAt: k.revoked_at ?? null,
    revokedBy: k.revoked_by ?? null,
    revokedReason: k.revoked_reason ?? null
  }))
}

/** When a key was revoked (WIB text) and why, or null when it is not (or not enrolled). */
export async function revocationOf(
  pool: Pool | { query: Pool['query'] },
  keyId: string
): Promise<{ revokedAt: string; reason: string | null } | null> {
  const r = await pool.query<{ revoked_at: string; revoked_reason: string | null }>(
    `SELECT ${WIB('revoked_at')} AS revoked_at, revoked_reason FROM kecamatan_keys WHERE key_id = $1 AND revoked_at IS NOT NULL`,
    [keyId]
  )
  return r.rows[0] ? { revokedAt: r.rows[0].revoked_at, reason: r.rows[0].revoked_reason } : null
}

export type RevokeOutcome =
  { status: 'revoked' | 'already'; key: RegistryKey } | { status: 'unknown' } | { status: 'ambiguous'; keyIds: string[] }

/**
 * Revokes a key by its key id (or an unambiguous start of it, ≥ 8 hex digits as `cermat key`
 * prints it): from now on every package it signed is refused, whatever date it claims.
 * Already accepted packages stay accepted.
 */
export async function revokeKey(pool: Pool, keyId: string, opts: { by?: string; reason?: string } = {}): Promise<RevokeOutcome> {
  const prefix = keyId.trim().toLowerCase()
  if (!/^[0-9a-f]{8,16}$/.test(prefix)) return { status: 'unknown' }
  const found = (await listKeys(pool)).filter((k) => k.keyId.startsWith(prefix))
  if (found.length === 0) return { status: 'unknown' }
  if (found.length > 1) return { status: 'ambiguous', keyIds: found.map((k) => k.keyId) }
  const key = found[0] as RegistryKey
  if (key.revokedAt) return { status: 'already', key }
  await pool.query(
    'UPDATE kecamatan_keys SET revoked_at = now(), revoked_by = $2, revoked_reason = $3 WHERE key_id = $1 AND revoked_at IS NULL',
    [key.keyId, opts.by ?? null, opts.reason ?? null]
  )
  const after = (await listKeys(pool)).find((k) => k.keyId === key.keyId) as RegistryKey
  return { status: 'revoked', key: after }
}
