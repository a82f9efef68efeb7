/** The slicing-by-8 CRC-32 gives what the byte-by-byte definition gives, at every length and offset. */
import { describe, expect, it } from 'vitest'

import { crc32 } from '../../../shared/engine/store/crc32'

function reference(data: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of data) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

describe('crc32', () => {
  it('matches the check value and the bitwise definition for lengths 0–70 at unaligned offsets', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    let seed = 17
    const bytes = Uint8Array.from({ length: 4096 + 3 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)
    for (let offset = 0; offset < 3; offset++)
      for (let length = 0; length <= 70; length++) {
        const part = bytes.subarray(offset, offset + length)
        expect(crc32(part), `offset ${offset}, length ${length}`).toBe(reference(part))
      }
    expect(crc32(bytes)).toBe(reference(bytes))
    expect(crc32(new Uint8Array(1000).fill(0xff))).toBe(reference(new Uint8Array(1000).fill(0xff)))
  })
})
