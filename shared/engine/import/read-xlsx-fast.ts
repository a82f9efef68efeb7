/**
 * A plain xlsx/xlsm read without SheetJS's workbook objects: the zip's parts are scanned as text
 * (indexOf and char codes, no DOM, no regex per cell) into exactly the `WorkbookData` the SheetJS
 * route produces for the same bytes. Whatever this reader does not fully understand throws
 * `NotFast`, and readWorkbook reads the whole file with SheetJS instead (docs/decisions.md).
 */
import { unzipSync } from 'fflate'
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

/** Reads `bytes` (already sniffed as xlsx/xlsm and through readWorkbook's zip checks) or throws NotFast. */
export function readXlsxFast(bytes: Uint8Array, format: FileFormat, limits: ReadLimits): WorkbookData {
  plainEntries(bytes)
  const names: string[] = []
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name)
        return f.name.endsWith('.xml') || f.name.endsWith('.rels')
      }
    })
  } catch (err) {
    return decline(`unzip: ${err instanceof Error ? err.message : String(err)}`)
  }
  // Parts SheetJS would merge into the cells (comments become stub cells) or read another way (xlsb).
  for (const n of names) if (/comment/i.test(n) || n === 'xl/workbook.bin') decline(`part ${n}`)
  const text = (name: string): string => {
    const data = files[name]
    if (!data) return decline(`missing ${name}`)
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
    if (!files[path]) decline(`sheet part ${path}`)
    sheets.push(readSheet(text(path), s.name, s.hidden, strings, formats, book.date1904, limits))
  }
  if (sheets.length === 0) decline('no sheets')
  return { format, sheets, date1904: book.date1904, detail: format }
}

/**
 * Declines entries SheetJS refuses or reads its own way: encrypted ones (flags of the local or
 * central header, as SheetJS tests them) and methods other than stored and deflate.
 */
function plainEntries(bytes: Uint8Array): void {
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
    return { name: unescapeXml(name, false).text, id, hidden: a.get('state') === 'hidden' || a.get('state') === 'veryHidden' }
  })
  return { sheets, date1904 }
}

function relationships(xml: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>()
  for (const r of elements(xml, 'Relationship')) {
    const id = r.get('Id')
    if (id === undefined) continue
    if (r.get('TargetMode') === 'External') continue
    out.set(id, { type: r.get('Type') ?? '', target: unescapeXml(r.get('Target') ?? '', false).text })
  }
  return out
}

// ---- text: SheetJS's unescapexml, and its shared-string shapes ----

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' }

/**
 * SheetJS's unescapexml: the five entities and &#…; (cut to 16 bits, as String.fromCharCode
 * does), then _xHHHH_, then (xlsx) \r\n → \n. `high`: an escape produced a non-ASCII character.
 */
function unescapeXml(s: string, xlsx: boolean): { text: string; high: boolean } {
  let high = false
  let out = s
  if (out.includes('&')) {
    out = out.replace(/&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi, (m: string, num: string | undefined) => {
      const named = ENTITIES[m.slice(1, -1)]
      if (named !== undefined) return named
      // "&AMP;" matches SheetJS's case-blind pattern but not its table (it becomes "\0" there).
      if (num === undefined) return decline(`entity ${m}`)
      const code = parseInt(num, m.includes('x') ? 16 : 10)
      const ch = String.fromCharCode(code)
      if (ch.charCodeAt(0) >= 128) high = true
      return ch
    })
  }
  if (out.includes('_x') || out.includes('_X')) {
    out = out.replace(/_x([\da-fA-F]{4})_/gi, (_m: string, hex: string) => {
      const ch = String.fromCharCode(parseInt(hex, 16))
      if (ch.charCodeAt(0) >= 128) high = true
      return ch
    })
  }
  if (xlsx && out.includes('\r\n')) out = out.replace(/\r\n/g, '\n')
  return { text: out, high }
}

/** A shared or inline string's text as SheetJS's parse_si gives it; undefined when it gives none. */
function stringItem(x: string): string | undefined {
  if (x === '') return ''
  if (x.includes('<t/>') || /<t\s[^>]*\/>/.test(x) || /<\w+:/.test(x)) decline('string item shape')
  if (/^\s*<t[\s>]/.test(x)) {
    const body = x.slice(x.indexOf('>') + 1)
    const end = body.indexOf('</t>')
    return unescapeXml(end < 0 ? body : body.slice(0, end), true).text
  }
  if (/<r[\s>]/.test(x)) {
    const plain = x.replace(/<rPh\b[^>]*>[\s\S]*?<\/rPh>/g, '')
    if (plain.includes('<rPh')) decline('phonetic run shape')
    let joined = ''
    const re = /<t\b[^<>]*>([^<]*)<\/t>/g
    for (let m = re.exec(plain); m; m = re.exec(plain)) joined += m[1]
    return unescapeXml(joined, true).text
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
      const text = unescapeXml(code!, false).text
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

interface RawCell {
  r?: string
  t?: string
  s?: string
}

function cellAttributes(attrs: string): RawCell {
  const out: RawCell = {}
  for (const [k, v] of attributes(attrs)) {
    if (k === 'r' || k === 't' || k === 's') out[k] = v
    else if (k.length === 1 && 'rts'.includes(k.toLowerCase())) decline(`cell attribute ${k}`)
  }
  return out
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
  if (/<\w+:(worksheet|sheetData|row|c|v|f|is|col)\b/.test(xml)) decline('prefixed sheet')
  const open = /<sheetData\b[^<>]*>/.exec(xml)
  const close = open ? xml.indexOf('</sheetData>', open.index) : -1
  const before = open && close >= 0 ? xml.slice(0, open.index) : xml
  const after = open && close >= 0 ? xml.slice(close) : xml
  if (after.includes('<hyperlink')) decline('hyperlinks')
  if (xml.indexOf('<sheetData', (open?.index ?? -1) + 1) >= 0) decline('two sheetData')

  // <cols>: as parse_ws_xml_cols, a later <col> overrides an earlier one for the same columns.
  const colHidden: boolean[] = []
  const colTags = before.match(/<col\b[^<>]*\/?>/g) ?? []
  for (const tag of colTags) {
    const a = attributes(tagAt(tag, 0).attrs)
    const min = parseInt(a.get('min') ?? '', 10) - 1
    const max = parseInt(a.get('max') ?? '', 10) - 1
    const h = a.get('hidden')
    const isHidden = h === '1' || h === 'true'
    if (max - min > 16384) decline('col range')
    for (let c = min; c <= max; c++) colHidden[c] = isHidden
  }

  const data: (Cell | null)[][] = []
  const rowHidden: number[] = []
  const texts = new Map<string, Cell>()
  const sharedFormulas = new Set<string>()
  const fmtCache = new Map<number, Map<number | boolean, string>>()

  if (open && close >= 0) {
    const s = xml
    let at = open.index + open[0].length
    let row = 0
    const skip = (i: number): number => {
      while (i < close && WS(s.charCodeAt(i))) i++
      return i
    }
    while (true) {
      at = skip(at)
      if (at >= close) break
      if (s.charCodeAt(at) !== 60) decline('text between rows')
      const rt = tagAt(s, at)
      if (rt.name !== 'row') decline(`<${rt.name}> in sheetData`)
      at = rt.end
      const ra = attributes(rt.attrs)
      const rAttr = ra.get('r')
      const r = rAttr !== undefined ? parseInt(rAttr, 10) : row + 1
      if (rAttr !== undefined && !/^[1-9]\d*$/.test(rAttr)) decline(`row number ${rAttr}`)
      if (r <= row) decline('row order')
      // SheetJS reads a last self-closing row without r twice (counting it as two rows).
      if (rAttr === undefined && rt.selfClosing) decline('self-closing row without r')
      if (r > limits.maxRows) decline('more rows than the limit')
      row = r
      const h = ra.get('hidden')
      if (h === '1' || h === 'true') rowHidden.push(r - 1)
      if (rt.selfClosing) continue
      let col = -1
      let cells: (Cell | null)[] | undefined
      while (true) {
        at = skip(at)
        if (s.charCodeAt(at) !== 60) decline('text between cells')
        const ct = tagAt(s, at)
        at = ct.end
        if (ct.name === '/row') break
        if (ct.name !== 'c') decline(`<${ct.name}> in a row`)
        const attrs = cellAttributes(ct.attrs)
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
        let formula: 'none' | 'text' | 'shared-ref' | 'shared-ref-empty' = 'none'
        let sharedSi: string | undefined
        let inline: string | undefined
        if (!ct.selfClosing) {
          while (true) {
            at = skip(at)
            if (s.charCodeAt(at) !== 60) decline('text in a cell')
            const t = tagAt(s, at)
            at = t.end
            if (t.name === '/c') break
            if (t.name === 'v') {
              if (hasV || t.selfClosing) decline('value shape')
              const end = s.indexOf('</v>', at)
              if (end < 0) decline('unterminated value')
              const raw = s.slice(at, end)
              if (raw.includes('<')) decline('markup in a value')
              hasV = true
              if (raw !== '') v = raw
              at = end + 4
            } else if (t.name === 'f') {
              if (formula !== 'none') decline('two formulas')
              const fa = attributes(t.attrs)
              const ft = fa.get('t')
              if (ft === 'array' || ft === 'dataTable' || t.attrs.includes("'")) decline(`formula ${ft ?? ''}`)
              if (t.selfClosing) {
                formula = 'shared-ref'
                sharedSi = fa.get('si')
              } else {
                const end = s.indexOf('</f>', at)
                if (end < 0) decline('unterminated formula')
                const body = s.slice(at, end)
                if (body.includes('<')) decline('markup in a formula')
                at = end + 4
                if (body === '') {
                  formula = ft === 'shared' ? 'shared-ref' : 'shared-ref-empty'
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
            } else if (t.name === 'is') {
              if (inline !== undefined || t.selfClosing) decline('inline string shape')
              const end = s.indexOf('</is>', at)
              if (end < 0) decline('unterminated inline string')
              inline = s.slice(at, end)
              at = end + 5
            } else decline(`<${t.name}> in a cell`)
          }
        }
        // As parse_ws_xml_data: a formula counts when it has text, or refers to a shared one seen before.
        const f = formula === 'text' || (formula === 'shared-ref' && sharedSi !== undefined && sharedFormulas.has(sharedSi)) || false
        if (formula === 'shared-ref-empty' && sharedSi !== undefined && sharedFormulas.has(sharedSi)) decline('empty formula with si')
        const cell = makeCell(attrs, v, f, inline, strings, formats, date1904, texts, fmtCache)
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
    for (let c = 0; c < src.length; c++) {
      if (src[c] !== undefined) {
        if (c < firstCol) firstCol = c
        break
      }
    }
  }
  if (firstRow < 0) return { name, hidden, firstRow: 0, firstCol: 0, rows: [] }
  const rows: (Cell | null)[][] = []
  for (let r = firstRow; r < data.length; r++) {
    const src = data[r]
    const out: (Cell | null)[] = []
    if (src) for (let c = firstCol; c < src.length; c++) out.push(src[c] ?? null)
    rows.push(out)
  }
  const hiddenCols: number[] = []
  colHidden.forEach((h, c) => {
    if (h) hiddenCols.push(c)
  })
  return { name, hidden, firstRow, firstCol, rows, hiddenRows: rowHidden, hiddenCols }
}

/**
 * One cell as parse_ws_xml_data and then readWorkbook's toCell make it. SheetJS keeps an empty
 * cell as a stub (cellStyles turns sheetStubs on): it counts for the sheet's extent and reads as
 * null, or as an empty text when it holds a formula.
 */
function makeCell(
  a: RawCell,
  raw: string | undefined,
  f: boolean,
  inline: string | undefined,
  strings: (string | undefined)[],
  formats: Formats | null,
  date1904: boolean,
  texts: Map<string, Cell>,
  fmtCache: Map<number, Map<number | boolean, string>>
): Cell | null {
  const v = raw === undefined ? undefined : unescapeXml(raw, false)
  // A formula without its value and without a type becomes the number 0, which SheetJS's
  // `p.v == ""` test then turns into a stub: empty either way.
  if (v === undefined && (a.t === undefined || a.t === 'n' || a.t === 's')) return f ? { t: 's', v: '', f: true } : null
  const t = a.t ?? 'n'
  switch (t) {
    case 'n': {
      const n = parseFloat(v!.text)
      if (Number.isNaN(n)) decline('number that is not one')
      return withFormat({ t: 'n', v: n }, n, f, a, formats, date1904, fmtCache)
    }
    case 's': {
      const i = parseInt(v!.text, 10)
      if (!(i >= 0 && i < strings.length)) decline('shared string index')
      const text = strings[i]
      if (text === undefined) decline('shared string shape')
      return textCell(text!, f, texts)
    }
    case 'str': {
      if (v === undefined) return textCell('', f, texts)
      // SheetJS unescapes a formula's text result twice (around a UTF-8 decode of the once-unescaped text).
      if (v.high) decline('escaped non-ASCII in a formula result')
      return textCell(unescapeXml(v.text, true).text, f, texts)
    }
    case 'inlineStr': {
      if (inline === undefined) return textCell('', f, texts)
      const text = stringItem(inline)
      if (text === undefined) decline('inline string shape')
      return textCell(text!, f, texts)
    }
    case 'b': {
      const b = v?.text === '1' || v?.text === 'true'
      return withFormat({ t: 'b', v: b }, b, f, a, formats, date1904, fmtCache)
    }
    case 'e': {
      if (v === undefined || !ERRORS.has(v.text)) return decline('error value')
      const out: Cell = { t: 'e', v: v.text, w: v.text }
      out.z = formatOf(a, formats).text
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

/** `w` as safe_format computes it (General by SheetJS's own shortcut, other formats by SSF). */
function withFormat(
  out: Cell,
  v: number | boolean,
  f: boolean,
  a: RawCell,
  formats: Formats | null,
  date1904: boolean,
  fmtCache: Map<number, Map<number | boolean, string>>
): Cell {
  const z = formatOf(a, formats)
  let cache = fmtCache.get(z.id)
  if (!cache) fmtCache.set(z.id, (cache = new Map()))
  // -0 and 0 are one Map key but may format differently.
  let w = Object.is(v, -0) ? undefined : cache.get(v)
  if (w === undefined) {
    try {
      if (z.id === 0 && typeof v === 'number' && (v | 0) === v) w = v.toString(10)
      else w = XLSX.SSF.format(z.id === 0 ? 'General' : z.text, v, { date1904 })
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
