/**
 * What happens to a package that arrived whole: verified against the registry (unknown key →
 * quarantine), placed in its office's chain (replay, gap, out of order → refused), then every
 * change stored with its package and a signed receipt, in one transaction. The same bytes twice
 * give the stored receipt again and store nothing new.
 */
import { unzipSync } from 'fflate'

import { type Receipt, RECEIPT_FORMAT, type SignedReceipt } from '../shared/delivery/receipt'
import { packageIdentity } from '../shared/engine/package/approval'
import { auditContinues } from '../shared/engine/package/audit-v2'
import type { Manifest } from '../shared/engine/package/format'
import { packageRows } from '../shared/engine/package/read'
import { checkChain } from '../shared/engine/package/trust'
import { verifyPackage } from '../shared/engine/package/verify'
import { approverVerdict } from './approvers'
import { inTransaction, type Pool } from './db'
import type { DinasKey } from './dinas-key'
import { sha256, verifyEd25519 } from './hash'
import { enrolledKeys, revocationOf } from './registry'

export type Outcome =
  | { status: 'accepted'; packageSha256: string; receipt: SignedReceipt; duplicate: boolean }
  | { status: 'refused' | 'quarantined'; packageSha256: string; code: string; reason: string }

export interface AcceptOptions {
  key: DinasKey
  receiverName: string
  now?: () => Date
}

interface ChangeRecord {
  desa: string
  row_no: number
  values: Record<string, string>
}

/** The change rows of the package, either format (shared/engine/package/read.ts). */
function readChanges(bytes: Uint8Array, manifest: Manifest): ChangeRecord[] {
  const entries = unzipSync(bytes, { filter: (f) => manifest.files.some((m) => m.path === f.name) })
  return packageRows(entries, manifest).map((c) => ({ desa: c.desa, row_no: c.rowNo, values: c.row }))
}

async function refusal(pool: Pool, sha: string, code: string, reason: string): Promise<Outcome> {
  await pool.query('INSERT INTO refusals (sha256, code, reason) VALUES ($1, $2, $3)', [sha, code, reason])
  return { status: 'refused', packageSha256: sha, code, reason }
}

/** A correctly signed package whose key the Dinas revoked: refused (not quarantined), nothing of it kept. */
async function revokedRefusal(pool: Pool | { query: Pool['query'] }, keyId: string): Promise<string | null> {
  const r = await revocationOf(pool, keyId)
  if (!r) return null
  return `kunci ${keyId} dicabut pada ${r.revokedAt}${r.reason ? ` (${r.reason})` : ''}: paket yang ditandatangani kunci ini ditolak dan tidak disimpan. Kantor kecamatan membuat kunci baru (cermat key) dan mendaftarkannya ke Dinas.`
}

async function storedReceipt(pool: Pool | { query: Pool['query'] }, sha: string): Promise<SignedReceipt | null> {
  const r = await pool.query<{ receipt: string; signature: string }>('SELECT receipt, signature FROM receipts WHERE package_sha256 = $1', [
    sha
  ])
  return r.rows[0] ? { receipt: r.rows[0].receipt, signature: r.rows[0].signature } : null
}

export async function acceptPackage(pool: Pool, bytes: Uint8Array, opts: AcceptOptions): Promise<Outcome> {
  // The package as its office signed it: approvals added later do not make it another package.
  const sha = packageIdentity(bytes, sha256)
  const known = await storedReceipt(pool, sha)
  if (known) return { status: 'accepted', packageSha256: sha, receipt: known, duplicate: true }

  const keys = await enrolledKeys(pool)
  // An empty registry must still refuse every key: verifyPackage trusts any key when none is pinned.
  const verified =
    keys.length > 0
      ? verifyPackage(bytes, { sha256, verifyEd25519, trustedKeys: keys })
      : verifyPackage(bytes, { sha256, verifyEd25519, trustedKeys: [{ publicKey: '-' }] })
  if (!verified.valid) {
    const revoked = verified.code === 'UNKNOWN_KEY' && verified.keyId ? await revokedRefusal(pool, verified.keyId) : null
    if (revoked) return refusal(pool, sha, 'REVOKED', revoked)
    if (verified.code === 'UNKNOWN_KEY') {
      const claimed = (() => {
        try {
          return String(
            (
              JSON.parse(
                new TextDecoder().decode(unzipSync(bytes, { filter: (f) => f.name === 'manifest.json' })['manifest.json'])
              ) as Manifest
            ).kecamatan
          )
        } catch {
          return null
        }
      })()
      await pool.query(
        'INSERT INTO quarantine (sha256, key_id, kecamatan, reason, package) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING',
        [sha, verified.keyId ?? null, claimed, verified.reason, Buffer.from(bytes)]
      )
      return {
        status: 'quarantined',
        packageSha256: sha,
        code: verified.code,
        reason: `${verified.reason} Paket disimpan di karantina, tidak diterima.`
      }
    }
    return refusal(pool, sha, verified.code, verified.reason)
  }
  const m = verified.manifest
  if (verified.approvalMissing)
    return refusal(
      pool,
      sha,
      'APPROVAL_MISSING',
      `paket ke-${m.seq} kecamatan ${m.kecamatan} dibuat dengan aturan wajib persetujuan camat/kasi, tetapi belum disetujui (cermat approve)`
    )
  let changes: ChangeRecord[]
  try {
    changes = readChanges(bytes, m)
  } catch (err) {
    return refusal(pool, sha, 'DAMAGED', err instanceof Error ? err.message : 'file perubahan tidak terbaca')
  }
  if (changes.length !== m.counts?.changes)
    return refusal(
      pool,
      sha,
      'DAMAGED',
      `jumlah perubahan di file (${changes.length}) tidak sama dengan manifest (${String(m.counts?.changes)})`
    )
  const workspaceId = String(m.workspace?.id ?? '')

  const outcome = await inTransaction(pool, async (c): Promise<Outcome | { status: 'chain'; code: string; reason: string }> => {
    // One office's chain at a time; other offices proceed in parallel.
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${verified.keyId}/${workspaceId}`])
    const again = await storedReceipt(c, sha)
    if (again) return { status: 'accepted', packageSha256: sha, receipt: again, duplicate: true }
    // A revocation that lands while this package is checked waits for it (FOR SHARE) or refuses it.
    const inForce = await c.query('SELECT 1 FROM kecamatan_keys WHERE key_id = $1 AND revoked_at IS NULL FOR SHARE', [verified.keyId])
    if (inForce.rowCount === 0)
      return { status: 'chain', code: 'REVOKED', reason: (await revokedRefusal(c, verified.keyId)) ?? 'kunci tidak lagi terdaftar' }
    // The kabupaten's rule: an approval counts only by a key the Dinas enrolled (approvers.ts).
    if (m.approvalRequired === true) {
      const approver = await approverVerdict(c, m.kecamatan, verified.approvals)
      if (approver) return { status: 'chain', code: approver.code, reason: approver.reason }
    }
    const head = await c.query<{ seq: number; sha256: string; audit_head: { count: number; sha256: string } | null }>(
      `SELECT seq, sha256, manifest->'auditHead' AS audit_head FROM packages WHERE key_id = $1 AND workspace_id = $2 ORDER BY seq DESC LIMIT 1`,
      [verified.keyId, workspaceId]
    )
    const verdict = checkChain(head.rows[0] ?? null, m)
    if (!verdict.ok) return { status: 'chain', code: verdict.code, reason: verdict.reason }
    const prev = head.rows[0]
    const auditGap = auditContinues(prev?.audit_head ? { seq: prev.seq, auditHead: prev.audit_head } : null, verified.audit)
    if (auditGap) return { status: 'chain', code: 'AUDIT_BROKEN', reason: auditGap }
    await c.query(
      `INSERT INTO packages (sha256, key_id, workspace_id, kecamatan, seq, previous_sha256, created_at, operator, changes, bytes, manifest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        sha,
        verified.keyId,
        workspaceId,
        m.kecamatan,
        m.seq,
        m.previousPackageSha256,
        m.createdAt,
        m.operator,
        changes.length,
        bytes.length,
        JSON.stringify(m)
      ]
    )
    await c.query(
      `INSERT INTO changes (package_sha256, kecamatan, desa, row_no, jenis, nik, no_kk, nama, kolom, nilai_induk, nilai_desa, status, alasan, dasar,
         nomor_dasar, tanggal_dasar, keputusan, diputuskan_oleh, waktu_keputusan, operator, nilai)
       SELECT $1, $2, r.desa, r.row_no, r.v->>'jenis', r.v->>'nik', r.v->>'no_kk', r.v->>'nama', r.v->>'kolom', r.v->>'nilai_induk', r.v->>'nilai_desa',
         r.v->>'status', r.v->>'alasan', r.v->>'dasar', r.v->>'nomor_dasar', r.v->>'tanggal_dasar', r.v->>'keputusan', r.v->>'diputuskan_oleh',
         r.v->>'waktu_keputusan', $3, r.v
       FROM jsonb_to_recordset($4::jsonb) AS r(desa text, row_no integer, v jsonb)`,
      [sha, m.kecamatan, m.operator, JSON.stringify(changes.map((ch) => ({ desa: ch.desa, row_no: ch.row_no, v: ch.values })))]
    )
    const receipt: Receipt = {
      format: RECEIPT_FORMAT,
      status: 'DITERIMA',
      packageSha256: sha,
      kecamatan: m.kecamatan,
      workspaceId,
      seq: m.seq,
      signerKeyId: verified.keyId,
      changes: changes.length,
      receivedAt: (opts.now?.() ?? new Date()).toISOString(),
      receiver: { name: opts.receiverName, publicKey: opts.key.publicKey, keyId: opts.key.keyId }
    }
    const text = JSON.stringify(receipt, null, 2)
    const signed: SignedReceipt = { receipt: text, signature: opts.key.sign(new TextEncoder().encode(text)) }
    await c.query('INSERT INTO receipts (package_sha256, receipt, signature) VALUES ($1, $2, $3)', [sha, signed.receipt, signed.signature])
    return { status: 'accepted', packageSha256: sha, receipt: signed, duplicate: false }
  })
  if (outcome.status === 'chain') return refusal(pool, sha, outcome.code, outcome.reason)
  return outcome
}
