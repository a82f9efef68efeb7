/**
 * The workspace's data key (32 random bytes, AES-256-GCM of every file in the folder) and its
 * key file `key.json` beside the data, holding the key only wrapped:
 * - 'os': by the operating system (Electron safeStorage = DPAPI on Windows), in the app;
 * - 'passphrase': AES-256-GCM under a key from scrypt (N = 2^15, r = 8, p = 1, salt in the file),
 *   in the CLI and the test host (CERMAT_PASSPHRASE or a prompt), and in the app where the OS
 *   cannot protect a secret.
 * - 'recovery': the same scrypt wrap under a recovery code printed once (`cermat key recovery`),
 *   for a reinstalled Windows profile (safeStorage lost) or a forgotten passphrase.
 * The key file is created by an exclusive link: two processes creating the same workspace agree on
 * one key. It is rewritten (atomically) only to add or rotate a wrap; the data key never changes.
 * Nothing is written before the key is unwrapped.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

import { formatRecoveryCode, normalizeRecoveryCode } from '../../shared/domain/recovery-code'
import { cermatError } from '../../shared/engine/errors'
import { MARKER } from '../../shared/engine/store/encryption'
import type { OsProtector } from './key-store'
import { writeFileAtomic } from './node-storage'

export const KEY_FILE = 'key.json'
export const SCRYPT = { N: 1 << 15, r: 8, p: 1 }
const AAD = 'cermat workspace data key v1'

type ScryptWrap = { kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number }; nonce: string; wrapped: string }

/** 'recovery': the same scrypt wrap under the recovery code (printed once), at most one per workspace. */
type Wrap =
  | { protection: 'os'; wrapped: string }
  | ({ protection: 'passphrase' } & ScryptWrap)
  | ({ protection: 'recovery'; createdAt: string } & ScryptWrap)

interface KeyFile {
  version: 1
  cipher: 'AES-256-GCM'
  createdAt: string
  wraps: Wrap[]
}

export interface KeySource {
  /** safeStorage in the app; null in the CLI, the test host, and where the OS cannot protect a secret. */
  os: OsProtector | null
  /** The operator's passphrase (CERMAT_PASSPHRASE or a prompt; a new one is asked twice); undefined when there is none. */
  passphrase(purpose: 'open' | 'create'): Promise<string | undefined>
  /** The recovery code, only when the operator gave one (--recovery-code, CERMAT_RECOVERY_CODE, the app's dialog). */
  recoveryCode?(): Promise<string | undefined>
}

function derive(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...kdf, maxmem: 256 * kdf.N * kdf.r }, (err, key) => (err ? reject(err) : resolve(key)))
  )
}

async function passphraseWrap(key: Uint8Array, passphrase: string): Promise<{ protection: 'passphrase' } & ScryptWrap> {
  const salt = randomBytes(16)
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', await derive(passphrase, salt, SCRYPT), nonce)
  cipher.setAAD(Buffer.from(AAD))
  const wrapped = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()])
  return {
    protection: 'passphrase',
    kdf: { name: 'scrypt', salt: salt.toString('base64'), ...SCRYPT },
    nonce: nonce.toString('base64'),
    wrapped: wrapped.toString('base64')
  }
}

async function passphraseUnwrap(wrap: ScryptWrap, passphrase: string): Promise<Uint8Array | null> {
  const { N, r, p } = wrap.kdf
  if (wrap.kdf.name !== 'scrypt' || N < SCRYPT.N || N > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16) return null
  const kek = await derive(passphrase, Buffer.from(wrap.kdf.salt, 'base64'), { N, r, p })
  const body = Buffer.from(wrap.wrapped, 'base64')
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrap.nonce, 'base64'))
    decipher.setAAD(Buffer.from(AAD))
    decipher.setAuthTag(body.subarray(body.length - 16))
    return new Uint8Array(Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]))
  } catch {
    return null
  }
}

async function load(dir: string): Promise<KeyFile | null> {
  let text: string
  try {
    text = await fs.readFile(join(dir, KEY_FILE), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw cermatError('WORKSPACE_KEY_UNAVAILABLE', { location: dir, reason: (err as NodeJS.ErrnoException).code ?? String(err) })
  }
  try {
    const file = JSON.parse(text) as KeyFile
    if (file.version !== 1 || !Array.isArray(file.wraps) || file.wraps.length === 0) throw new Error('isi tidak dikenal')
    return file
  } catch (err) {
    throw cermatError('WORKSPACE_KEY_UNAVAILABLE', {
      location: dir,
      reason: `${KEY_FILE} rusak (${err instanceof Error ? err.message : String(err)})`
    })
  }
}

async function unwrap(dir: string, file: KeyFile, source: KeySource): Promise<Uint8Array> {
  let osFailed = ''
  for (const wrap of file.wraps) {
    if (wrap.protection !== 'os' || !source.os) continue
    try {
      const key = await source.os.unwrap(Buffer.from(wrap.wrapped, 'base64'))
      if (key.length === 32) return key
    } catch (err) {
      osFailed = err instanceof Error ? err.message : String(err)
    }
  }
  const recovery = file.wraps.find((w): w is Extract<Wrap, { protection: 'recovery' }> => w.protection === 'recovery')
  const typed = recovery ? await source.recoveryCode?.() : undefined
  if (recovery && typed !== undefined) {
    const code = normalizeRecoveryCode(typed)
    const key = code ? await passphraseUnwrap(recovery, code) : null
    if (key?.length !== 32) throw cermatError('WORKSPACE_RECOVERY_CODE_WRONG', { location: dir })
    // A new Windows profile: wrap the key for this account too, so the code is needed once (older wraps kept).
    if (source.os) {
      const mine = { protection: 'os' as const, wrapped: Buffer.from(await source.os.wrap(key)).toString('base64') }
      await rewrite(dir, { ...file, wraps: [mine, ...file.wraps] })
    }
    return key
  }
  const byPassphrase = file.wraps.filter((w): w is Extract<Wrap, { protection: 'passphrase' }> => w.protection === 'passphrase')
  if (byPassphrase.length === 0) {
    const reason = source.os
      ? `kunci dilindungi akun Windows atau PC lain${osFailed ? ` (${osFailed})` : ''}`
      : 'kunci dilindungi sistem operasi (aplikasi Cermat di PC ini), tidak dengan frasa sandi'
    const hint = recovery ? '; buka dengan kode pemulihan (--recovery-code atau CERMAT_RECOVERY_CODE)' : ''
    throw cermatError('WORKSPACE_KEY_UNAVAILABLE', { location: dir, reason: reason + hint })
  }
  const passphrase = await source.passphrase('open')
  if (!passphrase) throw cermatError('WORKSPACE_PASSPHRASE_REQUIRED', { location: dir })
  for (const wrap of byPassphrase) {
    const key = await passphraseUnwrap(wrap, passphrase)
    if (key?.length === 32) return key
  }
  throw cermatError('WORKSPACE_PASSPHRASE_WRONG', { location: dir })
}

/** Replaces the key file (a wrap added or rotated); the data key itself never changes. */
async function rewrite(dir: string, file: KeyFile): Promise<void> {
  await writeFileAtomic(join(dir, KEY_FILE), new TextEncoder().encode(JSON.stringify(file, null, 2) + '\n'))
  await fs.chmod(join(dir, KEY_FILE), 0o600).catch(() => undefined)
}

/**
 * A new recovery code wrapping the workspace's data key (any earlier code stops working): the key
 * is unwrapped first as for opening, so only someone who can open the workspace makes one. The
 * code is returned to be shown once; it is stored nowhere in the clear.
 */
export async function setRecoveryCode(
  dir: string,
  source: KeySource,
  random: (n: number) => Uint8Array = (n) => new Uint8Array(randomBytes(n)),
  now: () => string = () => new Date().toISOString()
): Promise<string> {
  const file = await load(dir)
  if (!file)
    throw cermatError('WORKSPACE_KEY_UNAVAILABLE', { location: dir, reason: `${KEY_FILE} tidak ada (bukan ruang kerja terenkripsi)` })
  const key = await unwrap(dir, file, source)
  const code = formatRecoveryCode(random(30))
  const wrap = await passphraseWrap(key, normalizeRecoveryCode(code)!)
  await rewrite(dir, {
    ...file,
    wraps: [...file.wraps.filter((w) => w.protection !== 'recovery'), { ...wrap, protection: 'recovery', createdAt: now() }]
  })
  return code
}

/**
 * Re-wraps the data key under a new passphrase: opened first as for opening (old passphrase or
 * recovery code), then in two atomic writes: the new wrap added beside the old ones, read back and
 * unwrapped; only then the old passphrase wraps dropped. A cut between them leaves both working.
 * OS and recovery wraps are kept. Returns how many old passphrase wraps stopped working.
 */
export async function changePassphrase(dir: string, source: KeySource, next: string): Promise<number> {
  if (next.length < 8) throw cermatError('WORKSPACE_PASSPHRASE_REQUIRED', { location: dir })
  const file = await load(dir)
  if (!file)
    throw cermatError('WORKSPACE_KEY_UNAVAILABLE', { location: dir, reason: `${KEY_FILE} tidak ada (bukan ruang kerja terenkripsi)` })
  const key = await unwrap(dir, file, source)
  const fresh = await passphraseWrap(key, next)
  await rewrite(dir, { ...file, wraps: [...file.wraps, fresh] })
  const written = await load(dir)
  const back = written?.wraps.find((w) => w.protection === 'passphrase' && w.wrapped === fresh.wrapped)
  const check = back?.protection === 'passphrase' ? await passphraseUnwrap(back, next) : null
  if (!check || Buffer.compare(Buffer.from(check), Buffer.from(key)) !== 0)
    throw cermatError('WORKSPACE_KEY_UNAVAILABLE', {
      location: dir,
      reason: `${KEY_FILE} baru tidak terbaca kembali; frasa sandi lama tetap berlaku`
    })
  const old = file.wraps.filter((w) => w.protection === 'passphrase').length
  await rewrite(dir, { ...file, wraps: [...file.wraps.filter((w) => w.protection !== 'passphrase'), fresh] })
  return old
}

/** Whether the workspace's key file holds a recovery wrap (and since when). */
export async function recoveryCodeSince(dir: string): Promise<string | null> {
  const file = await load(dir)
  const w = file?.wraps.find((x) => x.protection === 'recovery')
  return w?.protection === 'recovery' ? w.createdAt : null
}

/** Writes the key file only if none exists (temp file, fsync, then an exclusive hard link). */
async function createExclusive(dir: string, file: KeyFile): Promise<boolean> {
  const target = join(dir, KEY_FILE)
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const handle = await fs.open(tmp, 'wx', 0o600)
  try {
    await handle.writeFile(JSON.stringify(file, null, 2) + '\n')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.link(tmp, target)
    return true
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    // Where hard links are not supported: an exclusive create of the final name.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err
    const out = await fs.open(target, 'wx', 0o600).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') return null
      throw e
    })
    if (!out) return false
    try {
      await out.writeFile(JSON.stringify(file, null, 2) + '\n')
      await out.sync()
    } finally {
      await out.close()
    }
    return true
  } finally {
    await fs.rm(tmp, { force: true })
  }
}

/** The workspace's data key: unwrapped from `key.json`, or made and wrapped for a folder without one. */
export async function workspaceDataKey(
  dir: string,
  source: KeySource,
  now: () => string = () => new Date().toISOString()
): Promise<Uint8Array> {
  const existing = await load(dir)
  if (existing) return unwrap(dir, existing, source)
  // An encrypted workspace without its key file: a new key would open nothing, so say what is missing.
  if (
    await fs.access(join(dir, MARKER)).then(
      () => true,
      () => false
    )
  )
    throw cermatError('WORKSPACE_KEY_UNAVAILABLE', { location: dir, reason: `${KEY_FILE} hilang; kembalikan dari cadangan` })
  let wrap: Wrap
  const key = new Uint8Array(randomBytes(32))
  if (source.os) wrap = { protection: 'os', wrapped: Buffer.from(await source.os.wrap(key)).toString('base64') }
  else {
    const passphrase = await source.passphrase('create')
    if (!passphrase || passphrase.length < 8) throw cermatError('WORKSPACE_PASSPHRASE_REQUIRED', { location: dir })
    wrap = await passphraseWrap(key, passphrase)
  }
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  if (await createExclusive(dir, { version: 1, cipher: 'AES-256-GCM', createdAt: now(), wraps: [wrap] })) return key
  // Another process created the workspace's key first: use that one.
  const theirs = await load(dir)
  if (!theirs) throw cermatError('WORKSPACE_KEY_UNAVAILABLE', { location: dir, reason: `${KEY_FILE} hilang saat dibuat` })
  return unwrap(dir, theirs, source)
}
