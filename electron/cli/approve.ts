/**
 * `cermat approve <paket.zip> --key <file|folder> --role camat|kasi --name … [--nip …] [--out <file>]`:
 * the camat or kasi adds their approval to a package (approval.ts), on the operator's PC or later
 * on their own. The key is theirs (made with `cermat key --new --key-dir <folder>`), protected by
 * its passphrase (CERMAT_PASSPHRASE or typed). Writes the package in place unless --out is given.
 */
import { promises as fs } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { APPROVER_ROLES, type ApproverRole } from '../../shared/engine/package/approval'
import { approvePackage } from '../../shared/engine/package/approve'
import { KeyStore, verifyEd25519 } from '../engine-host/key-store'
import { nowIso, sha256 } from '../engine-host/node-ports'
import { writeFileAtomic } from '../engine-host/node-storage'

export const APPROVE_USAGE =
  'Pemakaian: cermat approve <paket.zip> --key <file kunci|folder kunci> --role camat|kasi --name <nama> [--nip <NIP>] [--out <file>]'

/** A key file (`…json`) or a key folder (its signing-key.json), as `cermat key --key-dir` makes them. */
export async function keyStoreAt(path: string): Promise<KeyStore> {
  const full = resolve(path)
  const isDir = await fs.stat(full).then(
    (s) => s.isDirectory(),
    () => !full.toLowerCase().endsWith('.json')
  )
  return isDir ? new KeyStore(full, null) : new KeyStore(dirname(full), null, undefined, basename(full))
}

export async function runApproveCli(
  args: string[],
  io: { out(s: string): void; err(s: string): void; passphrase(): Promise<string | undefined> }
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        key: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        nip: { type: 'string' },
        out: { type: 'string' }
      }
    })
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${APPROVE_USAGE}`)
    return 2
  }
  const v = parsed.values
  const [pkg] = parsed.positionals
  if (!pkg || !v.key || !v.name) {
    io.err(`cermat approve membutuhkan file paket, --key, --role dan --name.\n${APPROVE_USAGE}`)
    return 2
  }
  if (!(APPROVER_ROLES as readonly string[]).includes(v.role ?? '')) {
    io.err(`--role harus camat atau kasi.\n${APPROVE_USAGE}`)
    return 2
  }
  if (v.nip !== undefined && !/^[0-9 ]{1,30}$/.test(v.nip)) {
    io.err('--nip hanya berisi angka (NIP 18 digit).')
    return 2
  }
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await fs.readFile(pkg))
  } catch (err) {
    io.err(`Gagal: paket ${basename(pkg)} tidak dapat dibaca (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    return 1
  }
  const keys = await keyStoreAt(v.key)
  if (!(await keys.status()).exists) {
    io.err(`Gagal: tidak ada kunci persetujuan di ${resolve(v.key)}. Buat dulu: cermat key --new --key-dir <folder> --out <kunci publik>`)
    return 1
  }
  const signer = await keys.unlock(await io.passphrase())
  const r = await approvePackage(
    bytes,
    signer,
    { role: v.role as ApproverRole, name: v.name, nip: v.nip ?? null, approvedAt: nowIso() },
    { sha256, verifyEd25519 }
  )
  if (!r.ok) {
    io.err(`Gagal: ${r.reason}`)
    return 1
  }
  const target = resolve(v.out ?? pkg)
  await writeFileAtomic(target, r.bytes)
  const a = r.approval
  io.out(`Paket disetujui: ${target}`)
  io.out(`  persetujuan ke-${a.n}: ${a.role} ${a.name}${a.nip ? ` (NIP ${a.nip})` : ''}, ${a.approvedAt}, kunci ${a.keyId}`)
  return 0
}
