/**
 * The Dinas Sosial's receipt-signing key (Ed25519), kept as a PKCS#8 PEM file readable only by the
 * receiver's user. Created on first start; its public key is what offices pin to check receipts.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname } from 'node:path'

import { rawPublicKey } from '../electron/engine-host/key-store'
import { keyIdOf } from '../shared/engine/package/trust'
import { sha256 } from './hash'

export interface DinasKey {
  publicKey: string
  keyId: string
  sign(data: Uint8Array): string
}

function fromPrivate(key: KeyObject): DinasKey {
  const raw = rawPublicKey(createPublicKey(key))
  return {
    publicKey: Buffer.from(raw).toString('base64'),
    keyId: keyIdOf(raw, sha256),
    sign: (data) => sign(null, data, key).toString('base64')
  }
}

export async function loadOrCreateDinasKey(path: string): Promise<DinasKey> {
  try {
    return fromPrivate(createPrivateKey(await fs.readFile(path, 'utf8')))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const { privateKey } = generateKeyPairSync('ed25519')
  await fs.mkdir(dirname(path), { recursive: true })
  // wx: two receivers starting at once must not overwrite each other's fresh key.
  await fs
    .writeFile(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' })
    .catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err
    })
  return fromPrivate(createPrivateKey(await fs.readFile(path, 'utf8')))
}
