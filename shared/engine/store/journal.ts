/**
 * The append-only command journal. Each record is framed as
 *   [u32 payload length, little endian][u32 CRC-32 of payload][payload: UTF-8 JSON]
 * so a record cut short by a crash (a torn tail) is recognised and dropped on recovery.
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
  /** Bytes of whole, valid records; everything after is a torn or damaged tail. */
  validLength: number
}

export function decodeJournal<T>(data: Uint8Array): DecodedJournal<T> {
  const records: T[] = []
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let offset = 0
  while (offset + HEADER <= data.length) {
    const length = view.getUint32(offset, true)
    const crc = view.getUint32(offset + 4, true)
    if (length > MAX_RECORD || offset + HEADER + length > data.length) break
    const payload = data.subarray(offset + HEADER, offset + HEADER + length)
    if (crc32(payload) !== crc) break
    let record: T
    try {
      record = JSON.parse(decoder.decode(payload)) as T
    } catch {
      break
    }
    records.push(record)
    offset += HEADER + length
  }
  return { records, validLength: offset }
}
