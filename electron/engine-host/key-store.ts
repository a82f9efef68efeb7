/**
 * The operator's Ed25519 signing key: generated on first use, stored wrapped (never in the clear)
 * in `<dir>/signing-key.json`. Two protections:
 * - 'os': wrapped by the operating system (Electron safeStorage = DPAPI on Windows), no passphrase;
 * - 'passphrase': AES-256-GCM under a key derived with scrypt from the operator's passphrase
 *   (the CLI, and machines where the OS cannot protect secrets, e.g. Linux without a keyring).
 * Signing happens here, in the host; the engine only receives signatures.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  scryptSync,
  sign,
  verify
} from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

import type { KeyStatus } from '../../shared/api/types'
import { cermatError } from '../../shared/engine/errors'
import type { Signer } from '../../shared/engine/ports'
import { writeFileAtomic } from './node-storage'

/** Wraps secrets with an OS facility (safeStorage); unavailable where the OS cannot. */
export interface OsProtector {
  wrap(secret: Uint8Array): Promise<Uint8Array>
  unwrap(wrapped: Uint8Array): Promise<Uint8Array>
}

interface KeyFile {
  version: 1
  algorithm: 'Ed25519'
  publicKey: string
  keyId: string
  protection: 'os' | 'passphrase'
  wrapped: string
  kdf?: { name: 'scrypt'; salt: string; N: number; r: number; p: number }
  nonce?: string
  tag?: string
  createdAt: string
}

const FILE = 'signing-key.json'
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const SCRYPT = { N: 1 << 15, r: 8, p: 1 }

export function keyIdOf(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16)
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(raw)]), format: 'der', type: 'spki' })
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  const der = key.export({ format: 'der', type: 'spki' })
  return new Uint8Array(der.subarray(der.length - 32))
}

export function verifyEd25519(rawPub: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  return verify(null, data, publicKeyFromRaw(rawPub), signature)
}

function deriveKey(passphrase: string, salt: Buffer, kdf = SCRYPT): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...kdf, maxmem: 128 * kdf.N * kdf.r * 2 })
}

export class KeyStore {
  private readonly path: string
  private readonly os: OsProtector | null
  private readonly now: () => string

  /** `fileName`: another key beside the operator's, e.g. a camat's approval key (cermat approve --key <file>). */
  constructor(dir: string, os: OsProtector | null, now: () => string = () => new Date().toISOString(), fileName = FILE) {
    this.path = join(dir, fileName)
    this.os = os
    this.now = now
  }

  private async load(): Promise<KeyFile | null> {
    try {
      return JSON.parse(await fs.readFile(this.path, 'utf8')) as KeyFile
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw cermatError('KEY_UNAVAILABLE', { reason: `berkas kunci rusak (${err instanceof Error ? err.message : String(err)})` })
    }
  }

  async status(): Promise<KeyStatus> {
    const file = await this.load()
    const protection = file?.protection ?? (this.os ? 'os' : 'passphrase')
    return { exists: file !== null, keyId: file?.keyId ?? null, protection, passphraseRequired: protection === 'passphrase' }
  }

  /** The public key (base64) of the key in the file, without unlocking it; null when there is none. */
  async publicKey(): Promise<string | null> {
    return (await this.load())?.publicKey ?? null
  }

  /** The signer, creating the key on first use. A passphrase is needed for passphrase protection. */
  async unlock(passphrase?: string): Promise<Signer> {
    const file = await this.load()
    const key = file ? await this.open(file, passphrase) : await this.create(passphrase)
    const pub = rawPublicKey(createPublicKey(key))
    const identity = { publicKey: Buffer.from(pub).toString('base64'), keyId: keyIdOf(pub) }
    return {
      identity: async () => identity,
      sign: async (data) => new Uint8Array(sign(null, data, key))
    }
  }

  private async create(passphrase: string | undefined): Promise<KeyObject> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const secret = privateKey.export({ format: 'der', type: 'pkcs8' })
    const pub = rawPublicKey(publicKey)
    const base = {
      version: 1 as const,
      algorithm: 'Ed25519' as const,
      publicKey: Buffer.from(pub).toString('base64'),
      keyId: keyIdOf(pub),
      createdAt: this.now()
    }
    let file: KeyFile
    if (this.os) {
      file = { ...base, protection: 'os', wrapped: Buffer.from(await this.os.wrap(new Uint8Array(secret))).toString('base64') }
    } else {
      if (!passphrase || passphrase.length < 8) throw cermatError('KEY_PASSPHRASE_REQUIRED', {})
      const salt = randomBytes(16)
      const nonce = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt), nonce)
      const wrapped = Buffer.concat([cipher.update(secret), cipher.final()])
      file = {
        ...base,
        protection: 'passphrase',
        wrapped: wrapped.toString('base64'),
        kdf: { name: 'scrypt', salt: salt.toString('base64'), ...SCRYPT },
        nonce: nonce.toString('base64'),
        tag: cipher.getAuthTag().toString('base64')
      }
    }
    await fs.mkdir(join(this.path, '..'), { recursive: true })
    await writeFileAtomic(this.path, new TextEncoder().encode(JSON.stringify(file, null, 2)))
    await fs.chmod(this.path, 0o600).catch(() => undefined)
    return privateKey
  }

  private async open(file: KeyFile, passphrase: string | undefined): Promise<KeyObject> {
    let secret: Buffer
    if (file.protection === 'os') {
      if (!this.os) throw cermatError('KEY_UNAVAILABLE', { reason: 'kunci dilindungi sistem operasi lain atau akun lain' })
      try {
        secret = Buffer.from(await this.os.unwrap(Buffer.from(file.wrapped, 'base64')))
      } catch (err) {
        throw cermatError('KEY_UNAVAILABLE', { reason: err instanceof Error ? err.message : String(err) })
      }
    } else {
      if (!passphrase) throw cermatError('KEY_PASSPHRASE_REQUIRED', {})
      if (!file.kdf || !file.nonce || !file.tag) throw cermatError('KEY_UNAVAILABLE', { reason: 'berkas kunci tidak lengkap' })
      try {
        const decipher = createDecipheriv(
          'aes-256-gcm',
          deriveKey(passphrase, Buffer.from(file.kdf.salt, 'base64'), file.kdf),
          Buffer.from(file.nonce, 'base64')
        )
        decipher.setAuthTag(Buffer.from(file.tag, 'base64'))
        secret = Buffer.concat([decipher.update(Buffer.from(file.wrapped, 'base64')), decipher.final()])
      } catch {
        throw cermatError('KEY_PASSPHRASE_WRONG', {})
      }
    }
    const key = createPrivateKey({ key: secret, format: 'der', type: 'pkcs8' })
    if (keyIdOf(rawPublicKey(createPublicKey(key))) !== file.keyId)
      throw cermatError('KEY_UNAVAILABLE', { reason: 'kunci tidak cocok dengan kunci publiknya' })
    return key
  }
}
