/**
 * Adds entries to a signed package without touching the bytes already there, and takes them off
 * again byte for byte. An approval is added after the package was signed (another PC, another
 * day); the package the operator signed must stay recoverable exactly, so its SHA-256 (the chain,
 * the receipt, the workspace's record) can be checked from the approved file.
 *
 * Layout (PKZIP APPNOTE 4.3): local entries, central directory, end record (no comment, no zip64).
 * New local entries go where the central directory was; the old directory records follow
 * unchanged, then the new ones, then a new end record.
 */
import { zipSync } from 'fflate'

import { concatBytes } from '../bytes'

const EOCD_SIG = 0x06054b50
const CEN_SIG = 0x02014b50
const EOCD_LEN = 22
const CEN_LEN = 46

export interface ZipEntryRecord {
  name: string
  /** Offset of the entry's local header. */
  offset: number
  /** The central directory record, verbatim. */
  record: Uint8Array
}

interface ZipLayout {
  entries: ZipEntryRecord[]
  cdOffset: number
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8)
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0

function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff
  b[at + 1] = (v >>> 8) & 0xff
  b[at + 2] = (v >>> 16) & 0xff
  b[at + 3] = (v >>> 24) & 0xff
}

/** The central directory of a zip written as Cermat writes them; null when it is not one. */
export function readZipLayout(zip: Uint8Array): ZipLayout | null {
  const end = zip.length - EOCD_LEN
  if (end < 0 || u32(zip, end) !== EOCD_SIG || u16(zip, end + 20) !== 0) return null
  const count = u16(zip, end + 10)
  const cdSize = u32(zip, end + 12)
  const cdOffset = u32(zip, end + 16)
  if (u16(zip, end + 8) !== count || cdOffset + cdSize !== end) return null
  const entries: ZipEntryRecord[] = []
  const decoder = new TextDecoder()
  let at = cdOffset
  for (let i = 0; i < count; i++) {
    if (at + CEN_LEN > end || u32(zip, at) !== CEN_SIG) return null
    const len = CEN_LEN + u16(zip, at + 28) + u16(zip, at + 30) + u16(zip, at + 32)
    if (at + len > end) return null
    entries.push({
      name: decoder.decode(zip.subarray(at + CEN_LEN, at + CEN_LEN + u16(zip, at + 28))),
      offset: u32(zip, at + 42),
      record: zip.subarray(at, at + len)
    })
    at += len
  }
  return at === end ? { entries, cdOffset } : null
}

function assemble(locals: Uint8Array[], records: Uint8Array[], cdOffset: number): Uint8Array {
  const cdSize = records.reduce((n, r) => n + r.length, 0)
  const eocd = new Uint8Array(EOCD_LEN)
  put32(eocd, 0, EOCD_SIG)
  eocd[8] = eocd[10] = records.length & 0xff
  eocd[9] = eocd[11] = records.length >>> 8
  put32(eocd, 12, cdSize)
  put32(eocd, 16, cdOffset)
  return concatBytes([...locals, ...records, eocd])
}

/** The zip with `files` added after its entries; every byte of the old entries kept. */
export function appendZipEntries(zip: Uint8Array, files: Record<string, Uint8Array>): Uint8Array {
  const layout = readZipLayout(zip)
  if (!layout) throw new Error('arsip zip tidak dapat ditambah (bukan arsip paket Cermat)')
  const mtime = new Date(Date.UTC(2020, 0, 1))
  const added = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { mtime }] as const])), { level: 9 })
  const addedLayout = readZipLayout(added)!
  const shift = layout.cdOffset
  const records = addedLayout.entries.map((e) => {
    const r = e.record.slice()
    put32(r, 42, e.offset + shift)
    return r
  })
  return assemble(
    [zip.subarray(0, layout.cdOffset), added.subarray(0, addedLayout.cdOffset)],
    [...layout.entries.map((e) => e.record), ...records],
    layout.cdOffset + addedLayout.cdOffset
  )
}

/**
 * The zip as it was before the trailing entries `added` picks out were appended, byte for byte;
 * null when such entries are not all at the end (then it was not made by appendZipEntries).
 */
export function zipWithoutTrailing(zip: Uint8Array, added: (name: string) => boolean): Uint8Array | null {
  const layout = readZipLayout(zip)
  if (!layout) return null
  const first = layout.entries.findIndex((e) => added(e.name))
  if (first < 0) return zip
  const kept = layout.entries.slice(0, first)
  const tail = layout.entries.slice(first)
  if (!tail.every((e) => added(e.name))) return null
  const cut = tail[0]!.offset
  if (kept.some((e) => e.offset >= cut) || tail.some((e) => e.offset < cut)) return null
  return assemble(
    [zip.subarray(0, cut)],
    kept.map((e) => e.record),
    cut
  )
}
