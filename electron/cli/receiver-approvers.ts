/** `cermat receiver approvers [enrol … | revoke …]`: the Dinas's registry of camat/kasi keys (receiver/approvers.ts). */
import { basename } from 'node:path'

import { enrolApprover, listApprovers, revokeApprover } from '../../receiver/approvers'
import type { Pool } from '../../receiver/db'
import { APPROVER_ROLES, type ApproverRole } from '../../shared/engine/package/approval'
import { readPublicKey } from './workspace-commands'

type Flags = { role?: string | undefined; name?: string | undefined; kecamatan?: string | undefined; reason?: string | undefined }

export async function runApproversCli(
  pool: Pool,
  positionals: string[],
  v: Flags,
  out: (s: string) => void,
  err: (s: string) => void,
  usage: string
): Promise<number> {
  const [action, arg] = positionals
  if (action === undefined) {
    const keys = await listApprovers(pool)
    if (keys.length === 0) out('Belum ada kunci penyetuju (camat/kasi) yang terdaftar.')
    for (const k of keys) {
      const state = k.revokedAt ? `DICABUT ${k.revokedAt}${k.revokedReason ? ` (${k.revokedReason})` : ''}` : 'berlaku'
      out(`${k.keyId}  ${k.role} ${k.name}  ${k.kecamatan ?? '(semua kecamatan)'}  terdaftar ${k.enrolledAt}  ${state}`)
    }
    return 0
  }
  if (action === 'enrol') {
    if (!arg || !v.name || !(APPROVER_ROLES as readonly string[]).includes(v.role ?? '')) {
      err(`cermat receiver approvers enrol membutuhkan <file kunci publik>, --role camat|kasi dan --name <nama>.\n${usage}`)
      return 2
    }
    let publicKey: string
    try {
      publicKey = await readPublicKey(arg)
    } catch (e) {
      err(`Kunci ${basename(arg)} tidak dapat dibaca: ${e instanceof Error ? e.message : String(e)}`)
      return 2
    }
    const role = v.role as ApproverRole
    const id = await enrolApprover(pool, { publicKey, role, name: v.name, kecamatan: v.kecamatan ?? null, by: 'cermat receiver approvers' })
    out(`Kunci penyetuju ${id} terdaftar: ${role} ${v.name.trim()}${v.kecamatan ? `, kecamatan ${v.kecamatan}` : ' (semua kecamatan)'}`)
    return 0
  }
  if (action === 'revoke' && arg) {
    const r = await revokeApprover(pool, arg, { by: 'cermat receiver approvers revoke', ...(v.reason ? { reason: v.reason } : {}) })
    if (r.status === 'unknown') {
      err(`Kunci penyetuju ${arg} tidak terdaftar (lihat: cermat receiver approvers).`)
      return 1
    }
    if (r.status === 'ambiguous') {
      err(`Sidik kunci ${arg} cocok dengan lebih dari satu kunci penyetuju (${r.keyIds.join(', ')}); tulis lebih lengkap.`)
      return 1
    }
    const who = `${r.key.role} ${r.key.name}`
    if (r.status === 'already') out(`Kunci penyetuju ${r.key.keyId} (${who}) sudah dicabut pada ${r.key.revokedAt}.`)
    else out(`Kunci penyetuju ${r.key.keyId} (${who}) dicabut pada ${r.key.revokedAt}: persetujuannya tidak dihitung lagi.`)
    return 0
  }
  err(usage)
  return 2
}
