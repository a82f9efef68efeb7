/**
 * The change rows of a package the verifier has passed, in either format: format 1's CSV per desa
 * (columns by header name; packages before `koreksi_paket` have 25), format 2's one perubahan.csv.
 * Both give the same ChangeRow shape, so the receiver, the viewer and the berita acara read both.
 */
import { parseCsv } from '../import/csv'
import { CHANGE_COLUMNS, type ChangeRow } from './change-row'
import { CHANGES_V2, type Manifest, PACKAGE_FORMAT_1 } from './format'
import { decodeChangesV2 } from './rows-v2'

export interface PackageChange {
  desa: string
  /** 1-based, within its desa (the receiver's key with the package and desa). */
  rowNo: number
  row: ChangeRow
}

const decoder = () => new TextDecoder('utf-8', { fatal: true })

/** Throws (with the file named) when a list is not UTF-8 or cannot be read. */
export function packageRows(entries: Record<string, Uint8Array>, m: Manifest): PackageChange[] {
  return m.format === PACKAGE_FORMAT_1 ? rowsV1(entries, m) : rowsV2(entries)
}

function text(entries: Record<string, Uint8Array>, path: string): string {
  const bytes = entries[path]
  if (!bytes) throw new Error(`${path} tidak ada`)
  try {
    return decoder().decode(bytes)
  } catch {
    throw new Error(`${path} bukan teks UTF-8 yang sah`)
  }
}

function rowsV1(entries: Record<string, Uint8Array>, m: Manifest): PackageChange[] {
  const out: PackageChange[] = []
  for (const d of m.desa) {
    if (!d.path) continue
    const [header = [], ...body] = parseCsv(text(entries, d.path), ',')
    body.forEach((cells, i) => {
      if (cells.length === 1 && cells[0] === '') return
      const values = new Map(header.map((h, j) => [h, cells[j] ?? '']))
      const row = Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, values.get(c) ?? ''])) as ChangeRow
      out.push({ desa: d.desa, rowNo: i + 1, row })
    })
  }
  return out
}

export function rowsV2(entries: Record<string, Uint8Array>): PackageChange[] {
  const perDesa = new Map<string, number>()
  return decodeChangesV2(text(entries, CHANGES_V2)).map(({ desa, row }) => {
    const rowNo = (perDesa.get(desa) ?? 0) + 1
    perDesa.set(desa, rowNo)
    return { desa, rowNo, row }
  })
}
