/**
 * Sending one package to the Dinas's receiver (docs/delivery.md), shared by `cermat send` and the
 * app's queue: tus upload in small chunks, resumed from the receiver's offset with the upload URL
 * kept in a state store (a file beside the package, or the workspace's queue), retries with
 * back-off, progress with speed and time left, pause and cancel; then the signed receipt, checked.
 */
import { createHash } from 'node:crypto'

import { Upload } from 'tus-js-client'

import { checkReceipt, type Receipt, type SignedReceipt } from '../../shared/delivery/receipt'
import { packageIdentity } from '../../shared/engine/package/approval'
import { verifyPackage } from '../../shared/engine/package/verify'
import { verifyEd25519 } from '../engine-host/key-store'

// Not node-ports' sha256: that module reads import.meta, which the test host's loader cannot take.
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

export const DEFAULT_CHUNK = 64 * 1024
/** Per-request retries inside one tus run (the CLI's long form). */
export const RETRY_DELAYS = [0, 500, 1000, 2000, 4000, 8000]

/** Where a send can pick up again: the receiver, which package, its upload URL and the last confirmed offset. */
export interface SendState {
  to: string
  sha256: string
  uploadUrl: string
  offset: number
  bytes: number
}

export interface StateStore {
  load(): Promise<SendState | null>
  save(s: SendState): Promise<void>
  clear(): Promise<void>
}

export interface SendProgress {
  sent: number
  total: number
  /** Bytes per second over the recent chunks; 0 until two chunks are in. */
  bytesPerSecond: number
  /** Seconds left at that speed; null while unknown. */
  secondsLeft: number | null
}

export type SendOutcome =
  | { status: 'received'; signed: SignedReceipt; receipt: Receipt }
  /** The receiver refused or quarantined the package (its reason), or the receipt is not valid; `beforeSending`: refused here, never uploaded. */
  | { status: 'refused'; reason: string; beforeSending?: true }
  /** Not delivered this time (no network, receiver down): `state` is kept, a later send resumes. */
  | { status: 'failed'; reason: string }
  | { status: 'paused' }
  | { status: 'cancelled' }

export interface SendOptions {
  bytes: Uint8Array
  fileName: string
  /** The receiver's base URL (http(s)://host:port). */
  to: string
  state: StateStore
  chunkSize?: number
  /** The pinned Dinas public key (base64); without it the receipt's own key is checked only for consistency. */
  receiverKey?: string
  /** Whole-upload rounds before giving up with 'failed' (each round retries requests with retryDelays). */
  rounds?: number
  retryDelays?: number[]
  onProgress?(p: SendProgress): void
  log?(s: string): void
  now?(): number
}

export interface SendJob {
  readonly done: Promise<SendOutcome>
  /** Stops after the current request; the state stays so a later send continues from the receiver's offset. */
  pause(): void
  /** Stops and forgets the upload (its state is cleared). */
  cancel(): void
}

const backoff = (round: number) => Math.min(30_000, 500 * 2 ** round)

/** Speed over a sliding window of chunk completions, so a stall shows quickly and a burst does not dominate. */
export function progressMeter(total: number, now: () => number): (sent: number) => SendProgress {
  const samples: { t: number; sent: number }[] = []
  return (sent) => {
    const t = now()
    samples.push({ t, sent })
    while (samples.length > 8) samples.shift()
    const first = samples[0]!
    const dt = (t - first.t) / 1000
    const bytesPerSecond = dt > 0 && sent > first.sent ? (sent - first.sent) / dt : 0
    return { sent, total, bytesPerSecond, secondsLeft: bytesPerSecond > 0 ? Math.ceil((total - sent) / bytesPerSecond) : null }
  }
}

export function startSend(opts: SendOptions): SendJob {
  let stop: 'paused' | 'cancelled' | null = null
  let current: { upload: Upload; reject(e: Error): void } | null = null
  let wake: (() => void) | null = null
  const interrupt = (why: 'paused' | 'cancelled') => {
    if (stop) return
    stop = why
    // tus-js-client's abort() settles nothing: the round's promise is rejected here.
    if (current) {
      void current.upload.abort(false).catch(() => undefined)
      current.reject(new Error('dihentikan'))
    }
    wake?.()
  }
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(r, ms)
      wake = () => {
        clearTimeout(timer)
        r()
      }
    })
  const done = run(opts, {
    stopped: () => stop,
    sleep,
    running: (u) => (current = u)
  }).then(async (outcome) => {
    if (stop === 'cancelled' || outcome.status === 'cancelled') {
      await opts.state.clear().catch(() => undefined)
      return { status: 'cancelled' } as const
    }
    return outcome
  })
  return { done, pause: () => interrupt('paused'), cancel: () => interrupt('cancelled') }
}

interface Control {
  stopped(): 'paused' | 'cancelled' | null
  sleep(ms: number): Promise<void>
  running(u: { upload: Upload; reject(e: Error): void } | null): void
}

async function run(opts: SendOptions, ctl: Control): Promise<SendOutcome> {
  const log = opts.log ?? (() => undefined)
  const to = opts.to.replace(/\/+$/, '')
  const sha = sha256(opts.bytes)
  // The kabupaten's rule, as the signed manifest states it: no approval, no sending.
  const checked = verifyPackage(opts.bytes, { sha256, verifyEd25519 })
  if (checked.valid && checked.approvalMissing)
    return {
      status: 'refused',
      beforeSending: true,
      reason: `paket ${opts.fileName} wajib disetujui camat atau kasi sebelum dikirim (aturan kabupaten). Minta persetujuan: cermat approve ${opts.fileName} --key <kunci> --role camat|kasi --name <nama>`
    }
  // The receipt names the package as the office signed it (approvals taken off).
  const identity = packageIdentity(opts.bytes, sha256)
  const total = opts.bytes.length
  const saved = await opts.state.load()
  let uploadUrl = saved && saved.to === to && saved.sha256 === sha && saved.uploadUrl ? saved.uploadUrl : null
  if (uploadUrl) log(`Melanjutkan unggahan ${opts.fileName} (terakhir ${saved?.offset ?? 0} dari ${total} byte)`)
  // Writes are chained so they land in order; the offset is a hint (the receiver's HEAD decides).
  let writing: Promise<void> = Promise.resolve()
  const save = (s: Partial<SendState>) => {
    const next: SendState = { to, sha256: sha, uploadUrl: uploadUrl ?? '', offset: 0, bytes: total, ...s }
    writing = writing.then(() => opts.state.save(next)).catch(() => undefined)
  }
  // tus-js-client in Node takes a Buffer (a plain Uint8Array is refused as an unknown source).
  const source = Buffer.from(opts.bytes.buffer, opts.bytes.byteOffset, opts.bytes.byteLength)
  const meter = progressMeter(total, opts.now ?? Date.now)
  const rounds = opts.rounds ?? 12
  let lastReason = 'penerima tidak dapat dihubungi'

  for (let round = 0; round < rounds; round++) {
    if (round > 0) await ctl.sleep(backoff(round - 1))
    const stopped = ctl.stopped()
    if (stopped) {
      await writing
      return { status: stopped }
    }
    let url: string
    try {
      url = await new Promise<string>((resolveUpload, reject) => {
        const u: Upload = new Upload(source, {
          endpoint: `${to}/files/`,
          uploadUrl,
          chunkSize: opts.chunkSize ?? DEFAULT_CHUNK,
          retryDelays: opts.retryDelays ?? RETRY_DELAYS,
          metadata: { filename: opts.fileName, sha256: sha },
          storeFingerprintForResuming: false,
          onUploadUrlAvailable: () => {
            if (!u.url) return
            uploadUrl = u.url
            save({ uploadUrl: u.url })
          },
          onChunkComplete: (_size, accepted) => {
            save({ offset: accepted })
            opts.onProgress?.(meter(accepted))
          },
          onError: reject,
          onSuccess: () => (u.url ? resolveUpload(u.url) : reject(new Error('penerima tidak memberi alamat unggahan')))
        })
        ctl.running({ upload: u, reject })
        // A pause that came while this round was being set up.
        if (ctl.stopped()) reject(new Error('dihentikan'))
        else u.start()
      })
    } catch (err) {
      ctl.running(null)
      const stopped = ctl.stopped()
      if (stopped) {
        await writing
        return { status: stopped }
      }
      const status = (err as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus()
      if (status === 413) return { status: 'refused', reason: `paket terlalu besar untuk penerima (${total} byte)` }
      lastReason = `unggahan terputus (${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)})`
      log(`${lastReason[0]!.toUpperCase()}${lastReason.slice(1)}; dicoba lagi`)
      continue
    }
    ctl.running(null)
    save({ uploadUrl: url, offset: total })
    await writing
    const id = url.split('/').filter(Boolean).pop() ?? ''
    let answer: { status: number; body: Record<string, unknown> }
    try {
      const res = await fetch(`${to}/tanda-terima/${encodeURIComponent(id)}`)
      answer = { status: res.status, body: (await res.json()) as Record<string, unknown> }
    } catch (err) {
      lastReason = `tanda terima belum dapat diambil (${err instanceof Error ? err.message : String(err)})`
      log(`Menunggu tanda terima (${err instanceof Error ? err.message : String(err)}); dicoba lagi`)
      continue
    }
    if (answer.status === 200) {
      const check = checkReceipt(
        answer.body,
        { sha256, verifyEd25519 },
        { packageSha256: identity, ...(opts.receiverKey ? { receiverPublicKey: opts.receiverKey } : {}) }
      )
      if (!check.valid) return { status: 'refused', reason: `tanda terima dari penerima tidak sah: ${check.reason}` }
      await opts.state.clear()
      const r = check.receipt
      log(
        `Diterima ${r.receiver.name} pada ${r.receivedAt}: paket ke-${r.seq} kecamatan ${r.kecamatan}, ${r.changes} perubahan (kunci penerima ${r.receiver.keyId}).`
      )
      return { status: 'received', signed: { receipt: String(answer.body.receipt), signature: String(answer.body.signature) }, receipt: r }
    }
    if (answer.status === 422) {
      await opts.state.clear()
      return { status: 'refused', reason: String(answer.body.reason ?? 'ditolak penerima') }
    }
    if (answer.status === 404) {
      // The receiver lost or expired the upload: start it again from zero.
      uploadUrl = null
      save({ uploadUrl: '', offset: 0 })
    }
    lastReason = `penerima belum memberi tanda terima (${String(answer.body.reason ?? answer.status)})`
    log(`Penerima belum memberi tanda terima (${String(answer.body.reason ?? answer.status)}); dicoba lagi`)
  }
  await writing
  return { status: 'failed', reason: lastReason }
}
