/**
 * The changes of a built package (format 1 or 2) as format 1's CSV text, for tests that read
 * rows by column position: both formats give the same rows through the shared reader.
 */
import { strFromU8, unzipSync } from 'fflate'

import { changesCsv } from '../../../shared/engine/package/build'
import type { Manifest } from '../../../shared/engine/package/format'
import { packageRows } from '../../../shared/engine/package/read'

/** Every change of the package (or of one desa, by name) as a CSV with format 1's header and columns. */
export function packageCsv(zip: Uint8Array, desa?: string): string {
  const entries = unzipSync(zip)
  const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as Manifest
  const rows = packageRows(entries, manifest).filter((r) => desa === undefined || r.desa === desa)
  return changesCsv(rows.map((r) => r.row))
}
