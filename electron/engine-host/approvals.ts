/**
 * Approval in the app (issue 15): the camat's or kasi's own key on this PC (`keys/approver-key.json`
 * in userData, never the operator's `signing-key.json`), wrapped under the passphrase the approver
 * types, or by the OS when they set none; or a key file made with `cermat key --new`. The package
 * is approved here, in the host (shared/engine/package/approve.ts): the page never holds a key.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

import type { ArgsOf, HostHandlers } from '../../shared/api/contract'
import type { ApproverKeyStatus, PackageView } from '../../shared/api/types'
import { cermatError } from '../../shared/engine/errors'
import { approvePackage } from '../../shared/engine/package/approve'
import type { Signer } from '../../shared/engine/ports'
import { KeyStore, type OsProtector, verifyEd25519 } from './key-store'
import { writeFileAtomic } from './node-storage'

export const APPROVER_KEY_FILE = 'approver-key.json'
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

type ApprovalHandlers = Pick<HostHandlers, 'getApproverKey' | 'createApproverKey' | 'approvePackage'>

export interface ApprovalsDeps {
  dialogs: { saveFile(defaultName: string): Promise<string | null> }
  userDataDir: string
  osProtector: OsProtector | null
  now(): Date
  /** The bytes of a package the viewer shows (by its whole-file SHA-256), and where this PC saved it. */
  shown(sha: string): Promise<{ fileName: string; bytes: Uint8Array; path: string | null } | null>
  /** Verifies and lists a package, as the viewer shows it (holding it for the next step). */
  view(bytes: Uint8Array, fileName: string, path?: string): Promise<PackageView>
}

export function createApprovals(deps: ApprovalsDeps) {
  const dir = join(deps.userDataDir, 'keys')
  // Opening uses whatever protection the file says; creating without a passphrase asks the OS.
  const store = (os: OsProtector | null) => new KeyStore(dir, os, () => deps.now().toISOString(), APPROVER_KEY_FILE)

  async function status(): Promise<ApproverKeyStatus> {
    const s = await store(deps.osProtector).status()
    return {
      exists: s.exists,
      keyId: s.keyId,
      publicKey: await store(deps.osProtector).publicKey(),
      protection: s.exists ? s.protection : null
    }
  }

  /** A key file from `cermat key --new` (passphrase-wrapped): opened from a private temporary copy, removed at once. */
  async function fileSigner(file: { fileName: string; bytes: Uint8Array }, passphrase: string | undefined): Promise<Signer> {
    const tmp = await fs.mkdtemp(join(tmpdir(), 'cermat-approver-'))
    try {
      await fs.writeFile(join(tmp, 'signing-key.json'), file.bytes, { mode: 0o600 })
      const s = new KeyStore(tmp, deps.osProtector)
      if (!(await s.status()).exists) throw cermatError('KEY_UNAVAILABLE', { reason: `${basename(file.fileName)} bukan berkas kunci` })
      return await s.unlock(passphrase)
    } finally {
      await fs.rm(tmp, { recursive: true, force: true })
    }
  }

  const handlers: ApprovalHandlers = {
    getApproverKey: status,

    async createApproverKey(args: ArgsOf<'createApproverKey'>): Promise<ApproverKeyStatus> {
      const existing = await status()
      if (existing.exists)
        throw cermatError('APPROVAL_FAILED', { reason: `PC ini sudah punya kunci penyetuju ${existing.keyId}; kunci itu yang dipakai` })
      if (!args.passphrase && !deps.osProtector) throw cermatError('KEY_PASSPHRASE_REQUIRED', {})
      await store(args.passphrase ? null : deps.osProtector).unlock(args.passphrase)
      return status()
    },

    async approvePackage(args: ArgsOf<'approvePackage'>): Promise<PackageView | null> {
      const shown = await deps.shown(args.sha256)
      if (!shown) throw cermatError('APPROVAL_FAILED', { reason: 'buka paketnya di penampil paket lebih dulu' })
      let signer: Signer
      if (args.keyFile) signer = await fileSigner(args.keyFile, args.passphrase)
      else {
        if (!(await status()).exists) throw cermatError('APPROVAL_FAILED', { reason: 'belum ada kunci penyetuju di PC ini: buat dulu' })
        signer = await store(deps.osProtector).unlock(args.passphrase)
      }
      const approved = await approvePackage(
        shown.bytes,
        signer,
        { role: args.role, name: args.name, nip: args.nip ?? null, approvedAt: deps.now().toISOString() },
        { sha256, verifyEd25519 }
      )
      if (!approved.ok) throw cermatError('APPROVAL_FAILED', { reason: approved.reason })
      // The file this PC saved is approved in place (the sending queue reads it from there); another file goes where the operator says.
      const path = shown.path ?? (await deps.dialogs.saveFile(shown.fileName))
      if (!path) return null
      await writeFileAtomic(path, approved.bytes)
      return deps.view(approved.bytes, basename(path), shown.path ? path : undefined)
    }
  }
  return { handlers }
}
