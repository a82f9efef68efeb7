/**
 * CSV/TXT as villages save them: comma, semicolon (Indonesian Excel) or tab; UTF-8 with or
 * without BOM, UTF-16 with BOM, else Windows-1252. Every cell stays text: nothing is turned into
 * a number or a formula (SheetJS's CSV reader would keep `=…` as a formula and round NIKs).
 */

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' }
  }
}

const DELIMITERS = [';', ',', '\t', '|'] as const

/** The delimiter that splits the first lines into the most, and most consistent, columns. */
export function sniffDelimiter(text: string): string {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20)
  let best: string = ','
  let bestScore = -1
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d))
    const max = Math.max(0, ...counts)
    if (max === 0) continue
    // Lines with the most common count; title rows above the table have fewer.
    const freq = new Map<number, number>()
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1)
    let mode = 0
    let modeFreq = 0
    for (const [c, f] of freq) if (c > 0 && (f > modeFreq || (f === modeFreq && c > mode))) [mode, modeFreq] = [c, f]
    const score = modeFreq * 1000 + mode
    if (score > bestScore) [best, bestScore] = [d, score]
  }
  return best
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === d && !quoted) n++
  }
  return n
}

/** RFC 4180 parsing with the given delimiter; quoted fields may hold delimiters and newlines. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      i++
    } else if (ch === delimiter) {
      row.push(field)
      field = ''
      i++
    } else if (ch === '\r' || ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      field += ch
      i++
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Quotes one CSV field (RFC 4180): always quoted, inner quotes doubled. */
/**
 * One quoted CSV field. Text that a spreadsheet would run as a formula when the file is opened
 * (starting with = + - @, or a tab/CR before one) gets a leading apostrophe: village files are
 * untrusted, and their text must not become a formula on the Dinas Sosial's PC (CSV injection).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}
