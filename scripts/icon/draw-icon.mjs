// Draws the Cermat icon (resources/build/icon.png 512×512, icon.ico 16–256) from shapes, with no
// image library: a green tile (the app's --accent), a white sheet with rows, an amber check mark.
// Each size is drawn from the shapes themselves, so 16 px stays sharp. Run: node scripts/icon/draw-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../../resources/build')
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
const SUPERSAMPLE = 4

const ACCENT = [15, 110, 86] // --accent #0f6e56
const SHEET = [255, 255, 255]
const ROWS = [182, 212, 201]
const CHECK = [245, 184, 46]
const CHECK_EDGE = [9, 66, 52]

// Signed distances in unit coordinates (0..1, y down): negative inside.
function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2
  const cy = (y0 + y1) / 2
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r)
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r)
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}
function segment(x, y, ax, ay, bx, by) {
  const px = x - ax
  const py = y - ay
  const dx = bx - ax
  const dy = by - ay
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - dx * h, py - dy * h)
}
const check = (x, y) => Math.min(segment(x, y, 0.45, 0.6, 0.57, 0.72), segment(x, y, 0.57, 0.72, 0.8, 0.4))

/** Colour of one sample point, painted back to front; null is transparent. */
function sample(x, y) {
  let c = null
  if (roundedRect(x, y, 0.06, 0.06, 0.94, 0.94, 0.18) <= 0) c = ACCENT
  if (roundedRect(x, y, 0.22, 0.18, 0.68, 0.82, 0.04) <= 0) c = SHEET
  for (const row of [0.32, 0.44, 0.56, 0.68]) if (roundedRect(x, y, 0.29, row - 0.022, 0.61, row + 0.022, 0.02) <= 0) c = ROWS
  const d = check(x, y)
  if (d <= 0.085) c = CHECK_EDGE
  if (d <= 0.06) c = CHECK
  return c
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4)
  const n = SUPERSAMPLE * SUPERSAMPLE
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = sample((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size)
          if (!c) continue
          r += c[0]
          g += c[1]
          b += c[2]
          a++
        }
      }
      const i = (py * size + px) * 4
      // Colours averaged over the covered samples only (straight alpha, as PNG stores it).
      if (a > 0) rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / n)], i)
    }
  }
  return rgba
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}
// ICO with PNG-compressed entries (Windows Vista and later read them at every size).
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, e)
    header.writeUInt8(size >= 256 ? 0 : size, e + 1)
    header.writeUInt16LE(1, e + 4) // colour planes
    header.writeUInt16LE(32, e + 6) // bits per pixel
    header.writeUInt32LE(data.length, e + 8)
    header.writeUInt32LE(offset, e + 12)
    offset += data.length
  })
  return Buffer.concat([header, ...images.map((img) => img.data)])
}

mkdirSync(OUT, { recursive: true })
writeFileSync(join(OUT, 'icon.png'), png(512, render(512)))
writeFileSync(join(OUT, 'icon.ico'), ico(ICO_SIZES.map((size) => ({ size, data: png(size, render(size)) }))))
console.log(`icon.png (512) and icon.ico (${ICO_SIZES.join(', ')}) written to ${OUT}`)
