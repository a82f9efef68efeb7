/** The engine's DataCipher in Node: AES-256-GCM with node:crypto (synchronous, so a journal append costs microseconds). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

import type { DataCipher } from '../../shared/engine/ports'

const NONCE = 12
const TAG = 16

export function dataCipher(key: Uint8Array): DataCipher {
  if (key.length !== 32) throw new Error('kunci data harus 32 bita (AES-256)')
  const k = Buffer.from(key)
  return {
    async seal(plain, aad) {
      const nonce = randomBytes(NONCE)
      const cipher = createCipheriv('aes-256-gcm', k, nonce)
      cipher.setAAD(Buffer.from(aad, 'utf8'))
      const body = Buffer.concat([cipher.update(plain), cipher.final()])
      return new Uint8Array(Buffer.concat([nonce, body, cipher.getAuthTag()]))
    },
    async open(sealed, aad) {
      if (sealed.length < NONCE + TAG) return null
      const decipher = createDecipheriv('aes-256-gcm', k, sealed.subarray(0, NONCE))
      decipher.setAAD(Buffer.from(aad, 'utf8'))
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
      try {
        return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]))
      } catch {
        return null
      }
    }
  }
}
