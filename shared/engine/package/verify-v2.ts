/**
 * What the verifier checks beyond the signature and file hashes in a format 2 package: it holds
 * exactly perubahan.csv and audit.csv, the change list reads and matches the manifest's counts per
 * desa, and the audit entries chain from `auditFrom` to the signed `auditHead` (audit-v2.ts).
 */
import { checkAuditChain, decodeAuditV2 } from './audit-v2'
import { AUDIT_V2, CHANGES_V2, type Manifest, PACKAGE_FORMAT_1 } from './format'
import { rowsV2 } from './read'

export interface CarriedAudit {
  from: { count: number; sha256: string }
  /** The hash after each carried entry (entry from.count + 1 first). */
  hashes: string[]
}

export type V2Check = { ok: true; audit: CarriedAudit | null } | { ok: false; reason: string; code: 'DAMAGED' | 'AUDIT_BROKEN' }

const HEX64 = /^[0-9a-f]{64}$/

export function checkFormat2(entries: Record<string, Uint8Array>, m: Manifest, sha256: (d: Uint8Array) => string): V2Check {
  if (m.format === PACKAGE_FORMAT_1) return { ok: true, audit: null }
  const damaged = (reason: string): V2Check => ({ ok: false, reason, code: 'DAMAGED' })
  const paths = m.files.map((f) => f.path).sort()
  if (paths.join('\n') !== [AUDIT_V2, CHANGES_V2].sort().join('\n'))
    return damaged(`paket format 2 harus berisi tepat ${CHANGES_V2} dan ${AUDIT_V2} (berisi: ${paths.join(', ') || '-'})`)
  if (!Array.isArray(m.desa) || m.desa.some((d) => d?.path !== null && d?.path !== CHANGES_V2))
    return damaged('daftar desa di manifest tidak sah')
  const from = m.auditFrom
  const head = m.auditHead
  const okPoint = (p: { count: number; sha256: string } | undefined) =>
    !!p && Number.isInteger(p.count) && p.count >= 0 && (p.count === 0 ? p.sha256 === '' : HEX64.test(p.sha256))
  if (!okPoint(from) || !okPoint(head)) return damaged('awal atau kepala rantai audit di manifest tidak sah')

  let rows: ReturnType<typeof rowsV2>
  try {
    rows = rowsV2(entries)
  } catch (err) {
    return damaged(err instanceof Error ? err.message : String(err))
  }
  if (rows.length !== m.counts?.changes)
    return damaged(`jumlah perubahan di ${CHANGES_V2} (${rows.length}) tidak sama dengan manifest (${String(m.counts?.changes)})`)
  const perDesa = new Map<string, number>()
  for (const r of rows) perDesa.set(r.desa, (perDesa.get(r.desa) ?? 0) + 1)
  for (const d of m.desa) {
    const n = perDesa.get(d.desa) ?? 0
    if (n !== d.changes) return damaged(`desa ${d.desa}: ${n} perubahan di ${CHANGES_V2}, manifest menyebut ${d.changes}`)
    perDesa.delete(d.desa)
  }
  const stray = [...perDesa.keys()][0]
  if (stray !== undefined) return damaged(`${CHANGES_V2} memuat desa ${stray} yang tidak ada di manifest`)

  let audit: ReturnType<typeof decodeAuditV2>
  try {
    audit = decodeAuditV2(
      new TextDecoder('utf-8', { fatal: true }).decode(entries[AUDIT_V2]),
      rows.map((r) => r.row)
    )
  } catch (err) {
    return damaged(err instanceof Error && !(err instanceof TypeError) ? err.message : `${AUDIT_V2} bukan teks UTF-8 yang sah`)
  }
  const chain = checkAuditChain(from as CarriedAudit['from'], audit, head, sha256)
  if (!chain.ok) return { ok: false, reason: chain.reason, code: 'AUDIT_BROKEN' }
  return { ok: true, audit: { from: from as CarriedAudit['from'], hashes: chain.hashes } }
}
