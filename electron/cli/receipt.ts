/**
 * `cermat receipt <tanda-terima.json> [--package <paket.zip>] [--receiver-key <file>] [--workspace <dir>]`:
 * checks a Dinas receipt offline (signature, and that it is for that package / by that Dinas key);
 * with --workspace, records it there: the changes of that package are received (decision 31).
 */
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'

import { toAppError } from '../../shared/api/result'
import { checkReceipt } from '../../shared/delivery/receipt'
import { packageIdentity } from '../../shared/engine/package/approval'
import { verifyEd25519 } from '../engine-host/key-store'
import { sha256 } from '../engine-host/node-ports'
import { readPublicKey, withWorkspace } from './workspace-commands'

declare const __APP_VERSION__: string | undefined
const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev'

export async function runReceiptCli(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { package: { type: 'string' }, 'receiver-key': { type: 'string' }, workspace: { type: 'string' }, lang: { type: 'string' } }
    })
  } catch (e) {
    err(
      `${e instanceof Error ? e.message : String(e)}\nPemakaian: cermat receipt <tanda-terima.json> [--package <paket.zip>] [--receiver-key <file>] [--workspace <folder>]`
    )
    return 2
  }
  const [file] = parsed.positionals
  if (!file) {
    err('Pemakaian: cermat receipt <tanda-terima.json> [--package <paket.zip>] [--receiver-key <file>] [--workspace <folder>]')
    return 2
  }
  let signed: unknown
  try {
    signed = JSON.parse(await fs.readFile(file, 'utf8'))
  } catch (e) {
    out(`TIDAK SAH: ${basename(file)} tidak dapat dibaca sebagai tanda terima (${e instanceof Error ? e.message : String(e)})`)
    return 1
  }
  const pkg = parsed.values.package
  const keyFile = parsed.values['receiver-key']
  const expect = {
    ...(pkg ? { packageSha256: packageIdentity(new Uint8Array(await fs.readFile(pkg)), sha256) } : {}),
    ...(keyFile ? { receiverPublicKey: await readPublicKey(keyFile) } : {})
  }
  const r = checkReceipt(signed, { sha256, verifyEd25519 }, expect)
  if (!r.valid) {
    out(`TIDAK SAH: ${r.reason}`)
    return 1
  }
  const t = r.receipt
  out(
    `SAH: tanda terima ${t.receiver.name} untuk paket ke-${t.seq} kecamatan ${t.kecamatan}, ${t.changes} perubahan, diterima ${t.receivedAt}.`
  )
  out(`  Paket SHA-256 ${t.packageSha256}${pkg ? ' (cocok dengan file paket)' : ''}`)
  out(
    `  Kunci Dinas ${t.receiver.keyId}${keyFile ? ' (cocok dengan kunci yang dipercaya)' : ' — kunci dari dalam tanda terima: cocokkan dengan Dinas, atau pakai --receiver-key'}`
  )
  const workspace = parsed.values.workspace
  if (workspace) {
    try {
      const recorded = await withWorkspace(workspace, APP_VERSION, (engine) =>
        engine.recordReceipt({
          packageSha256: t.packageSha256,
          seq: t.seq,
          receivedAt: t.receivedAt,
          receiver: `${t.receiver.name} (${t.receiver.keyId})`
        })
      )
      out(
        recorded
          ? `  Dicatat di ruang kerja: perubahan paket ke-${t.seq} berstatus diterima Dinas.`
          : `  Sudah dicatat di ruang kerja sebelumnya.`
      )
    } catch (e) {
      err(`Gagal: ${toAppError(e).message}`)
      return 1
    }
  }
  return 0
}
