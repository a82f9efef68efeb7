/**
 * `cermat send <package.zip> --to <receiver url> [--chunk-size <bytes>]` (docs/delivery.md):
 * tus upload in small chunks, resumable across kills (upload URL and offset kept beside the
 * package in `<package>.kirim.json`), retries with back-off, then the signed receipt, checked
 * and stored beside the package as `<package>.tanda-terima.json`.
 */
import { promises as fs } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { Upload } from 'tus-js-client'

import { checkReceipt } from '../../shared/delivery/receipt'
import { packageIdentity } from '../../shared/engine/package/approval'
import { verifyPackage } from '../../shared/engine/package/verify'
import { verifyEd25519 } from '../engine-host/key-store'
import { sha256 } from '../engine-host/node-ports'
import { writeFileAtomic } from '../engine-host/node-storage'
import { readPublicKey } from './workspace-commands'

export const DEFAULT_CHUNK = 64 * 1024
const RETRY_DELAYS = [0, 500, 1000, 2000, 4000, 8000]
const MAX_ROUNDS = 12

interface SendState {
  to: string
  sha256: string
  uploadUrl: string
  offset: number
  bytes: number
}

export const statePath = (pkg: string) => `${pkg}.kirim.json`
export const receiptPath = (pkg: string) => `${pkg.replace(/\.zip$/i, '')}.tanda-terima.json`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const backoff = (round: number) => Math.min(30_000, 500 * 2 ** round)

async function readState(path: string): Promise<SendState | null> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8')) as SendState
  } catch {
    return null
  }
}

/** One tus run: resolves with the upload URL when every byte is on the receiver. */
function upload(
  bytes: Buffer,
  opts: {
    endpoint: string
    uploadUrl: string | null
    chunkSize: number
    name: string
    sha: string
    onUrl(url: string): void
    onOffset(offset: number): void
  }
): Promise<string> {
  return new Promise((resolveUpload, reject) => {
    const u: Upload = new Upload(bytes, {
      endpoint: opts.endpoint,
      uploadUrl: opts.uploadUrl,
      chunkSize: opts.chunkSize,
      retryDelays: RETRY_DELAYS,
      metadata: { filename: opts.name, sha256: opts.sha },
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => u.url && opts.onUrl(u.url),
      onChunkComplete: (_size, accepted) => opts.onOffset(accepted),
      onError: reject,
      onSuccess: () => (u.url ? resolveUpload(u.url) : reject(new Error('penerima tidak memberi alamat unggahan')))
    })
    u.start()
  })
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
  // The kabupaten's rule, as the signed manifest states it: no approval, no sending.
  const checked = verifyPackage(new Uint8Array(bytes), { sha256, verifyEd25519 })
  if (checked.valid && checked.approvalMissing) {
    return {
      code: 1,
      reason: `paket ${basename(pkg)} wajib disetujui camat atau kasi sebelum dikirim (aturan kabupaten). Minta persetujuan: cermat approve ${basename(pkg)} --key <kunci> --role camat|kasi --name <nama>`
    }
  }
  const to = opts.to.replace(/\/+$/, '')
  const sha = sha256(new Uint8Array(bytes))
  // The receipt names the package as the office signed it (approvals taken off).
  const identity = packageIdentity(new Uint8Array(bytes), sha256)
  const stateFile = statePath(pkg)
  const saved = await readState(stateFile)
  let uploadUrl = saved && saved.to === to && saved.sha256 === sha ? saved.uploadUrl : null
  if (uploadUrl) opts.log(`Melanjutkan unggahan ${basename(pkg)} (terakhir ${saved?.offset ?? 0} dari ${bytes.length} byte)`)
  // Writes are chained so they land in order; the offset is a hint (the receiver's HEAD decides).
  let writing: Promise<void> = Promise.resolve()
  const save = (s: Partial<SendState>) => {
    const next = { to, sha256: sha, uploadUrl: uploadUrl ?? '', offset: 0, bytes: bytes.length, ...s }
    writing = writing.then(() => writeFileAtomic(stateFile, new TextEncoder().encode(JSON.stringify(next) + '\n'))).catch(() => undefined)
  }

  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round > 0) await sleep(backoff(round - 1))
    let url: string
    try {
      url = await upload(bytes, {
        endpoint: `${to}/files/`,
        uploadUrl,
        chunkSize: opts.chunkSize ?? DEFAULT_CHUNK,
        name: basename(pkg),
        sha,
        onUrl: (u) => {
          uploadUrl = u
          save({ uploadUrl: u })
        },
        onOffset: (offset) => save({ offset })
      })
    } catch (err) {
      const status = (err as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus()
      if (status === 413) return { code: 1, reason: `paket terlalu besar untuk penerima (${bytes.length} byte)` }
      opts.log(`Unggahan terputus (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); dicoba lagi`)
      continue
    }
    save({ uploadUrl: url, offset: bytes.length })
    await writing
    const id = url.split('/').filter(Boolean).pop() ?? ''
    let answer: { status: number; body: Record<string, unknown> }
    try {
      const res = await fetch(`${to}/tanda-terima/${encodeURIComponent(id)}`)
      answer = { status: res.status, body: (await res.json()) as Record<string, unknown> }
    } catch (err) {
      opts.log(`Menunggu tanda terima (${err instanceof Error ? err.message : String(err)}); dicoba lagi`)
      continue
    }
    if (answer.status === 200) {
      const check = checkReceipt(
        answer.body,
        { sha256, verifyEd25519 },
        { packageSha256: identity, ...(opts.receiverKey ? { receiverPublicKey: opts.receiverKey } : {}) }
      )
      if (!check.valid) return { code: 1, reason: `tanda terima dari penerima tidak sah: ${check.reason}` }
      const file = receiptPath(pkg)
      await writing
      await writeFileAtomic(
        file,
        new TextEncoder().encode(JSON.stringify({ receipt: answer.body.receipt, signature: answer.body.signature }, null, 2) + '\n')
      )
      await fs.rm(stateFile, { force: true })
      const r = check.receipt
      opts.log(
        `Diterima ${r.receiver.name} pada ${r.receivedAt}: paket ke-${r.seq} kecamatan ${r.kecamatan}, ${r.changes} perubahan (kunci penerima ${r.receiver.keyId}).`
      )
      return { code: 0, receiptFile: file }
    }
    if (answer.status === 422) {
      await writing
      await fs.rm(stateFile, { force: true })
      return { code: 1, refused: true, reason: String(answer.body.reason ?? 'ditolak penerima') }
    }
    if (answer.status === 404) {
      // The receiver lost or expired the upload: start it again from zero.
      uploadUrl = null
      save({ uploadUrl: '', offset: 0 })
    }
    opts.log(`Penerima belum memberi tanda terima (${String(answer.body.reason ?? answer.status)}); dicoba lagi`)
  }
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
