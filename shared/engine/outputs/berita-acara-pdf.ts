/**
 * The berita acara as a PDF (pdf-lib, decision 32): A4, the PDF standard fonts (WinAnsi), so every
 * word stays extractable text; long change lists continue on new pages with the table header
 * repeated; a NIK is one unbroken run of monospaced digits. A character the standard fonts cannot
 * write becomes '?' and the document says how many were replaced (never a silent change).
 */
import {
  beginText,
  endText,
  nextLine,
  PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFPage,
  rgb,
  setFontAndSize,
  setLineHeight,
  setTextMatrix,
  showText,
  StandardFonts
} from 'pdf-lib'

import type { BeritaAcaraKind } from '../../api/types'
import { t, tMaybe } from '../../i18n'
import { type BeritaAcara, CHANGE_TYPES } from './berita-acara'

const A4: [number, number] = [595.28, 841.89]
const MARGIN = { left: 56, right: 56, top: 48, bottom: 56 }
const WIDTH = A4[0] - MARGIN.left - MARGIN.right
const BLACK = rgb(0, 0, 0)
const GREY = rgb(0.9, 0.9, 0.9)
/** Rows drawn between two yields to the event loop (~50 ms of work on a slow PC). */
const YIELD_EVERY = 50

const KIND_TEXT: Record<BeritaAcaraKind, string> = {
  UBAH: 'Perubahan data orang yang terdaftar',
  BARU: 'Usulan anggota baru',
  STATUS: 'Perubahan status (meninggal, pindah, dan lain-lain)',
  HAPUS: 'Tidak ada di daftar desa, diusulkan keluar',
  BATAL: 'Pembatalan perubahan yang dikirim dalam paket sebelumnya'
}

interface Fonts {
  regular: PDFFont
  bold: PDFFont
  mono: PDFFont
}

interface Column {
  title: string
  width: number
  mono?: boolean
  /** Never wrapped (NIK): the column is wide enough for it. */
  nowrap?: boolean
}

/** Writes pages top to bottom, starting a new page when the next block does not fit. */
class Writer {
  page!: PDFPage
  y = 0
  replaced = 0
  private readonly charset: Set<number>
  private readonly widths = new Map<PDFFont, Map<string, number>>()
  private readonly fontKeys = new Map<PDFPage, Map<PDFFont, PDFName>>()

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts
  ) {
    this.charset = new Set(fonts.regular.getCharacterSet())
    this.newPage()
  }

  newPage(): void {
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN.top
  }

  /** Room for `height` points on this page, else a new page (then `after` redraws a table header). */
  ensure(height: number, after?: () => void): void {
    if (this.y - height >= MARGIN.bottom) return
    this.newPage()
    after?.()
  }

  /** The text the standard fonts can write: line breaks become spaces, anything else unknown '?'. */
  clean(text: string): string {
    let out = ''
    for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
      if (this.charset.has(ch.codePointAt(0) as number)) out += ch
      else {
        out += '?'
        this.replaced++
      }
    }
    return out
  }

  /**
   * Lines of text from (x, y) down, `leading` apart. Not page.drawText: that adds a new font entry
   * to the page for every call, and thousands of them made a 2,000-change list take 10 s.
   */
  draw(page: PDFPage, lines: string[], x: number, y: number, font: PDFFont, size: number, leading = size * 1.2): void {
    let keys = this.fontKeys.get(page)
    if (!keys) this.fontKeys.set(page, (keys = new Map()))
    let key = keys.get(font)
    if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)))
    const ops = [beginText(), setFontAndSize(key, size), setLineHeight(leading), setTextMatrix(1, 0, 0, 1, x, y)]
    for (const line of lines) ops.push(showText(font.encodeText(line)), nextLine())
    ops.push(endText())
    page.pushOperators(...ops)
  }

  /**
   * Width of a line as drawn: the sum of its letters' widths, cached per font (pdf-lib measures
   * with kerning, which showing the text does not apply).
   */
  width(text: string, font: PDFFont, size: number): number {
    let widths = this.widths.get(font)
    if (!widths) this.widths.set(font, (widths = new Map()))
    let sum = 0
    for (const ch of text) {
      let w = widths.get(ch)
      if (w === undefined) widths.set(ch, (w = font.widthOfTextAtSize(ch, 1000)))
      sum += w
    }
    return (sum * size) / 1000
  }

  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = []
    let line = ''
    for (const word of this.clean(text).split(/ +/)) {
      const next = line ? `${line} ${word}` : word
      if (this.width(next, font, size) <= width) {
        line = next
        continue
      }
      if (line) lines.push(line)
      line = word
      // A word wider than the column (a long file name) is cut where it must be.
      while (this.width(line, font, size) > width && line.length > 1) {
        let cut = line.length - 1
        while (cut > 1 && this.width(line.slice(0, cut), font, size) > width) cut--
        lines.push(line.slice(0, cut))
        line = line.slice(cut)
      }
    }
    lines.push(line)
    return lines
  }

  text(text: string, opts: { font?: PDFFont; size?: number; align?: 'left' | 'center' | 'right'; x?: number; width?: number } = {}): void {
    const font = opts.font ?? this.fonts.regular
    const size = opts.size ?? 10
    const x0 = opts.x ?? MARGIN.left
    const width = opts.width ?? WIDTH
    const leading = size * 1.3
    for (const line of this.wrap(text, font, size, width)) {
      this.ensure(leading)
      const w = this.width(line, font, size)
      const x = opts.align === 'center' ? x0 + (width - w) / 2 : opts.align === 'right' ? x0 + width - w : x0
      this.draw(this.page, [line], x, this.y - size, font, size)
      this.y -= leading
    }
  }

  gap(points: number): void {
    this.y -= points
  }

  rule(thickness: number): void {
    this.page.drawLine({ start: { x: MARGIN.left, y: this.y }, end: { x: MARGIN.left + WIDTH, y: this.y }, thickness, color: BLACK })
  }

  /**
   * A table with a grey header row, repeated on every page the table continues on. Few drawing
   * operations per row (one rule, one text per cell; the column rules once per page): pdf-lib's
   * cost is per operation, and a cell-by-cell box made 2,000 changes take 10 s.
   */
  async table(columns: Column[], rows: string[][], size = 8): Promise<void> {
    const leading = size * 1.25
    const pad = 3
    const right = MARGIN.left + columns.reduce((n, c) => n + c.width, 0)
    let top = this.y
    const hline = (y: number) => this.page.drawLine({ start: { x: MARGIN.left, y }, end: { x: right, y }, thickness: 0.5 })
    // The column rules of the part of the table on this page, from its top to where it ends.
    const close = () => {
      let x = MARGIN.left
      for (const col of [{ width: 0 }, ...columns]) {
        x += col.width
        this.page.drawLine({ start: { x, y: top }, end: { x, y: this.y }, thickness: 0.5 })
      }
    }
    const drawRow = (cells: string[], header: boolean) => {
      const lines = cells.map((cell, i) => {
        const col = columns[i] as Column
        const f = header ? this.fonts.bold : col.mono ? this.fonts.mono : this.fonts.regular
        return col.nowrap && !header ? [this.clean(cell)] : this.wrap(cell, f, size, col.width - 2 * pad)
      })
      const height = Math.max(...lines.map((l) => l.length)) * leading + 2 * pad
      if (!header && this.y - height < MARGIN.bottom) {
        close()
        this.newPage()
        drawRow(
          columns.map((c) => c.title),
          true
        )
      }
      if (header) {
        top = this.y
        this.page.drawRectangle({ x: MARGIN.left, y: this.y - height, width: right - MARGIN.left, height, color: GREY })
        hline(this.y)
      }
      let x = MARGIN.left
      columns.forEach((col, i) => {
        const f = header ? this.fonts.bold : col.mono ? this.fonts.mono : this.fonts.regular
        this.draw(this.page, lines[i] as string[], x + pad, this.y - pad - leading + size * 0.25, f, size, leading)
        x += col.width
      })
      this.y -= height
      hline(this.y)
    }
    this.ensure(3 * leading + 4 * pad)
    drawRow(
      columns.map((c) => c.title),
      true
    )
    for (const [i, r] of rows.entries()) {
      drawRow(r, false)
      // The host draws this in its own process: let it answer between pieces of a long list.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setTimeout(resolve, 0))
    }
    close()
  }
}

/** The PDF bytes of a berita acara. */
export async function beritaAcaraPdf(ba: BeritaAcara): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  // Fixed metadata: the same berita acara gives the same bytes (no clock inside the file).
  const at = new Date(`${ba.date}T00:00:00Z`)
  doc.setTitle(`Berita Acara ${ba.number}`)
  doc.setSubject(`Paket ke-${ba.package.seq}, SHA-256 ${ba.package.sha256}`)
  doc.setProducer('Cermat')
  doc.setCreator('Cermat')
  doc.setLanguage('id-ID')
  doc.setCreationDate(at)
  doc.setModificationDate(at)
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier)
  }
  const w = new Writer(doc, fonts)

  // Kop surat
  ba.kop.forEach((line, i) => w.text(line, { font: fonts.bold, size: i === 0 ? 12 : 13, align: 'center' }))
  if (ba.alamat) w.text(ba.alamat, { size: 9, align: 'center' })
  if (ba.kop.length > 0 || ba.alamat) {
    w.gap(3)
    w.rule(1.5)
    w.gap(2)
    w.rule(0.5)
    w.gap(12)
  }

  w.text('BERITA ACARA', { font: fonts.bold, size: 13, align: 'center' })
  w.text('VERIFIKASI DAN VALIDASI USULAN PERUBAHAN DATA DTKS/DTSEN', { font: fonts.bold, size: 11, align: 'center' })
  w.text(`Nomor: ${ba.number}`, { size: 10, align: 'center' })
  w.gap(10)
  const where = [`Kecamatan ${ba.kecamatan || '-'}`, ...(ba.kabupaten ? [`Kabupaten/Kota ${ba.kabupaten}`] : [])].join(', ')
  w.text(
    `Pada hari ini, ${ba.dateText}, bertempat di ${ba.place || '-'}, kami yang bertanda tangan di bawah ini telah memeriksa ` +
      `usulan perubahan data DTKS/DTSEN dari ${ba.desa.length} desa di ${where}, yang dikirim kepada Dinas Sosial ` +
      'dalam paket data bertanda tangan elektronik di bawah ini, dengan hasil sebagai berikut.'
  )
  w.gap(8)

  w.text('A. Paket data', { font: fonts.bold, size: 10 })
  const keyValue = (key: string, value: string, mono = false) => {
    const top = w.y
    w.text(key, { size: 9, width: 124 })
    const after = w.y
    w.y = top
    w.text(value, { size: 9, x: MARGIN.left + 124, width: WIDTH - 124, ...(mono ? { font: fonts.mono } : {}) })
    w.y = Math.min(w.y, after)
  }
  const p = ba.package
  keyValue('Nomor urut paket', String(p.seq))
  keyValue('Nama file', p.fileName)
  keyValue('Dibuat', `${p.createdAt} oleh ${p.operator || '-'}`)
  keyValue('SHA-256 paket', p.sha256, true)
  keyValue('Sidik kunci penanda tangan', p.keyId, true)
  keyValue('SHA-256 paket sebelumnya', p.previousSha256 ?? 'tidak ada (paket pertama)', p.previousSha256 !== null)
  w.gap(8)

  w.text('B. Jumlah perubahan', { font: fonts.bold, size: 10 })
  w.gap(2)
  await w.table(
    [
      { title: 'Jenis', width: 70 },
      { title: 'Keterangan', width: WIDTH - 140 },
      { title: 'Jumlah', width: 70 }
    ],
    [
      ...CHANGE_TYPES.map((k) => [k, KIND_TEXT[k], String(ba.counts[k])]),
      ['JUMLAH', 'Seluruh perubahan dalam paket', String(ba.counts.total)]
    ],
    9
  )
  w.gap(4)
  w.text(`Temuan yang belum diselesaikan (tidak termasuk dalam paket): ${ba.counts.openFindings}.`, { size: 9 })
  w.gap(4)
  await w.table(
    [
      { title: 'No.', width: 30 },
      { title: 'Desa', width: WIDTH - 190 },
      { title: 'Perubahan', width: 80 },
      { title: 'Temuan terbuka', width: 80 }
    ],
    ba.desa.map((d, i) => [String(i + 1), d.desa, String(d.changes), String(d.openFindings)]),
    9
  )
  w.gap(8)

  w.ensure(60)
  w.text('C. Daftar perubahan', { font: fonts.bold, size: 10 })
  w.gap(2)
  // Whole NIKs, whatever the screen's masking: said on the paper itself (docs/decisions.md).
  w.text(t('id', 'ba.wholeIds'), { size: 9 })
  w.gap(2)
  // NIK: 16 Courier digits at 8 pt are 76.8 pt wide; the column keeps them on one line.
  await w.table(
    [
      { title: 'No.', width: 24 },
      { title: 'Desa', width: 58 },
      { title: 'NIK', width: 84, mono: true, nowrap: true },
      { title: 'Nama', width: 86 },
      { title: 'Jenis', width: 38 },
      { title: 'Perubahan', width: 112 },
      { title: 'Dasar', width: WIDTH - 402 }
    ],
    ba.changes.map((c, i) => [String(i + 1), c.desa, c.nik, c.nama, c.jenis, c.what, c.basis])
  )
  w.gap(10)

  w.text('Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.')
  w.gap(12)
  signatures(w, ba)
  if (w.replaced > 0) {
    w.gap(10)
    w.text(
      `Catatan: ${w.replaced} huruf tidak dapat ditulis dengan huruf standar PDF dan diganti dengan tanda '?'. ` +
        'Data aslinya tetap utuh di dalam paket.',
      { size: 8 }
    )
  }
  footers(w, ba)
  return doc.save({ useObjectStreams: false })
}

/** Place and date, then one block per signatory side by side: role, title, space, name, NIP. */
function signatures(w: Writer, ba: BeritaAcara): void {
  const n = Math.max(1, ba.signatories.length)
  const colWidth = WIDTH / n
  w.ensure(130)
  w.text(`${ba.place || '-'}, ${ba.dateText.replace(/^[^,]*, /, '')}`, { align: 'right', size: 10 })
  w.gap(8)
  const top = w.y
  let lowest = top
  ba.signatories.forEach((s, i) => {
    w.y = top
    const x = MARGIN.left + i * colWidth
    const opts = { x, width: colWidth - 8, align: 'center' as const, size: 9.5 }
    w.text(tMaybe('id', `ui.sign.${s.role}`, s.role), opts)
    w.text(s.title || '-', { ...opts, font: w.fonts.bold })
    w.gap(48)
    w.text(s.name || '(................................)', { ...opts, font: w.fonts.bold })
    w.text(`NIP. ${s.nip?.trim() || '..............................'}`, opts)
    lowest = Math.min(lowest, w.y)
  })
  w.y = lowest
}

/** On every page: which document and package it belongs to, and page i of n. */
function footers(w: Writer, ba: BeritaAcara): void {
  const { regular } = w.fonts
  const pages = w.doc.getPages()
  pages.forEach((page, i) => {
    const text = w.clean(
      `Berita acara ${ba.number} - paket ke-${ba.package.seq}, SHA-256 ${ba.package.sha256.slice(0, 16)}... - halaman ${i + 1} dari ${pages.length}`
    )
    const size = 7.5
    const width = regular.widthOfTextAtSize(text, size)
    w.draw(page, [text], MARGIN.left + (WIDTH - width) / 2, MARGIN.bottom - 24, regular, size)
  })
}
