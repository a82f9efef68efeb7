/**
 * A plain xlsx/xlsm read without SheetJS's workbook objects: the zip's parts are scanned as text
 * (indexOf and char codes, no DOM, no regex per cell) into exactly the `WorkbookData` the SheetJS
 * route produces for the same bytes. Whatever this reader does not fully understand throws
 * `NotFast`, and readWorkbook reads the whole file with SheetJS instead (docs/decisions.md).
 */
import * as XLSX from 'xlsx'

import type { Cell, FileFormat, ReadLimits, SheetData, WorkbookData } from './workbook-data'

/** The internal signal "read this file with SheetJS"; never shown to the operator. */
export class NotFast extends Error {
  constructor(why: string) {
    super(`not-fast: ${why}`)
  }
}

const decline = (why: string): never => {
  throw new NotFast(why)
}

const WORKBOOK_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml'
])
const SST_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml'
const STYLES_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml'
const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types'
const WORKSHEET_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet'

/** SheetJS's number format table as each read starts it (SSF_init_table). */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  56: '"上午/下午 "hh"時"mm"分"ss"秒 "'
}
/** Formats SheetJS rewrites while loading them (bad_formats). */
const BAD_FORMATS: Record<string, string> = { 'd.m': 'd\\.m' }
/** The error texts SheetJS knows (RBErr); another leaves the cell without a value. */
const ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#WTF?'])

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Parts readWorkbook's zip check inflated for this reader, and every entry's name. */
export interface ZipParts {
  names: string[]
  files: Map<string, Uint8Array>
}

/** Whether the zip check keeps an entry's inflated bytes for this reader. */
export const keepForFast = (name: string): boolean =>
  name === '[Content_Types].xml' || (name.startsWith('xl/') && (name.endsWith('.xml') || name.endsWith('.rels')))

/**
 * Reads a workbook whose bytes passed readWorkbook's zip checks (the parts come from there, inflated
 * once) or throws NotFast.
 */
export function readXlsxFast(bytes: Uint8Array, zip: ZipParts, format: FileFormat, limits: ReadLimits): WorkbookData {
  plainEntries(bytes, zip)
  // Parts SheetJS would merge into the cells (comments become stub cells) or read another way (xlsb).
  for (const n of zip.names) if (/comment/i.test(n) || n === 'xl/workbook.bin') decline(`part ${n}`)
  const files = zip.files
  const text = (name: string): string => {
    const data = files.get(name)
    if (!data) return decline(`missing ${name}`)
    // Each part is read once: let its bytes go (a second sheet on the same part declines).
    files.delete(name)
    let s: string
    try {
      s = utf8.decode(data)
    } catch {
      return decline(`not UTF-8: ${name}`)
    }
    if (s.includes('purl.oclc.org/ooxml') || s.includes('<!--') || s.includes('<![CDATA[') || s.includes('<!DOCTYPE'))
      decline(`unusual XML in ${name}`)
    return s
  }
  const parts = contentTypes(text('[Content_Types].xml'))
  const wbXml = text('xl/workbook.xml')
  const book = workbook(wbXml)
  const rels = relationships(text('xl/_rels/workbook.xml.rels'))
  const strings = parts.sst ? sharedStrings(text(parts.sst)) : []
  const formats = parts.styles ? styles(text(parts.styles)) : null
  const sheets: SheetData[] = []
  for (const s of book.sheets) {
    const rel = rels.get(s.id) ?? decline(`no relationship for sheet ${s.name}`)
    if (rel.type !== WORKSHEET_REL) decline(`sheet ${s.name} is a ${rel.type}`)
    // SheetJS: 'xl/' + Target.replace(/[\/]?xl\//, ''), then two other guesses (declined here).
    const path = 'xl/' + rel.target.replace(/[/]?xl\//, '')
    if (!files.has(path)) decline(`sheet part ${path}`)
    sheets.push(readSheet(text(path), s.name, s.hidden, strings, formats, book.date1904, limits))
  }
  if (sheets.length === 0) decline('no sheets')
  return { format, sheets, date1904: book.date1904, detail: format }
}

/**
 * Declines entries SheetJS refuses or reads its own way: encrypted ones (flags of the local or
 * central header, as SheetJS tests them) and methods other than stored and deflate.
 */
function plainEntries(bytes: Uint8Array, zip: ZipParts): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => (at >= 0 && at + 2 <= bytes.length ? view.getUint16(at, true) : decline('zip header'))
  const u32 = (at: number) => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : decline('zip header'))
  let eocd = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      eocd = at
      break
    }
  }
  if (eocd < 0) decline('zip directory')
  let at = u32(eocd + 16)
  for (let n = u16(eocd + 10); n > 0; n--) {
    if (u32(at) !== 0x02014b50) decline('zip directory entry')
    const local = u32(at + 42)
    if (u32(local) !== 0x04034b50) decline('zip local header')
    if (u16(at + 8) & 0x2041 || u16(local + 6) & 0x2041) decline('encrypted zip entry')
    const method = u16(at + 10)
    if ((method !== 0 && method !== 8) || u16(local + 8) !== method) decline(`zip method ${method}`)
    // A part whose inflated size is not the one its directory declares: SheetJS may read it otherwise.
    const name = String.fromCharCode(...bytes.subarray(at + 46, at + 46 + u16(at + 28)))
    const part = zip.files.get(name)
    if (part && part.length !== u32(at + 24)) decline(`size of ${name}`)
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32)
  }
}

// ---- XML helpers (the shapes SheetJS's regexes accept, anything else declined) ----

/** Attributes of a start tag's text (after the name), namespace prefixes stripped as parsexmltag does. */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  let i = 0
  const n = tag.length
  while (i < n) {
    const c = tag.charCodeAt(i)
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 47) {
      i++
      continue
    }
    const eq = tag.indexOf('=', i)
    if (eq < 0) decline('attribute without value')
    let name = tag.slice(i, eq).trim()
    const q = tag.charCodeAt(eq + 1)
    if (q !== 34 && q !== 39) decline('unquoted attribute')
    const end = tag.indexOf(q === 34 ? '"' : "'", eq + 2)
    if (end < 0) decline('unterminated attribute')
    const colon = name.indexOf(':')
    if (colon >= 0) name = name.slice(colon + 1)
    if (name.includes('_') || !/^[A-Za-z][\w.-]*$/.test(name)) decline(`attribute ${name}`)
    out.set(name, tag.slice(eq + 2, end))
    i = end + 1
  }
  return out
}

interface Tag {
  /** Name without '<', e.g. "row", "/row". */
  name: string
  attrs: string
  selfClosing: boolean
  end: number
}

/** The tag starting at `at` (a '<'). */
function tagAt(s: string, at: number): Tag {
  const close = s.indexOf('>', at)
  if (close < 0) decline('unterminated tag')
  let j = at + 1
  while (j < close) {
    const c = s.charCodeAt(j)
    if (c === 32 || c === 10 || c === 13 || c === 9 || (c === 47 && j > at + 1)) break
    j++
  }
  const name = s.slice(at + 1, j)
  const selfClosing = s.charCodeAt(close - 1) === 47
  const attrs = s.slice(j, selfClosing ? close - 1 : close)
  if (attrs.includes('<') || attrs.includes('>')) decline('malformed tag')
  return { name, attrs, selfClosing, end: close + 1 }
}

/** Every element named `name` (no prefix) with its attributes; declines a prefixed one. */
function elements(s: string, name: string): Map<string, string>[] {
  const out: Map<string, string>[] = []
  if (new RegExp(`<\\w+:${name}\\b`).test(s)) decline(`prefixed ${name}`)
  const open = `<${name}`
  for (let at = s.indexOf(open); at >= 0; at = s.indexOf(open, at + 1)) {
    const next = s.charCodeAt(at + open.length)
    if (next !== 32 && next !== 47 && next !== 62 && next !== 10 && next !== 13 && next !== 9) continue
    out.push(attributes(tagAt(s, at).attrs))
  }
  return out
}

function contentTypes(xml: string): { sst: string; styles: string } {
  const types = elements(xml, 'Types')
  if (types.length !== 1 || types[0]!.get('xmlns') !== CT_NS) decline('content types namespace')
  let sst = ''
  let style = ''
  let workbooks = 0
  for (const o of elements(xml, 'Override')) {
    const type = o.get('ContentType') ?? ''
    const part = o.get('PartName') ?? ''
    if (WORKBOOK_TYPES.has(type)) {
      workbooks++
      if (part !== '/xl/workbook.xml') decline(`workbook at ${part}`)
    } else if (type === SST_TYPE) sst ||= part
    else if (type === STYLES_TYPE) style ||= part
    else if (/sheet\.binary|\.main\+xml|strict/i.test(type)) decline(`content type ${type}`)
  }
  if (workbooks !== 1) decline('workbook content type')
  const strip = (p: string) => (p.startsWith('/') ? p.slice(1) : p)
  return { sst: strip(sst), styles: strip(style) }
}

interface BookSheet {
  name: string
  id: string
  hidden: boolean
}

function workbook(xml: string): { sheets: BookSheet[]; date1904: boolean } {
  if (/<\w+:workbook\b/.test(xml)) decline('prefixed workbook')
  const props = elements(xml, 'workbookPr')
  const flag = props[0]?.get('date1904')
  const date1904 = flag === '1' || flag === 'true'
  const sheets = elements(xml, 'sheet').map((a) => {
    const name = a.get('name')
    const id = a.get('id')
    if (name === undefined || id === undefined) return decline('sheet without name or id')
    return { name: unescapeXml(name, false), id, hidden: a.get('state') === 'hidden' || a.get('state') === 'veryHidden' }
  })
  // SheetJS keys its sheets by name: two sheets of one name both read as the last one there.
  if (new Set(sheets.map((x) => x.name)).size !== sheets.length) decline('two sheets of one name')
  return { sheets, date1904 }
}

function relationships(xml: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>()
  for (const r of elements(xml, 'Relationship')) {
    const id = r.get('Id')
    if (id === undefined) continue
    if (r.get('TargetMode') === 'External') continue
    out.set(id, { type: r.get('Type') ?? '', target: unescapeXml(r.get('Target') ?? '', false) })
  }
  return out
}

// ---- text: SheetJS's unescapexml, and its shared-string shapes ----

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' }

/**
 * SheetJS's unescapexml: the five entities and &#…; (cut to 16 bits, as String.fromCharCode
 * does), then _xHHHH_, then (xlsx) \r\n → \n. `high`: an escape produced a non-ASCII character.
 */
/** Set by unescapeXml: an escape produced a non-ASCII character. */
let escapedHigh = false

function unescapeXml(s: string, xlsx: boolean): string {
  escapedHigh = false
  let out = s
  if (out.indexOf('&') >= 0) {
    out = out.replace(/&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi, (m: string, num: string | undefined) => {
      const named = ENTITIES[m.slice(1, -1)]
      if (named !== undefined) return named
      // "&AMP;" matches SheetJS's case-blind pattern but not its table (it becomes "\0" there).
      if (num === undefined) return decline(`entity ${m}`)
      const ch = String.fromCharCode(parseInt(num, m.includes('x') ? 16 : 10))
      if (ch.charCodeAt(0) >= 128) escapedHigh = true
      return ch
    })
  }
  if (out.indexOf('_') >= 0 && /_x[\da-fA-F]{4}_/i.test(out)) {
    out = out.replace(/_x([\da-fA-F]{4})_/gi, (_m: string, hex: string) => {
      const ch = String.fromCharCode(parseInt(hex, 16))
      if (ch.charCodeAt(0) >= 128) escapedHigh = true
      return ch
    })
  }
  if (xlsx && out.indexOf('\r\n') >= 0) out = out.replace(/\r\n/g, '\n')
  return out
}

/** A shared or inline string's text as SheetJS's parse_si gives it; undefined when it gives none. */
function stringItem(x: string): string | undefined {
  if (x === '') return ''
  if (x.includes('<t/>') || /<t\s[^>]*\/>/.test(x) || /<\w+:/.test(x)) decline('string item shape')
  if (/^\s*<t[\s>]/.test(x)) {
    const body = x.slice(x.indexOf('>') + 1)
    const end = body.indexOf('</t>')
    return unescapeXml(end < 0 ? body : body.slice(0, end), true)
  }
  if (/<r[\s>]/.test(x)) {
    const plain = x.replace(/<rPh\b[^>]*>[\s\S]*?<\/rPh>/g, '')
    if (plain.includes('<rPh')) decline('phonetic run shape')
    let joined = ''
    const re = /<t\b[^<>]*>([^<]*)<\/t>/g
    for (let m = re.exec(plain); m; m = re.exec(plain)) joined += m[1]
    return unescapeXml(joined, true)
  }
  return undefined
}

/** The shared strings, split as parse_sst_xml splits them (a trailing empty item included). */
function sharedStrings(xml: string): (string | undefined)[] {
  if (/<\w+:(sst|si|t|r)\b/.test(xml)) decline('prefixed shared strings')
  const open = xml.indexOf('<sst')
  if (open < 0) return []
  const body = xml.indexOf('>', open) + 1
  const close = xml.indexOf('</sst>', body)
  if (close < 0) return []
  const content = xml.slice(body, close)
  if (/<si\s|<si\/>|<sstItem/.test(content)) decline('string item tag')
  return content
    .replace(/<si>/g, '')
    .split('</si>')
    .map((x) => stringItem(x.trim()))
}

// ---- styles: cellXfs → numFmtId → format text ----

interface Formats {
  /** numFmtId per cellXfs index (undefined: the xf names none). */
  xf: (number | undefined)[]
  table: Record<number, string>
}

function firstElement(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}\\b[^<>]*>`).exec(xml)
  if (!m) return null
  const end = xml.indexOf(`</${name}>`, m.index)
  if (end < 0) return m[0].endsWith('/>') ? m[0] : null
  return xml.slice(m.index, end + name.length + 3)
}

function styles(xml: string): Formats | null {
  if (/<\w+:(numFmts|numFmt|cellXfs|xf)\b/.test(xml)) decline('prefixed styles')
  const table: Record<number, string> = { ...BUILTIN_FORMATS }
  const numFmts = firstElement(xml, 'numFmts')
  if (numFmts) {
    for (const f of elements(numFmts, 'numFmt')) {
      const raw = f.get('numFmtId') ?? ''
      const id = parseInt(raw, 10)
      const code = f.get('formatCode')
      if (!/^\d+$/.test(raw) || id <= 0 || id > 0x188 || code === undefined) decline('number format id')
      const text = unescapeXml(code!, false)
      table[id] = BAD_FORMATS[text] ?? text
    }
  }
  const cellXfs = firstElement(xml, 'cellXfs')
  if (cellXfs === null) return null
  if (/<ext\b|AlternateContent/.test(cellXfs)) decline('extensions in cellXfs')
  const xf = elements(cellXfs, 'xf').map((a) => {
    const raw = a.get('numFmtId')
    if (raw === undefined) return undefined
    const id = parseInt(raw, 10)
    // Above 0x188 SheetJS renumbers the format; an empty id leaves it without one.
    if (!/^\d+$/.test(raw) || id > 0x188) return decline(`numFmtId ${raw}`)
    return id
  })
  return { xf, table }
}

// ---- the sheet ----

const WS = (c: number) => c === 32 || c === 10 || c === 13 || c === 9

/**
 * The tag the scanner stands on, by positions in the sheet's text (no strings cut per tag): its
 * name [ns, ne), its attributes [as, ae), whether it closes itself, and the index after its '>'.
 */
class Scanner {
  ns = 0
  ne = 0
  as = 0
  ae = 0
  self = false
  end = 0
  constructor(readonly s: string) {}

  /** Reads the tag at `at` (a '<'). */
  tag(at: number): void {
    const s = this.s
    const close = s.indexOf('>', at)
    if (close < 0) decline('unterminated tag')
    let j = at + 1
    if (s.charCodeAt(j) === 47) j++
    while (j < close) {
      const c = s.charCodeAt(j)
      // SheetJS ends a tag's name at a space, CR or LF only (a tab is part of the name there).
      if (c === 32 || c === 10 || c === 13 || c === 47) break
      if (c === 9 || c === 60) decline('tag name')
      j++
    }
    this.ns = at + 1
    this.ne = j
    this.self = s.charCodeAt(close - 1) === 47
    this.as = j
    this.ae = this.self ? close - 1 : close
    this.end = close + 1
    // A '<' inside the tag: malformed (a cell's attributes are checked as they are read).
    if (!(this.ne - this.ns === 1 && s.charCodeAt(this.ns) === 99) && s.lastIndexOf('<', close) !== at) decline('malformed tag')
  }

  is(name: string): boolean {
    return this.ne - this.ns === name.length && this.s.startsWith(name, this.ns)
  }

  name(): string {
    return this.s.slice(this.ns, this.ne)
  }

  /** Skips white space from `at`; the index of the next other character. */
  skip(at: number, limit: number): number {
    const s = this.s
    while (at < limit && WS(s.charCodeAt(at))) at++
    return at
  }
}

/** Column of a cell reference such as "AB12" (0-based) and its row (1-based); declines others. */
function decodeRef(ref: string): { c: number; r: number } {
  let i = 0
  let c = 0
  while (i < ref.length) {
    const ch = ref.charCodeAt(i)
    if (ch < 65 || ch > 90) break
    c = c * 26 + ch - 64
    i++
  }
  if (i === 0 || i > 3 || i === ref.length) decline(`cell reference ${ref}`)
  let r = 0
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i)
    if (ch < 48 || ch > 57) decline(`cell reference ${ref}`)
    r = r * 10 + ch - 48
  }
  if (c > 16384 || r < 1) decline(`cell reference ${ref}`)
  return { c: c - 1, r }
}

/** A cell's r, t and s attributes, as parsexmltag reads them (values as written). */
interface RawCell {
  r: string | undefined
  t: string | undefined
  s: string | undefined
}

/** Reads a `<c …>` tag's attributes in place; declines what parsexmltag would read another way. */
function cellAttributes(sc: Scanner, out: RawCell): void {
  const s = sc.s
  out.r = out.t = out.s = undefined
  let i = sc.as
  const end = sc.ae
  while (true) {
    i = sc.skip(i, end)
    if (i >= end) return
    const nameStart = i
    let colon = -1
    while (i < end) {
      const c = s.charCodeAt(i)
      if (c === 61 || WS(c)) break
      if (c === 58) colon = i
      // parsexmltag cuts a name at '_' (for ODS): decline rather than follow.
      if (c === 95 || c === 34 || c === 39 || c === 60) decline('cell attribute name')
      i++
    }
    const local = colon >= 0 ? colon + 1 : nameStart
    const nameLength = i - local
    i = sc.skip(i, end)
    if (s.charCodeAt(i) !== 61) decline('attribute without value')
    i = sc.skip(i + 1, end)
    const q = s.charCodeAt(i)
    if (q !== 34 && q !== 39) decline('unquoted attribute')
    const close = s.indexOf(q === 34 ? '"' : "'", i + 1)
    if (close < 0 || close >= end) decline('unterminated attribute')
    const lt = s.indexOf('<', i + 1)
    if (lt >= 0 && lt < close) decline('markup in a cell attribute')
    if (nameLength === 1) {
      const n = s.charCodeAt(local)
      const value = s.slice(i + 1, close)
      if (n === 114) out.r = value
      else if (n === 116) out.t = value
      else if (n === 115) out.s = value
      // parsexmltag also keeps a lower-cased copy of each name: R, T and S would count.
      else if (n === 82 || n === 84 || n === 83) decline('cell attribute in capitals')
    }
    i = close + 1
  }
}

function readSheet(
  xml: string,
  name: string,
  hidden: boolean,
  strings: (string | undefined)[],
  formats: Formats | null,
  date1904: boolean,
  limits: ReadLimits
): SheetData {
  if (xml.includes(':sheetData')) decline('prefixed sheetData')
  const open = /<sheetData\b[^<>]*>/.exec(xml)
  const close = open ? xml.indexOf('</sheetData>', open.index) : -1
  const before = open && close >= 0 ? xml.slice(0, open.index) : xml
  const after = open && close >= 0 ? xml.slice(close) : xml
  if (/<\w+:(worksheet|col)\b/.test(before)) decline('prefixed sheet')
  if (after.includes('<hyperlink') || after.includes(':hyperlink')) decline('hyperlinks')
  if (xml.indexOf('<sheetData', (open?.index ?? -1) + 1) >= 0) decline('two sheetData')

  // <cols>: as parse_ws_xml_cols, a later <col> overrides an earlier one for the same columns.
  const colHidden: boolean[] = []
  for (const tag of before.match(/<col\b[^<>]*\/?>/g) ?? []) {
    const a = attributes(tagAt(tag, 0).attrs)
    const min = parseInt(a.get('min') ?? '', 10) - 1
    const max = parseInt(a.get('max') ?? '', 10) - 1
    const h = a.get('hidden')
    if (max - min > 16384) decline('col range')
    for (let c = min; c <= max; c++) colHidden[c] = h === '1' || h === 'true'
  }

  const data: (Cell | null)[][] = []
  const rowHidden: number[] = []
  const ctx: CellContext = { strings, formats, date1904, texts: new Map(), sstCells: [], fmtCache: new Map() }
  const sharedFormulas = new Set<string>()
  const attrs: RawCell = { r: undefined, t: undefined, s: undefined }

  if (open && close >= 0) {
    const sc = new Scanner(xml)
    const s = xml
    let at = open.index + open[0].length
    let row = 0
    while (true) {
      at = sc.skip(at, close)
      if (at >= close) break
      if (s.charCodeAt(at) !== 60) decline('text between rows')
      sc.tag(at)
      if (!sc.is('row')) decline(`<${sc.name()}> in sheetData`)
      at = sc.end
      const ra = attributes(s.slice(sc.as, sc.ae))
      const rAttr = ra.get('r')
      if (rAttr !== undefined && !/^[1-9]\d*$/.test(rAttr)) decline(`row number ${rAttr}`)
      const r = rAttr !== undefined ? parseInt(rAttr, 10) : row + 1
      if (r <= row) decline('row order')
      // SheetJS reads a last self-closing row without r twice (counting it as two rows).
      if (rAttr === undefined && sc.self) decline('self-closing row without r')
      if (r > limits.maxRows) decline('more rows than the limit')
      row = r
      const h = ra.get('hidden')
      if (h === '1' || h === 'true') rowHidden.push(r - 1)
      if (sc.self) continue
      let col = -1
      let cells: (Cell | null)[] | undefined
      while (true) {
        at = sc.skip(at, close)
        if (s.charCodeAt(at) !== 60) decline('text between cells')
        sc.tag(at)
        at = sc.end
        if (sc.is('/row')) break
        if (!sc.is('c')) decline(`<${sc.name()}> in a row`)
        // SheetJS finds cells by /<c[ \/>]/: a <c followed by a line break is not one there.
        const next = s.charCodeAt(sc.ne)
        if (next !== 32 && next !== 47 && next !== 62) decline('cell tag')
        cellAttributes(sc, attrs)
        let c: number
        if (attrs.r !== undefined) {
          const ref = decodeRef(attrs.r)
          if (ref.r !== r) decline('cell outside its row')
          c = ref.c
        } else c = col + 1
        if (c <= col) decline('cell order')
        col = c
        let v: string | undefined
        let hasV = false
        let formula: 'none' | 'text' | 'shared-ref' | 'empty' = 'none'
        let sharedSi: string | undefined
        let inline: string | undefined
        if (!sc.self) {
          while (true) {
            at = sc.skip(at, close)
            if (s.charCodeAt(at) !== 60) decline('text in a cell')
            sc.tag(at)
            at = sc.end
            if (sc.is('/c')) break
            if (sc.is('v')) {
              if (hasV || sc.self) decline('value shape')
              const end = s.indexOf('</v>', at)
              if (end < 0) decline('unterminated value')
              const lt = s.indexOf('<', at)
              if (lt !== end) decline('markup in a value')
              hasV = true
              if (end > at) v = s.slice(at, end)
              at = end + 4
            } else if (sc.is('f')) {
              if (formula !== 'none') decline('two formulas')
              const fa = attributes(s.slice(sc.as, sc.ae))
              const ft = fa.get('t')
              if (ft === 'array' || ft === 'dataTable' || s.slice(sc.as, sc.ae).includes("'")) decline(`formula ${ft ?? ''}`)
              if (sc.self) {
                formula = 'shared-ref'
                sharedSi = fa.get('si')
              } else {
                const end = s.indexOf('</f>', at)
                if (end < 0) decline('unterminated formula')
                if (s.indexOf('<', at) !== end) decline('markup in a formula')
                const empty = end === at
                at = end + 4
                if (empty) {
                  formula = ft === 'shared' ? 'shared-ref' : 'empty'
                  sharedSi = fa.get('si')
                } else {
                  formula = 'text'
                  if (ft === 'shared') {
                    const si = fa.get('si')
                    if (si === undefined || !/^\d+$/.test(si)) decline('shared formula index')
                    sharedFormulas.add(String(parseInt(si!, 10)))
                  }
                }
              }
            } else if (sc.is('is')) {
              if (inline !== undefined || sc.self) decline('inline string shape')
              const end = s.indexOf('</is>', at)
              if (end < 0) decline('unterminated inline string')
              inline = s.slice(at, end)
              at = end + 5
            } else decline(`<${sc.name()}> in a cell`)
          }
        }
        // As parse_ws_xml_data: a formula counts when it has text, or refers to a shared one seen
        // before (an empty <f></f> without t="shared" does not).
        const f = formula === 'text' || (formula === 'shared-ref' && sharedSi !== undefined && sharedFormulas.has(sharedSi))
        const cell = makeCell(attrs, v, f, inline, ctx)
        if (!cells) data[r - 1] = cells = []
        cells[c] = cell
      }
    }
  }

  if (data.length > limits.maxRows) decline('more rows than the limit')
  let firstRow = -1
  let firstCol = Number.POSITIVE_INFINITY
  for (let r = 0; r < data.length; r++) {
    const src = data[r]
    if (!src) continue
    if (firstRow < 0) firstRow = r
    for (let c = 0; c < src.length && c < firstCol; c++) {
      if (src[c] !== undefined) {
        firstCol = c
        break
      }
    }
  }
  if (firstRow < 0) return { name, hidden, firstRow: 0, firstCol: 0, rows: [] }
  const rows: (Cell | null)[][] = []
  for (let r = firstRow; r < data.length; r++) {
    const src = data[r]
    if (!src) {
      rows.push([])
      continue
    }
    // The row's own array when the table starts at column A (holes become null), a copy otherwise.
    const out = firstCol === 0 ? src : src.slice(firstCol)
    for (let c = 0; c < out.length; c++) if (out[c] === undefined) out[c] = null
    rows.push(out)
  }
  const hiddenCols: number[] = []
  colHidden.forEach((h, c) => {
    if (h) hiddenCols.push(c)
  })
  return { name, hidden, firstRow, firstCol, rows, hiddenRows: rowHidden, hiddenCols }
}

interface CellContext {
  strings: (string | undefined)[]
  formats: Formats | null
  date1904: boolean
  /** One cell object per text in the sheet, as readWorkbook's toCell shares them. */
  texts: Map<string, Cell>
  /** The same shared cells by shared-string index (skips hashing the text again). */
  sstCells: (Cell | undefined)[]
  /** Displayed text per number format id and value. */
  fmtCache: Map<number, Map<number | boolean, string>>
}

/**
 * One cell as parse_ws_xml_data and then readWorkbook's toCell make it. SheetJS keeps an empty
 * cell as a stub (cellStyles turns sheetStubs on): it counts for the sheet's extent and reads as
 * null, or as an empty text when it holds a formula.
 */
function makeCell(a: RawCell, raw: string | undefined, f: boolean, inline: string | undefined, ctx: CellContext): Cell | null {
  const v = raw === undefined ? undefined : unescapeXml(raw, false)
  // A formula without its value and without a type becomes the number 0, which SheetJS's
  // `p.v == ""` test then turns into a stub: empty either way.
  if (v === undefined && (a.t === undefined || a.t === 'n' || a.t === 's')) return f ? { t: 's', v: '', f: true } : null
  const t = a.t ?? 'n'
  switch (t) {
    case 'n': {
      const n = parseFloat(v!)
      if (Number.isNaN(n)) decline('number that is not one')
      return withFormat({ t: 'n', v: n }, n, f, a, ctx)
    }
    case 's': {
      const i = parseInt(v!, 10)
      if (!(i >= 0 && i < ctx.strings.length)) decline('shared string index')
      if (!f) {
        const known = ctx.sstCells[i]
        if (known) return known
      }
      const text = ctx.strings[i]
      if (text === undefined) decline('shared string shape')
      const cell = textCell(text!, f, ctx.texts)
      if (!f) ctx.sstCells[i] = cell
      return cell
    }
    case 'str': {
      if (v === undefined) return textCell('', f, ctx.texts)
      // SheetJS unescapes a formula's text result twice (around a UTF-8 decode of the once-unescaped text).
      if (escapedHigh) decline('escaped non-ASCII in a formula result')
      return textCell(unescapeXml(v, true), f, ctx.texts)
    }
    case 'inlineStr': {
      if (inline === undefined) return textCell('', f, ctx.texts)
      const text = stringItem(inline)
      if (text === undefined) decline('inline string shape')
      return textCell(text!, f, ctx.texts)
    }
    case 'b': {
      const b = v === '1' || v === 'true'
      return withFormat({ t: 'b', v: b }, b, f, a, ctx)
    }
    case 'e': {
      if (v === undefined || !ERRORS.has(v)) return decline('error value')
      const out: Cell = { t: 'e', v, w: v }
      out.z = formatOf(a, ctx.formats).text
      if (f) out.f = true
      return out
    }
    default:
      return decline(`cell type ${t}`)
  }
}

function textCell(v: string, f: boolean, texts: Map<string, Cell>): Cell {
  if (f) return { t: 's', v, f: true }
  let shared = texts.get(v)
  if (!shared) texts.set(v, (shared = { t: 's', v }))
  return shared
}

function formatOf(a: RawCell, formats: Formats | null): { id: number; text: string } {
  let id = 0
  if (formats && a.s !== undefined) {
    const xf = formats.xf[a.s as unknown as number]
    if (xf !== undefined) id = xf
    else if (!/^\d+$/.test(a.s)) decline(`style ${a.s}`)
  }
  const text = (formats?.table ?? BUILTIN_FORMATS)[id]
  // An id neither built in nor in the file: SheetJS loads a guess after the first cell used it.
  if (text === undefined) decline(`number format ${id} not in the file`)
  return { id, text: text! }
}

/** `w` and `z` as safe_format sets them (General by SheetJS's own shortcut, other formats by SSF). */
function withFormat(out: Cell, v: number | boolean, f: boolean, a: RawCell, ctx: CellContext): Cell {
  const z = formatOf(a, ctx.formats)
  let cache = ctx.fmtCache.get(z.id)
  if (!cache) ctx.fmtCache.set(z.id, (cache = new Map()))
  // -0 and 0 are one Map key but may format differently.
  let w = Object.is(v, -0) ? undefined : cache.get(v)
  if (w === undefined) {
    try {
      if (z.id === 0 && typeof v === 'number' && (v | 0) === v) w = v.toString(10)
      else w = XLSX.SSF.format(z.id === 0 ? 'General' : z.text, v, { date1904: ctx.date1904 })
    } catch (err) {
      decline(`format ${z.text}: ${err instanceof Error ? err.message : String(err)}`)
    }
    cache.set(v, w!)
  }
  out.w = w
  out.z = z.text
  if (f) out.f = true
  return out
}
