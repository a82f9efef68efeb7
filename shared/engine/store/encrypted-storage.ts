/**
 * A workspace folder whose every file is encrypted under the workspace's data key (AES-256-GCM,
 * docs/security.md). Layered on a plain WorkspaceStorage, so the store above keeps its own
 * checksums and recovery unchanged and sees only clear bytes:
 *
 *   whole file (writeAtomic)   "CEW1" ‖ nonce ‖ ciphertext ‖ tag
 *   appended file (journal)    per append: "CEJ1" ‖ u32 LE length ‖ nonce ‖ ciphertext ‖ tag
 *
 * A whole file that fails its tag cannot be read (SealBroken). In a journal a frame that fails its
 * tag reads as filler bytes the journal decoder rejects (0xFF: an impossible record length), and
 * the frames after it still read, so recovery reports exactly what was lost; a cut-off last frame
 * reads as zeros, which the decoder takes for a torn last write.
 */
import { concatBytes } from '../bytes'
import type { DataCipher, WorkspaceStorage } from '../ports'

const WHOLE = [0x43, 0x45, 0x57, 0x31] // "CEW1"
const FRAME = [0x43, 0x45, 0x4a, 0x31] // "CEJ1"
const FRAME_HEADER = 8
/** Nonce (12) + tag (16). */
export const SEAL_OVERHEAD = 28
/** A journal record never comes near this (journal.ts allows 64 MiB). */
const MAX_FRAME = 64 * 1024 * 1024 + SEAL_OVERHEAD
/** Filler is never shorter than a journal record header, so the decoder always sees it whole. */
const MIN_FILLER = 8

/** A whole encrypted file whose tag does not match: damaged, altered, or sealed under another key. */
export class SealBroken extends Error {
  readonly file: string
  /** The stored bytes, so recovery can keep them aside as found. */
  readonly raw: Uint8Array
  constructor(file: string, raw: Uint8Array) {
    super(`${file}: gagal diperiksa (enkripsi AES-GCM: rusak, diubah, atau kunci lain)`)
    this.name = 'SealBroken'
    this.file = file
    this.raw = raw
  }
}

interface Segment {
  plain: Uint8Array
  cipherStart: number
  good: boolean
}

const startsWith = (raw: Uint8Array, at: number, magic: number[]) => magic.every((b, i) => raw[at + i] === b)

export class EncryptedStorage implements WorkspaceStorage {
  readonly location: string
  private readonly inner: WorkspaceStorage
  private readonly cipher: DataCipher

  constructor(inner: WorkspaceStorage, cipher: DataCipher) {
    this.inner = inner
    this.cipher = cipher
    this.location = inner.location
  }

  /** The bytes stored for a whole file holding `plain`. */
  async wholeBytes(name: string, plain: Uint8Array): Promise<Uint8Array> {
    return this.cipher.seal(plain, name, Uint8Array.from(WHOLE))
  }

  /** The bytes one append of `plain` adds to `name`. */
  async frameBytes(name: string, plain: Uint8Array): Promise<Uint8Array> {
    const header = new Uint8Array(FRAME_HEADER)
    header.set(FRAME)
    new DataView(header.buffer).setUint32(4, plain.length + SEAL_OVERHEAD, true)
    return this.cipher.seal(plain, name, header)
  }

  /** True when `raw` is this file sealed under this key (a migration cut off earlier left it so). */
  async isSealed(name: string, raw: Uint8Array): Promise<boolean> {
    if (startsWith(raw, 0, WHOLE)) return (await this.cipher.open(raw.subarray(4), name)) !== null
    return (await this.frameAt(name, raw, 0)) !== null
  }

  async read(name: string): Promise<Uint8Array | null> {
    const raw = await this.inner.read(name)
    if (!raw) return null
    if (startsWith(raw, 0, WHOLE)) {
      const plain = await this.cipher.open(raw.subarray(4), name)
      if (!plain) throw new SealBroken(name, raw)
      return plain
    }
    // Journal frames, or a file whose first bytes are damaged: read what can be read.
    return concatBytes((await this.frames(name, raw)).map((s) => s.plain))
  }

  async writeAtomic(name: string, data: Uint8Array): Promise<void> {
    await this.inner.writeAtomic(name, await this.wholeBytes(name, data))
  }

  async append(name: string, data: Uint8Array): Promise<void> {
    await this.inner.append(name, await this.frameBytes(name, data))
  }

  /** Cuts the clear content to `length` bytes: at a frame boundary by cutting, inside a frame by resealing. */
  async truncate(name: string, length: number): Promise<void> {
    const raw = await this.inner.read(name)
    if (!raw) return
    if (startsWith(raw, 0, WHOLE)) {
      const plain = await this.read(name)
      if (plain && plain.length > length) await this.writeAtomic(name, plain.subarray(0, length))
      return
    }
    let plainAt = 0
    for (const seg of await this.frames(name, raw)) {
      if (length <= plainAt) return this.inner.truncate(name, seg.cipherStart)
      if (length < plainAt + seg.plain.length) {
        if (!seg.good) return this.inner.truncate(name, seg.cipherStart)
        const kept = await this.frameBytes(name, seg.plain.subarray(0, length - plainAt))
        return this.inner.writeAtomic(name, concatBytes([raw.subarray(0, seg.cipherStart), kept]))
      }
      plainAt += seg.plain.length
    }
  }

  remove(name: string): Promise<void> {
    return this.inner.remove(name)
  }

  list(): Promise<string[]> {
    return this.inner.list()
  }

  listAll(): Promise<string[]> {
    return this.inner.listAll()
  }

  /** The frames of an appended file, damaged stretches and a torn end as filler segments. */
  private async frames(name: string, raw: Uint8Array): Promise<Segment[]> {
    const out: Segment[] = []
    let at = 0
    while (at < raw.length) {
      const frame = await this.frameAt(name, raw, at)
      if (frame) {
        out.push({ plain: frame.plain, cipherStart: at, good: true })
        at = frame.end
        continue
      }
      const next = await this.nextFrame(name, raw, at + 1)
      const rest = raw.subarray(at, next ?? raw.length)
      // Nothing readable follows: a frame cut off by a crash (or zeros a power cut left) is a torn
      // last write; anything else is damage.
      const torn = next === null && (rest.every((b) => b === 0) || this.cutShort(raw, at))
      const filler = new Uint8Array(Math.max(MIN_FILLER, rest.length - (torn ? 0 : SEAL_OVERHEAD))).fill(torn ? 0 : 0xff)
      out.push({ plain: filler, cipherStart: at, good: false })
      at = next ?? raw.length
    }
    return out
  }

  private async frameAt(name: string, raw: Uint8Array, at: number): Promise<{ plain: Uint8Array; end: number } | null> {
    if (!startsWith(raw, at, FRAME) || at + FRAME_HEADER > raw.length) return null
    const length = new DataView(raw.buffer, raw.byteOffset + at + 4, 4).getUint32(0, true)
    const end = at + FRAME_HEADER + length
    if (length < SEAL_OVERHEAD || length > MAX_FRAME || end > raw.length) return null
    const plain = await this.cipher.open(raw.subarray(at + FRAME_HEADER, end), name)
    return plain ? { plain, end } : null
  }

  /** A frame header whose frame runs past the end of the file (or a header itself cut short). */
  private cutShort(raw: Uint8Array, at: number): boolean {
    const left = raw.length - at
    if (left < FRAME_HEADER) return FRAME.slice(0, Math.min(left, 4)).every((b, i) => raw[at + i] === b)
    if (!startsWith(raw, at, FRAME)) return false
    const length = new DataView(raw.buffer, raw.byteOffset + at + 4, 4).getUint32(0, true)
    return length <= MAX_FRAME && at + FRAME_HEADER + length > raw.length
  }

  private async nextFrame(name: string, raw: Uint8Array, from: number): Promise<number | null> {
    for (let at = raw.indexOf(FRAME[0]!, from); at >= 0; at = raw.indexOf(FRAME[0]!, at + 1)) {
      if (await this.frameAt(name, raw, at)) return at
    }
    return null
  }
}
