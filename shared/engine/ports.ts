/**
 * What the engine needs from its host. shared/ imports no node:, electron or DOM module, so the
 * file system, clock, hashing, randomness and signing come in through these small interfaces.
 * Node implementations: electron/engine-host/node-ports.ts.
 */
import type { SqlJsStatic } from 'sql.js'

import type { ProgressEvent } from '../api/types'
import type { TimedPhase } from './commands/types'
import type { ParsePort } from './import/parse-port'
import type { ReadLimits } from './import/read-workbook'

/** A workspace folder. Names are flat ("journal-3.log") or one level deep ("blobs/<sha>"). */
export interface WorkspaceStorage {
  /** Human-readable location (a path on disk). */
  readonly location: string
  read(name: string): Promise<Uint8Array | null>
  /** Replaces `name` so a crash leaves either the old or the new content: temp → fsync → rename. */
  writeAtomic(name: string, data: Uint8Array): Promise<void>
  /** Appends and makes the bytes durable (fsync) before resolving. */
  append(name: string, data: Uint8Array): Promise<void>
  truncate(name: string, length: number): Promise<void>
  remove(name: string): Promise<void>
  list(): Promise<string[]>
  /** Every file, in subfolders too ("blobs/<sha>", "damaged/<time>/<name>"): what encrypting a workspace must cover. */
  listAll(): Promise<string[]>
}

/**
 * AES-256-GCM under the workspace's data key (docs/security.md, encryption at rest). Each call to
 * `seal` draws a fresh random 96-bit nonce; the result is nonce ‖ ciphertext ‖ 128-bit tag. `aad`
 * binds the bytes to their file name. `open` returns null when the tag does not match (damaged,
 * altered, or another key): the GCM tag is the integrity check. Node: engine-host/data-cipher.ts.
 */
export interface DataCipher {
  /** `prefix` (a file's magic) is put before the nonce in the same buffer, saving a copy of a large snapshot. */
  seal(plain: Uint8Array, aad: string, prefix?: Uint8Array): Promise<Uint8Array>
  open(sealed: Uint8Array, aad: string): Promise<Uint8Array | null>
}

export interface SignerIdentity {
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string
  /** First 16 hex digits of SHA-256 over the raw public key. */
  keyId: string
}

/** The operator's signing key, held by the host (never by the engine). */
export interface Signer {
  identity(): Promise<SignerIdentity>
  /** Ed25519 signature over exactly these bytes, 64 bytes. */
  sign(data: Uint8Array): Promise<Uint8Array>
}

/** Saves a finished package where the operator chose; returns the file name and location used. */
export type PackageSink = (bytes: Uint8Array, suggestedName: string) => Promise<{ fileName: string; location: string }>

export interface EnginePorts {
  sql: SqlJsStatic
  storage: WorkspaceStorage
  /** Current time as ISO 8601 with offset. */
  now(): string
  sha256(data: Uint8Array): string
  /** Random identifier (UUID v4 or similar). */
  randomId(): string
  /** Operator name the host knows (OS account) for a new workspace. */
  defaultOperator: string
  appVersion: string
  progress(event: ProgressEvent): void
  /** Bounds for reading untrusted files (rows, unzipped bytes, zip entries); DEFAULT_LIMITS when absent. */
  limits?: ReadLimits
  /** Called as work enters a phase (the host keeps the clock): `npm run bench` times phases with it. */
  phase?(name: TimedPhase): void
  /** Reads untrusted files (a killable process in the hosts); in this thread when absent. */
  parser?: ParsePort
}
