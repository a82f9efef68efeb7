/**
 * The host's side of sending (docs/delivery.md): one sending queue per open workspace, the host
 * methods of the Kirim screen, and receipts — from the queue or a file off a USB stick — checked
 * here (signature, package) before the engine records them. The page never claims a receipt itself.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'

import type { ArgsOf, HostHandlers } from '../../shared/api/contract'
import { CermatError, type Result } from '../../shared/api/result'
import type { ShellEvent } from '../../shared/api/shell-events'
import type { Delivery, ReceiptImported } from '../../shared/api/types'
import { checkReceipt, type Receipt, type SignedReceipt } from '../../shared/delivery/receipt'
import { cermatError } from '../../shared/engine/errors'
import { DeliveryQueue, type QueueDeps, receiptIdOf } from '../delivery/queue'
import type { EngineClient } from './client'
import { verifyEd25519 } from './key-store'

// Not node-ports' sha256: that module reads import.meta, which the test host's loader cannot take.
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

type DeliveryHandlers = Pick<HostHandlers, 'listDeliveries' | 'sendPackage' | 'pauseDelivery' | 'resumeDelivery' | 'importReceipt'>

function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value
  throw new CermatError(r.error.code, r.error.message, r.error.details)
}

const recordOf = (r: Receipt) => ({
  packageSha256: r.packageSha256,
  seq: r.seq,
  receivedAt: r.receivedAt,
  receiver: `${r.receiver.name} (${r.receiver.keyId})`
})

/** What sending needs of the host (HostDeps has these too). */
export interface DeliveriesDeps {
  engine: Pick<EngineClient, 'call' | 'recordReceipt'>
  now(): Date
  notify?(event: ShellEvent): void
  delivery?: Pick<QueueDeps, 'retryAfter' | 'retryDelays' | 'chunkSize'>
}

export function createDeliveries(deps: DeliveriesDeps, savedPackage: (sha: string) => Promise<string | null>) {
  let queue: DeliveryQueue | null = null
  let opening: Promise<void> = Promise.resolve()
  const notify = () => deps.notify?.('delivery.changed')

  async function current(): Promise<DeliveryQueue> {
    await opening
    if (!queue) throw cermatError('NO_WORKSPACE', {})
    return queue
  }

  const handlers: DeliveryHandlers = {
    async listDeliveries(): Promise<Delivery[]> {
      await opening
      return queue?.list() ?? []
    },

    async sendPackage(args: ArgsOf<'sendPackage'>): Promise<Delivery[]> {
      const q = await current()
      const path = await savedPackage(args.sha256)
      if (!path) throw cermatError('INVALID_ARGUMENT', { path: 'sha256' })
      const info = unwrap(await deps.engine.call('getWorkspace', {}))
      if (!info?.receiverUrl) throw cermatError('RECEIVER_NOT_SET', {})
      const { size } = await fs.stat(path)
      return q.add({ sha256: args.sha256, path, fileName: basename(path), bytes: size, to: info.receiverUrl })
    },

    pauseDelivery: async (args) => (await current()).pause(args.sha256),
    resumeDelivery: async (args) => (await current()).resume(args.sha256),

    async importReceipt(args: ArgsOf<'importReceipt'>): Promise<ReceiptImported> {
      const q = await current()
      let signed: unknown
      try {
        signed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(args.bytes))
      } catch {
        throw cermatError('RECEIPT_INVALID', { reason: `${basename(args.fileName)} bukan file tanda terima (JSON)` })
      }
      const pinned = unwrap(await deps.engine.call('getWorkspace', {}))?.receiverKey
      const check = checkReceipt(signed, { sha256, verifyEd25519 }, pinned ? { receiverPublicKey: pinned } : {})
      if (!check.valid) throw cermatError('RECEIPT_INVALID', { reason: check.reason })
      const r = check.receipt
      // RECEIPT_NOT_OURS when no package of this workspace has that hash and number.
      const recorded = unwrap(await deps.engine.recordReceipt(recordOf(r)))
      await q.received(r, signed as SignedReceipt)
      return {
        seq: r.seq,
        kecamatan: r.kecamatan,
        changes: r.changes,
        receivedAt: r.receivedAt,
        receiver: r.receiver.name,
        receiptId: receiptIdOf(signed as SignedReceipt),
        recorded
      }
    }
  }

  return {
    handlers,
    /** Opens the queue of a workspace just opened; it resumes what was waiting. */
    open(location: string): Promise<void> {
      opening = opening
        .catch(() => undefined)
        .then(async () => {
          queue = await DeliveryQueue.open({
            dir: location,
            recordReceipt: async (r) => {
              unwrap(await deps.engine.recordReceipt(recordOf(r)))
            },
            onChange: notify,
            now: deps.now,
            receiverKey: async () => unwrap(await deps.engine.call('getWorkspace', {}))?.receiverKey || undefined,
            ...deps.delivery
          })
          notify()
        })
      return opening
    },
    /** Stops sending for the workspace being closed (its upload state stays for next time). */
    close(): Promise<void> {
      opening = opening
        .catch(() => undefined)
        .then(async () => {
          const q = queue
          queue = null
          await q?.close()
        })
      return opening
    }
  }
}
