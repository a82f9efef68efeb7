/**
 * The append-only command journal. Each record is framed as
 *   [u32 payload length, little endian][u32 CRC-32 of payload][payload: UTF-8 JSON]
 * and its payload carries its sequence number (`seq`), so replay can check that none is missing.
 * A record cut short by a crash (a torn tail) is recognised; damage before the end is told apart
 * from a torn tail by looking for whole records after it, which are then reported as lost.
 */
import { crc32 } from './crc32'

const HEADER = 8
/** No single command comes near this; a larger length means damage, not data. */
const MAX_RECORD = 64 * 1024 * 1024

export function encodeRecord(record: unknown): Uint8Array {
  const payload = new TextEncoder().encode(JSON.stringify(record))
  const out = new Uint8Array(HEADER + payload.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, payload.length, true)
  view.setUint32(4, crc32(payload), true)
  out.set(payload, HEADER)
  return out
}

export interface DecodedJournal<T> {
  records: T[]
  /** Bytes of whole, valid records from the start; everything after is a torn or damaged tail. */
  validLength: number
  /**
   * Whole records found after the first bad byte (damage, not a torn tail): they were written,
   * so they were acknowledged, but cannot be replayed in order.
   */
  after: T[]
  /** True when the bad part cannot be a torn last write (whole records follow, or a complete record failed its check). */
  damaged: boolean
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The record starting at `offset`, with its end, or null when the bytes there are not one. */
function frameAt<T>(data: Uint8Array, view: DataView, offset: number): { record: T; end: number } | 'short' | null {
  if (offset + HEADER > data.length) return 'short'
  const length = view.getUint32(offset, true)
  if (length > MAX_RECORD) return null
  if (offset + HEADER + length > data.length) return 'short'
  const payload = data.subarray(offset + HEADER, offset + HEADER + length)
  if (crc32(payload) !== view.getUint32(offset + 4, true)) return null
  try {
    const record = JSON.parse(decoder.decode(payload)) as T
    if (typeof record !== 'object' || record === null) return null
    return { record, end: offset + HEADER + length }
  } catch {
    return null
  }
}

export function decodeJournal<T>(data: Uint8Array): DecodedJournal<T> {
  const records: T[] = []
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let offset = 0
  let stop: 'short' | null = null
  while (offset < data.length) {
    const frame = frameAt<T>(data, view, offset)
    if (frame === null || frame === 'short') {
      stop = frame
      break
    }
    records.push(frame.record)
    offset = frame.end
  }
  const out: DecodedJournal<T> = { records, validLength: offset, after: [], damaged: false }
  if (offset >= data.length) return out
  // Look for whole records after the bad bytes: a CRC match by chance is 1 in 2^32 per place.
  for (let at = offset + 1; at + HEADER <= data.length;) {
    const frame = frameAt<T>(data, view, at)
    if (frame !== null && frame !== 'short') {
      out.after.push(frame.record)
      at = frame.end
    } else at++
  }
  // A complete frame that fails its check was written whole: damage. A short one, or zeros (a file
  // grown by a power cut before its data landed), is a torn last write.
  const zeros = data.subarray(offset).every((b) => b === 0)
  out.damaged = out.after.length > 0 || (stop === null && !zeros)
  return out
}
