/**
 * The app's sending queue (docs/delivery.md): exported packages wait here, stored in the workspace
 * (`kirim/antrian.json`: which package, where to, state, attempts, last error, the tus upload URL
 * and offset), and go one at a time in the order they were made (the receiver refuses a package
 * before the one it follows). An unreachable receiver puts the head in `offline` and the queue
 * tries again with back-off; a kill or power cut resumes from the receiver's offset on reopen.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

import type { Delivery, DeliveryProgress } from '../../shared/api/types'
import type { Receipt, SignedReceipt } from '../../shared/delivery/receipt'
import { writeFileAtomic } from '../engine-host/node-storage'
import { type SendJob, type SendState, startSend } from './sender'

/** What is kept on disk per package: the view without progress, plus where the file is and the upload. */
interface Stored extends Omit<Delivery, 'progress'> {
  path: string
  upload: SendState | null
}

export interface QueueDeps {
  /** The workspace folder; the queue lives in its `kirim/` folder. */
  dir: string
  /** Records a checked receipt in the workspace (the engine: its changes become received). */
  recordReceipt(receipt: Receipt): Promise<void>
  /** Something in the list changed (state, progress): the page asks again. */
  onChange(): void
  now(): Date
  chunkSize?: number
  /** Per-request retries of one attempt; short, since the queue itself retries. */
  retryDelays?: number[]
  /** Milliseconds before the n-th retry of an unreachable receiver (n from 0). */
  retryAfter?(attempt: number): number
  /** The pinned Dinas receipt key (base64), read before each send; none: the key the receipt names. */
  receiverKey?(): Promise<string | undefined>
  log?(s: string): void
}

export const QUEUE_DIR = 'kirim'
const QUEUE_FILE = 'antrian.json'
const defaultRetryAfter = (n: number) => Math.min(5 * 60_000, 5_000 * 2 ** n)

/** The id a receipt is quoted by: the first 16 hex digits of the SHA-256 of its signed text. */
export const receiptIdOf = (signed: SignedReceipt) => createHash('sha256').update(signed.receipt).digest('hex').slice(0, 16)

export class DeliveryQueue {
  private items: Stored[] = []
  private job: { sha: string; send: SendJob } | null = null
  private progress: DeliveryProgress | null = null
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private closed = false
  private pumping = false

  private constructor(private readonly deps: QueueDeps) {}

  /** Opens the queue of a workspace; a package that was sending when the app stopped waits again. */
  static async open(deps: QueueDeps): Promise<DeliveryQueue> {
    const q = new DeliveryQueue(deps)
    try {
      const list = JSON.parse(await fs.readFile(q.file, 'utf8')) as Stored[]
      q.items = Array.isArray(list) ? list.map((i) => (i.state === 'sending' ? { ...i, state: 'queued' } : i)) : []
    } catch {
      q.items = []
    }
    q.pump()
    return q
  }

  private get file(): string {
    return join(this.deps.dir, QUEUE_DIR, QUEUE_FILE)
  }

  list(): Delivery[] {
    return this.items.map(({ path: _path, upload: _upload, ...rest }) => ({
      ...rest,
      progress: this.job?.sha === rest.sha256 ? this.progress : null
    }))
  }

  /** Puts a saved package in the queue (once: the same package again keeps its place and state). */
  async add(p: { sha256: string; path: string; fileName: string; bytes: number; to: string }): Promise<Delivery[]> {
    if (!this.items.some((i) => i.sha256 === p.sha256)) {
      this.items.push({
        ...p,
        to: p.to.replace(/\/+$/, ''),
        state: 'queued',
        attempts: 0,
        lastError: null,
        queuedAt: this.deps.now().toISOString(),
        receivedAt: null,
        seq: null,
        receiptId: null,
        reason: null,
        upload: null
      })
      await this.persist()
    }
    this.pump()
    return this.list()
  }

  async pause(sha: string): Promise<Delivery[]> {
    const item = this.find(sha)
    if (item && (item.state === 'queued' || item.state === 'offline' || item.state === 'sending')) {
      if (this.job?.sha === sha) this.job.send.pause()
      item.state = 'paused'
      await this.persist()
    }
    return this.list()
  }

  /** Resumes a paused package, retries an offline one now, or sends a refused one again (e.g. after the one it follows). */
  async resume(sha: string): Promise<Delivery[]> {
    const item = this.find(sha)
    if (item && (item.state === 'paused' || item.state === 'offline' || item.state === 'refused')) {
      item.state = 'queued'
      item.reason = null
      await this.persist()
      this.clearTimer()
      this.pump()
    }
    return this.list()
  }

  /** Marks a package received from a receipt that came another way (USB stick, `cermat send` on another PC). */
  async received(receipt: Receipt, signed: SignedReceipt): Promise<void> {
    const item = this.find(receipt.packageSha256)
    if (!item) return
    if (this.job?.sha === item.sha256) this.job.send.cancel()
    Object.assign(item, {
      state: 'received',
      receivedAt: receipt.receivedAt,
      seq: receipt.seq,
      receiptId: receiptIdOf(signed),
      lastError: null,
      upload: null
    })
    await this.persist()
  }

  /** Stops sending (the upload state stays, so the next open resumes) and any retry timer. */
  async close(): Promise<void> {
    this.closed = true
    this.clearTimer()
    const job = this.job
    job?.send.pause()
    await job?.send.done.catch(() => undefined)
    await this.writing
  }

  private find(sha: string): Stored | undefined {
    return this.items.find((i) => i.sha256 === sha)
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private persist(): Promise<void> {
    const text = JSON.stringify(this.items, null, 2) + '\n'
    this.writing = this.writing
      .then(async () => {
        await fs.mkdir(join(this.deps.dir, QUEUE_DIR), { recursive: true })
        await writeFileAtomic(this.file, new TextEncoder().encode(text))
      })
      .catch((err: unknown) => this.deps.log?.(`antrian kirim tidak tersimpan: ${String(err)}`))
    this.deps.onChange()
    return this.writing
  }

  /** The next package to send: the first not yet received or refused, in the order they were made. */
  private head(): Stored | undefined {
    return this.items.find((i) => i.state !== 'received' && i.state !== 'refused')
  }

  private pump(): void {
    if (this.closed || this.pumping || this.job) return
    const next = this.head()
    // A paused or offline head holds the rest back: a later package would be refused as a gap.
    if (!next || next.state !== 'queued') return
    this.pumping = true
    void this.send(next).finally(() => {
      this.pumping = false
      this.pump()
    })
  }

  private async send(item: Stored): Promise<void> {
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await fs.readFile(item.path))
    } catch (err) {
      item.state = 'refused'
      item.reason = `file paket ${item.fileName} tidak dapat dibaca (${(err as NodeJS.ErrnoException).code ?? String(err)}); ekspor ulang`
      await this.persist()
      return
    }
    // Paused (or received off a USB stick) while the file was being read: it stays so.
    if (item.state !== 'queued') return
    item.state = 'sending'
    item.attempts += 1
    await this.persist()
    if (item.state !== 'sending') return
    const receiverKey = await this.deps.receiverKey?.().catch(() => undefined)
    const send = startSend({
      bytes,
      fileName: item.fileName,
      to: item.to,
      rounds: 1,
      retryDelays: this.deps.retryDelays ?? [0, 1000, 3000],
      ...(this.deps.chunkSize ? { chunkSize: this.deps.chunkSize } : {}),
      ...(receiverKey ? { receiverKey } : {}),
      state: {
        load: async () => item.upload,
        save: async (s) => {
          item.upload = s
          await this.persist()
        },
        clear: async () => {
          item.upload = null
        }
      },
      onProgress: (p) => {
        this.progress = p
        this.deps.onChange()
      },
      ...(this.deps.log ? { log: this.deps.log } : {})
    })
    this.job = { sha: item.sha256, send }
    const outcome = await send.done
    this.job = null
    this.progress = null
    switch (outcome.status) {
      case 'received':
        await this.storeReceipt(item, outcome.signed)
        try {
          await this.deps.recordReceipt(outcome.receipt)
        } catch (err) {
          item.lastError = `tanda terima sah tetapi belum tercatat di ruang kerja: ${err instanceof Error ? err.message : String(err)}`
        }
        Object.assign(item, {
          state: 'received',
          receivedAt: outcome.receipt.receivedAt,
          seq: outcome.receipt.seq,
          receiptId: receiptIdOf(outcome.signed)
        })
        if (!item.lastError?.startsWith('tanda terima sah')) item.lastError = null
        break
      case 'refused':
        item.state = 'refused'
        item.reason = outcome.reason
        item.lastError = null
        break
      case 'failed':
        item.state = 'offline'
        item.lastError = outcome.reason
        this.retryLater(item.attempts - 1)
        break
      case 'paused':
      case 'cancelled':
        if (item.state === 'sending') item.state = 'paused'
        break
    }
    await this.persist()
  }

  /** The receipt beside the queue, so the workspace keeps the Dinas's signed word (checkable offline). */
  private async storeReceipt(item: Stored, signed: SignedReceipt): Promise<void> {
    const name = `${item.fileName.replace(/\.zip$/i, '')}.tanda-terima.json`
    await writeFileAtomic(join(this.deps.dir, QUEUE_DIR, name), new TextEncoder().encode(JSON.stringify(signed, null, 2) + '\n'))
  }

  private retryLater(attempt: number): void {
    if (this.closed) return
    this.clearTimer()
    const after = (this.deps.retryAfter ?? defaultRetryAfter)(attempt)
    this.timer = setTimeout(() => {
      this.timer = null
      const item = this.head()
      if (item?.state === 'offline') {
        item.state = 'queued'
        this.pump()
      }
    }, after)
    this.timer.unref?.()
  }
}
