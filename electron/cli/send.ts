/**
 * `cermat send <package.zip> --to <receiver url> [--chunk-size <bytes>]` (docs/delivery.md):
 * tus upload in small chunks, resumable across kills (upload URL and offset kept beside the
 * package in `<package>.kirim.json`), retries with back-off, then the signed receipt, checked
 * and stored beside the package as `<package>.tanda-terima.json`.
 */
import { promises as fs } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { DEFAULT_CHUNK, type SendState, startSend, type StateStore } from '../delivery/sender'
import { writeFileAtomic } from '../engine-host/node-storage'
import { readPublicKey } from './workspace-commands'

export { DEFAULT_CHUNK }
const MAX_ROUNDS = 12

export const statePath = (pkg: string) => `${pkg}.kirim.json`
export const receiptPath = (pkg: string) => `${pkg.replace(/\.zip$/i, '')}.tanda-terima.json`

/** The send state as a file beside the package, so running the same command again continues. */
export function fileState(path: string): StateStore {
  return {
    async load() {
      try {
        return JSON.parse(await fs.readFile(path, 'utf8')) as SendState
      } catch {
        return null
      }
    },
    save: (s) => writeFileAtomic(path, new TextEncoder().encode(JSON.stringify(s) + '\n')),
    clear: () => fs.rm(path, { force: true })
  }
}

export type SendResult = { code: 0; receiptFile: string } | { code: 1 | 2; reason: string; refused?: boolean }

export async function sendPackage(opts: {
  packagePath: string
  to: string
  chunkSize?: number
  receiverKey?: string
  log(s: string): void
}): Promise<SendResult> {
  const pkg = resolve(opts.packagePath)
  let bytes: Buffer
  try {
    bytes = await fs.readFile(pkg)
  } catch (err) {
    return { code: 2, reason: `paket ${basename(pkg)} tidak dapat dibaca (${(err as NodeJS.ErrnoException).code ?? String(err)})` }
  }
  const outcome = await startSend({
    bytes: new Uint8Array(bytes),
    fileName: basename(pkg),
    to: opts.to,
    state: fileState(statePath(pkg)),
    chunkSize: opts.chunkSize ?? DEFAULT_CHUNK,
    rounds: MAX_ROUNDS,
    ...(opts.receiverKey ? { receiverKey: opts.receiverKey } : {}),
    log: opts.log
  }).done
  if (outcome.status === 'received') {
    const file = receiptPath(pkg)
    await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(outcome.signed, null, 2) + '\n'))
    return { code: 0, receiptFile: file }
  }
  if (outcome.status === 'refused') return { code: 1, refused: !outcome.beforeSending, reason: outcome.reason }
  return { code: 1, reason: `paket belum terkirim setelah ${MAX_ROUNDS} percobaan; jalankan perintah yang sama lagi untuk melanjutkan` }
}

export async function runSendCli(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { to: { type: 'string' }, 'chunk-size': { type: 'string' }, 'receiver-key': { type: 'string' }, lang: { type: 'string' } }
    })
  } catch (e) {
    err(
      `${e instanceof Error ? e.message : String(e)}\nPemakaian: cermat send <paket.zip> --to <alamat penerima> [--chunk-size <byte>] [--receiver-key <file>]`
    )
    return 2
  }
  const [pkg] = parsed.positionals
  const to = parsed.values.to
  if (!pkg || !to || !/^https?:\/\//.test(to)) {
    err(
      'Pemakaian: cermat send <paket.zip> --to <alamat penerima, mis. http://127.0.0.1:8080> [--chunk-size <byte>] [--receiver-key <file>]'
    )
    return 2
  }
  const rawChunk = parsed.values['chunk-size']
  const chunkSize = rawChunk === undefined ? DEFAULT_CHUNK : Number(rawChunk)
  if (!Number.isInteger(chunkSize) || chunkSize < 1024) {
    err('--chunk-size membutuhkan bilangan bulat ≥ 1024 (byte).')
    return 2
  }
  const receiverKeyFile = parsed.values['receiver-key']
  const receiverKey = receiverKeyFile ? await readPublicKey(receiverKeyFile) : undefined
  const result = await sendPackage({ packagePath: pkg, to, chunkSize, ...(receiverKey ? { receiverKey } : {}), log: err })
  if (result.code === 0) {
    out(`Tanda terima disimpan: ${result.receiptFile}`)
    return 0
  }
  err(`${result.refused ? 'DITOLAK PENERIMA' : 'GAGAL'}: ${result.reason}`)
  return result.code
}
