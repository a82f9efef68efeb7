/**
 * Checks that bytes are a complete SQLite image before sql.js sees them: sql.js opens a
 * zero-length or truncated file as a valid empty database, which would be silent total loss.
 */
const MAGIC = 'SQLite format 3\u0000'

export type SnapshotProblem = 'too_short' | 'bad_magic' | 'bad_page_size' | 'size_mismatch'

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
