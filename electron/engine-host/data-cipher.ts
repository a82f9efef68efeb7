/** The engine's DataCipher in Node: AES-256-GCM with node:crypto (synchronous, so a journal append costs microseconds). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

import type { DataCipher } from '../../shared/engine/ports'

const NONCE = 12
const TAG = 16
const EMPTY = new Uint8Array(0)

export function dataCipher(key: Uint8Array): DataCipher {
  if (key.length !== 32) throw new Error('kunci data harus 32 bita (AES-256)')
  const k = Buffer.from(key)
  return {
    async seal(plain, aad, prefix = EMPTY) {
      // One buffer, written once: a snapshot is tens of MB and every copy shows in its save time.
      const out = Buffer.allocUnsafe(prefix.length + NONCE + plain.length + TAG)
      out.set(prefix)
      const nonce = randomBytes(NONCE)
      out.set(nonce, prefix.length)
      const cipher = createCipheriv('aes-256-gcm', k, nonce)
      cipher.setAAD(Buffer.from(aad, 'utf8'))
      out.set(cipher.update(plain), prefix.length + NONCE)
      cipher.final() // GCM has no padding: nothing is left to emit
      out.set(cipher.getAuthTag(), prefix.length + NONCE + plain.length)
      return new Uint8Array(out.buffer, out.byteOffset, out.length)
    },
    async open(sealed, aad) {
      if (sealed.length < NONCE + TAG) return null
      const decipher = createDecipheriv('aes-256-gcm', k, sealed.subarray(0, NONCE))
      decipher.setAAD(Buffer.from(aad, 'utf8'))
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
      try {
        const plain = decipher.update(sealed.subarray(NONCE, sealed.length - TAG))
        decipher.final() // checks the tag; GCM emits nothing more
        return new Uint8Array(plain.buffer, plain.byteOffset, plain.length)
      } catch {
        return null
      }
    }
  }
}
