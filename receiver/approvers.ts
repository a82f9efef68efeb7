/**
 * The Dinas's registry of approver keys (camat, kasi): with the kabupaten's rule (approvalRequired
 * in the manifest) a package is accepted only when an approval in it is by an enrolled, unrevoked
 * key, of the role it is enrolled for, and for the package's kecamatan when one is given.
 */
import type { ApprovalInfo, ApproverRole } from '../shared/engine/package/approval'
import { keyIdOfBase64, sameKecamatan } from '../shared/engine/package/trust'
import type { Pool } from './db'
import { sha256 } from './hash'

export interface ApproverKey {
  keyId: string
  publicKey: string
  role: ApproverRole
  name: string
  kecamatan: string | null
  enrolledAt: string
  enrolledBy: string | null
  revokedAt: string | null
  revokedBy: string | null
  revokedReason: string | null
}

type Queryable = Pool | { query: Pool['query'] }

const WIB = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') || ' WIB'`
const COLUMNS = `key_id, public_key, role, name, kecamatan, ${WIB('enrolled_at')} AS enrolled_at, enrolled_by,
  CASE WHEN revoked_at IS NULL THEN NULL ELSE ${WIB('revoked_at')} END AS revoked_at, revoked_by, revoked_reason`

function row(k: Record<string, string | null>): ApproverKey {
  return {
    keyId: String(k.key_id),
    publicKey: String(k.public_key),
    role: k.role as ApproverRole,
    name: String(k.name),
    kecamatan: k.kecamatan ?? null,
    enrolledAt: String(k.enrolled_at),
    enrolledBy: k.enrolled_by ?? null,
    revokedAt: k.revoked_at ?? null,
    revokedBy: k.revoked_by ?? null,
    revokedReason: k.revoked_reason ?? null
  }
}

/** Enrols (or re-labels) an approver key; returns its key id, computed from the key. Refused: a revoked key, an office's signing key. */
export async function enrolApprover(
  pool: Pool,
  key: { publicKey: string; role: ApproverRole; name: string; kecamatan?: string | null; by?: string }
): Promise<string> {
  const publicKey = key.publicKey.trim()
  const keyId = keyIdOfBase64(publicKey, sha256)
  if (!keyId) throw new Error('bukan kunci publik Ed25519 (base64 dari 32 byte)')
  if (!key.name.trim()) throw new Error('nama penyetuju wajib diisi (--name)')
  const office = await pool.query<{ kecamatan: string | null }>('SELECT kecamatan FROM kecamatan_keys WHERE key_id = $1', [keyId])
  if (office.rowCount)
    throw new Error(
      `kunci ${keyId} adalah kunci tanda tangan kantor kecamatan ${office.rows[0]?.kecamatan ?? ''}; penyetuju (camat/kasi) memakai kuncinya sendiri`
    )
  const existing = (await approverByKeyId(pool, keyId)) ?? null
  if (existing?.revokedAt)
    throw new Error(
      `kunci penyetuju ${keyId} dicabut pada ${existing.revokedAt} dan tidak dapat didaftarkan lagi; penyetuju membuat kunci baru (cermat key --new)`
    )
  await pool.query(
    `INSERT INTO approver_keys (key_id, public_key, role, name, kecamatan, enrolled_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key_id) DO UPDATE SET role = EXCLUDED.role, name = EXCLUDED.name, kecamatan = EXCLUDED.kecamatan`,
    [keyId, publicKey, key.role, key.name.trim(), key.kecamatan?.trim() || null, key.by ?? null]
  )
  return keyId
}

async function approverByKeyId(pool: Queryable, keyId: string, lock = ''): Promise<ApproverKey | undefined> {
  const r = await pool.query<Record<string, string | null>>(`SELECT ${COLUMNS} FROM approver_keys WHERE key_id = $1${lock}`, [keyId])
  return r.rows[0] ? row(r.rows[0]) : undefined
}

/** Every approver key ever enrolled, revoked ones included, by kecamatan. */
export async function listApprovers(pool: Queryable): Promise<ApproverKey[]> {
  const r = await pool.query<Record<string, string | null>>(
    `SELECT ${COLUMNS} FROM approver_keys ORDER BY kecamatan NULLS LAST, enrolled_at`
  )
  return r.rows.map(row)
}

export type ApproverRevokeOutcome =
  { status: 'revoked' | 'already'; key: ApproverKey } | { status: 'unknown' } | { status: 'ambiguous'; keyIds: string[] }

/** Revokes an approver key by its key id (or an unambiguous start of it, ≥ 8 hex digits): its approvals no longer count. */
export async function revokeApprover(
  pool: Pool,
  keyId: string,
  opts: { by?: string; reason?: string } = {}
): Promise<ApproverRevokeOutcome> {
  const prefix = keyId.trim().toLowerCase()
  if (!/^[0-9a-f]{8,16}$/.test(prefix)) return { status: 'unknown' }
  const found = (await listApprovers(pool)).filter((k) => k.keyId.startsWith(prefix))
  if (found.length === 0) return { status: 'unknown' }
  if (found.length > 1) return { status: 'ambiguous', keyIds: found.map((k) => k.keyId) }
  const key = found[0] as ApproverKey
  if (key.revokedAt) return { status: 'already', key }
  await pool.query(
    'UPDATE approver_keys SET revoked_at = now(), revoked_by = $2, revoked_reason = $3 WHERE key_id = $1 AND revoked_at IS NULL',
    [key.keyId, opts.by ?? null, opts.reason ?? null]
  )
  return { status: 'revoked', key: (await approverByKeyId(pool, key.keyId)) as ApproverKey }
}

export const APPROVER_ENROL_HINT = (a: ApprovalInfo, kecamatan: string) =>
  `Bila kunci ini memang milik ${a.role} ${a.name}, cocokkan sidik kuncinya dengan penyetuju lalu daftarkan: cermat receiver approvers enrol <file kunci publik> --role ${a.role} --name "${a.name}" --kecamatan "${kecamatan}".`

/**
 * Whether the package's approvals satisfy the rule at this Dinas: null when one approval is by an
 * enrolled, unrevoked key of its role (and kecamatan); else why none counts, each approval named.
 * Read FOR SHARE inside the accepting transaction, so a revocation waits for it or refuses it.
 */
export async function approverVerdict(
  c: Queryable,
  kecamatan: string,
  approvals: ApprovalInfo[]
): Promise<{ code: 'APPROVER_UNKNOWN' | 'APPROVER_REFUSED'; reason: string } | null> {
  const why: string[] = []
  let unknown = false
  for (const a of approvals) {
    const k = await approverByKeyId(c, a.keyId, ' FOR SHARE')
    const who = `persetujuan ke-${a.n} (${a.role} ${a.name})`
    if (!k || k.publicKey !== a.publicKey) {
      unknown = true
      why.push(`${who}: kunci penyetuju tidak dikenal ${a.keyId}. ${APPROVER_ENROL_HINT(a, kecamatan)}`)
    } else if (k.revokedAt)
      why.push(`${who}: kunci penyetuju ${a.keyId} dicabut pada ${k.revokedAt}${k.revokedReason ? ` (${k.revokedReason})` : ''}`)
    else if (k.role !== a.role) why.push(`${who}: kunci ${a.keyId} terdaftar sebagai ${k.role} (${k.name}), bukan ${a.role}`)
    else if (k.kecamatan && !sameKecamatan(k.kecamatan, kecamatan))
      why.push(`${who}: kunci ${a.keyId} terdaftar untuk kecamatan ${k.kecamatan}, bukan ${kecamatan}`)
    else return null
  }
  return {
    code: unknown ? 'APPROVER_UNKNOWN' : 'APPROVER_REFUSED',
    reason: `paket wajib disetujui camat/kasi (aturan kabupaten), tetapi tidak ada persetujuan dengan kunci penyetuju yang terdaftar di Dinas: ${why.join('; ')}`
  }
}
