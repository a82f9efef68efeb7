/** Packages on their way to the Dinas Sosial: the app's sending queue (docs/delivery.md). */

/**
 * queued: waiting its turn · offline: the receiver could not be reached, retried with back-off ·
 * sending: bytes are going · paused: the operator paused it · received: the Dinas's signed receipt
 * is checked and recorded · refused: the receiver said no (its reason).
 */
export type DeliveryState = 'queued' | 'offline' | 'sending' | 'paused' | 'received' | 'refused'

export interface DeliveryProgress {
  sent: number
  total: number
  bytesPerSecond: number
  /** null while the speed is not known yet. */
  secondsLeft: number | null
}

export interface Delivery {
  sha256: string
  fileName: string
  /** The receiver's address it goes to. */
  to: string
  bytes: number
  state: DeliveryState
  attempts: number
  /** Why the last attempt did not get through, in Indonesian (null when it did). */
  lastError: string | null
  queuedAt: string
  /** Only while sending. */
  progress: DeliveryProgress | null
  /** From the Dinas's receipt: when it was received, its package number and an id to quote (the receipt's SHA-256, 16 hex). */
  receivedAt: string | null
  seq: number | null
  receiptId: string | null
  /** The receiver's reason for a refusal. */
  reason: string | null
}

/** A receipt file imported by the operator (from a USB stick): what it says and whether it was new to the workspace. */
export interface ReceiptImported {
  seq: number
  kecamatan: string
  changes: number
  receivedAt: string
  receiver: string
  receiptId: string
  /** False when this workspace had recorded it already. */
  recorded: boolean
}
