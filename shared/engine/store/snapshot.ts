/**
 * Snapshot files: the SQLite image followed by a seal (magic, CRC-32 and length of the image), so
 * any flipped bit or cut is found before sql.js sees the bytes. sql.js opens a zero-length or
 * truncated file as a valid empty database, and SQLite reads a changed cell without complaint.
 * Snapshots written before the seal (no trailer) are accepted once and rewritten sealed.
 * Seal 2 also says the image passed `PRAGMA quick_check` before it was sealed (decision 58): its CRC
 * then proves the bytes are those checked, so opening it need not walk every page again.
 */
import { crc32 } from './crc32'

const MAGIC = 'SQLite format 3\u0000'
const SEAL_MAGIC = 'CERMAT-SNAP-CRC1'
/** The seal of an image that passed quick_check before sealing (the same length as SEAL_MAGIC). */
const CHECKED_MAGIC = 'CERMAT-SNAP-CRC2'
/** Magic (16) + CRC-32 of the image (4) + image length (4). Not a multiple of 512, so a sealed file never passes as a bare image. */
export const SEAL_BYTES = 24

export type SnapshotProblem = 'too_short' | 'bad_magic' | 'bad_page_size' | 'size_mismatch' | 'checksum'

export function snapshotProblem(data: Uint8Array): SnapshotProblem | null {
  if (data.length < 100) return 'too_short'
  for (let i = 0; i < MAGIC.length; i++) if (data[i] !== MAGIC.charCodeAt(i)) return 'bad_magic'
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const raw = view.getUint16(16, false)
  const pageSize = raw === 1 ? 65536 : raw
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return 'bad_page_size'
  const pageCount = view.getUint32(28, false)
  if (pageCount * pageSize !== data.length) return 'size_mismatch'
  return null
}

/** `checked`: the image passed quick_check just before (the workspace store's checkpoint). */
export function sealSnapshot(image: Uint8Array, checked = false): Uint8Array {
  const out = new Uint8Array(image.length + SEAL_BYTES)
  out.set(image)
  const magic = checked ? CHECKED_MAGIC : SEAL_MAGIC
  for (let i = 0; i < magic.length; i++) out[image.length + i] = magic.charCodeAt(i)
  const view = new DataView(out.buffer)
  view.setUint32(image.length + 16, crc32(image), false)
  view.setUint32(image.length + 20, image.length, false)
  return out
}

export type Unsealed =
  | { image: Uint8Array; sealed: boolean; checked: boolean; problem: null }
  | { image: null; sealed: boolean; checked: boolean; problem: SnapshotProblem }

const hasMagic = (data: Uint8Array, at: number, magic: string) => {
  for (let i = 0; i < magic.length; i++) if (data[at + i] !== magic.charCodeAt(i)) return false
  return true
}

/** The image inside a snapshot file, or what is wrong with it. */
export function unsealSnapshot(data: Uint8Array): Unsealed {
  const at = data.length - SEAL_BYTES
  const checked = at >= 0 && hasMagic(data, at, CHECKED_MAGIC)
  const sealed = checked || (at >= 0 && hasMagic(data, at, SEAL_MAGIC))
  if (!sealed) {
    // Unsealed: an older snapshot (checked by its header only), or a seal so damaged it is not recognised (then the size is off).
    const problem = snapshotProblem(data)
    return problem ? { image: null, sealed, checked, problem } : { image: data, sealed, checked, problem: null }
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const image = data.subarray(0, at)
  if (view.getUint32(at + 20, false) !== at || view.getUint32(at + 16, false) !== crc32(image))
    return { image: null, sealed, checked, problem: 'checksum' }
  const problem = snapshotProblem(image)
  return problem ? { image: null, sealed, checked, problem } : { image, sealed, checked, problem: null }
}
