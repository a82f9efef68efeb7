/**
 * `npm run bench:import`: village-file import throughput per format and size. One desa from the
 * seeded generator in the 'musdes-formal' layout (title rows, Excel date cells, NIK/KK as text, a
 * JUMLAH row, the usual defects), cut to each size and converted with SheetJS to xls and semicolon
 * CSV, so every format holds the same cells. The files are written by a child process and each
 * (format, size) is measured in a fresh one, so peak RSS is its own (Linux's maxRSS counts the
 * parent's memory at fork, so the parent stays small), on a workspace whose master (the desa's first
 * 10,000 people) is imported before timing; it times importFile('village') and, apart,
 * readWorkbook + extractTable alone.
 *   node out/bench/import.cjs [--sizes 1000,10000,100000] [--formats xlsx,xls,csv] [--master 10000]
 * With --queue: the app's import queue against the parse floor instead (import-queue.ts).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

import * as XLSX from 'xlsx'

import { extractTable } from '../../shared/engine/import/extract-table'
import { readWorkbook } from '../../shared/engine/import/read-workbook'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../test/fixtures/generator/index.mts'
import { arg, ms } from './args'
import { hostileTimings } from './hostile-files'
import { queueBench } from './import-queue'
import { openBenchEngine } from './open-engine'

type Format = 'xlsx' | 'xls' | 'csv'

/** BIFF8 (.xls) sheets end at row 65,536. */
const XLS_MAX_ROWS = 65_536

/** Measured in the child process. */
interface Figures {
  rows: number
  parseMs: number
  importMs: number
  peakRssMb: number
}

/** One generated village file; `path` null when the format cannot hold that many rows. */
interface VillageFile {
  format: Format
  size: number
  inMaster: number
  path: string | null
  bytes: number
}

/** One line of the table: the file and the child's figures (or why none). */
interface Result extends VillageFile {
  figures: Figures | { skipped: string }
}

const grouped = (n: number) => n.toLocaleString('en-US')

/** Child: import the master untimed, then time the village import and the bare read + parse. */
async function one(villagePath: string, masterPath: string): Promise<Figures> {
  const bytes = new Uint8Array(readFileSync(villagePath))
  const fileName = basename(villagePath)
  const dir = mkdtempSync(join(tmpdir(), 'cermat-bench-import-'))
  try {
    const engine = await openBenchEngine(dir)
    await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: new Uint8Array(readFileSync(masterPath)) })
    let t = performance.now()
    const result = await engine.importFile('village', { taskId: 'v', fileName, bytes })
    const importMs = ms(t)
    // Peak RSS of master + village import, before the standalone parse below adds to it.
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    await engine.close()
    t = performance.now()
    const table = extractTable(readWorkbook(bytes, fileName), fileName, { kind: 'village' })
    const parseMs = ms(t)
    if (table.rows.length !== result.source.rows) throw new Error(`parse found ${table.rows.length} rows, import ${result.source.rows}`)
    return { rows: result.source.rows, parseMs, importMs, peakRssMb }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The same workbook as another format (`wb`: the xlsx read back); null when that format cannot hold it. */
function convert(xlsx: Uint8Array, wb: () => XLSX.WorkBook, format: Format): Uint8Array | null {
  if (format === 'xlsx') return xlsx
  const ws = wb().Sheets[wb().SheetNames[0]!]!
  if (format === 'csv') return new TextEncoder().encode(XLSX.utils.sheet_to_csv(ws, { FS: ';', RS: '\r\n' }))
  if (XLSX.utils.decode_range(ws['!ref'] ?? 'A1').e.r + 1 > XLS_MAX_ROWS) return null
  const out: unknown = XLSX.write(wb(), { type: 'array', bookType: 'xls' })
  return out instanceof Uint8Array ? out : new Uint8Array(out as ArrayBuffer)
}

function table(results: Result[]): string {
  const head = ['format', 'rows', 'in master', 'file bytes', 'read+parse', 'import', 'parse share', 'rows/s', 'ms per 1k rows', 'peak RSS']
  const lines = results.map((r, i) => {
    const first = i === 0 || results[i - 1]!.format !== r.format
    const lead = [first ? r.format : '', grouped(r.size)]
    if ('skipped' in r.figures) return { lead, rest: null, note: r.figures.skipped }
    const f = r.figures
    const rest = [
      grouped(r.inMaster),
      grouped(r.bytes),
      `${grouped(f.parseMs)} ms`,
      `${grouped(f.importMs)} ms`,
      `${Math.round((100 * f.parseMs) / Math.max(1, f.importMs))}%`,
      grouped(Math.round(f.rows / (Math.max(1, f.importMs) / 1000))),
      `${grouped(Math.round(f.importMs / (f.rows / 1000)))} ms`,
      `${grouped(f.peakRssMb)} MB`
    ]
    return { lead, rest, note: '' }
  })
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => [...l.lead, ...(l.rest ?? [])][i]?.length ?? 0)))
  const pad = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const out = [pad(head)]
  lines.forEach((l, i) => {
    if (i > 0 && l.lead[0] !== '') out.push('')
    out.push(l.rest ? pad([...l.lead, ...l.rest]) : `${pad(l.lead)}  ${l.note}`)
  })
  return out.join('\n')
}

/** Child: the master and every (format, size) village file, written to `dir`. */
function writeFiles(dir: string, sizes: number[], formats: Format[], masterSize: number): VillageFile[] {
  // One desa large enough for the biggest file; its first people form the master.
  const scenario = generateScenario({
    seed: 20261123,
    desaCount: 1,
    peoplePerDesa: Math.max(masterSize, ...sizes),
    fileStyles: ['musdes-formal']
  })
  const village = scenario.villageFiles[0]!
  writeFileSync(join(dir, 'master.xlsx'), writeMasterXlsx({ ...scenario, master: scenario.master.slice(0, masterSize) }))
  const files: VillageFile[] = []
  for (const size of sizes) {
    if (size > village.rows.length) throw new Error(`size ${size}: the generated desa has only ${village.rows.length} rows`)
    const rows = village.rows.slice(0, size)
    const inMaster = rows.filter((r) => r.masterIndex !== null && r.masterIndex < masterSize).length
    const xlsx = writeVillageFile(scenario, { ...village, rows }).bytes
    let book: XLSX.WorkBook | undefined
    const wb = () => (book ??= XLSX.read(xlsx, { type: 'array', dense: true, cellNF: true }))
    for (const format of formats) {
      const bytes = convert(xlsx, wb, format)
      const path = bytes ? join(dir, village.fileName.replace(/\.xlsx$/, `-${size}.${format}`)) : null
      if (path && bytes) writeFileSync(path, bytes)
      files.push({ format, size, inMaster, path, bytes: bytes?.length ?? 0 })
    }
  }
  return files
}

/** Runs this script in a fresh process with `args`; returns its last stdout line, parsed. */
function child<T>(args: string[], what: string): T {
  const run = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (run.status !== 0) throw new Error(`${what}: ${run.stderr}`)
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T
}

async function main(): Promise<void> {
  if (process.argv.includes('--queue')) return queueBench()
  const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number)
  const formats = arg('formats', 'xlsx,xls,csv').split(',') as Format[]
  for (const f of formats) if (!['xlsx', 'xls', 'csv'].includes(f)) throw new Error(`unknown format ${f} (xlsx, xls, csv)`)
  const masterSize = Number(arg('master', '10000'))
  if (process.argv.includes('--one')) {
    process.stdout.write(JSON.stringify(await one(arg('one', ''), arg('master-file', ''))) + '\n')
    return
  }
  if (process.argv.includes('--files')) {
    process.stdout.write(JSON.stringify(writeFiles(arg('files', ''), sizes, formats, masterSize)) + '\n')
    return
  }

  const dir = mkdtempSync(join(tmpdir(), 'cermat-bench-files-'))
  const results: Result[] = []
  try {
    let t = performance.now()
    const files = child<VillageFile[]>(
      ['--files', dir, '--sizes', sizes.join(','), '--formats', formats.join(','), '--master', String(masterSize)],
      'generating files'
    )
    process.stderr.write(`  files generated in ${ms(t)} ms\n`)
    // Grouped by format, growing size.
    for (const format of formats) {
      for (const file of files.filter((f) => f.format === format)) {
        if (!file.path) {
          results.push({ ...file, figures: { skipped: `n/a (xls holds at most ${grouped(XLS_MAX_ROWS)} rows)` } })
          continue
        }
        t = performance.now()
        results.push({
          ...file,
          figures: child<Figures>(['--one', file.path, '--master-file', join(dir, 'master.xlsx')], `${format} ${file.size}`)
        })
        process.stderr.write(`  ${format} ${file.size} done (${ms(t)} ms)\n`)
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(
    `Cermat import benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, master ${grouped(masterSize)} people)\n`
  )
  console.log(table(results))
  console.log('\nimport = importFile(village): read + parse + store + match + snapshot, after an untimed master import;')
  console.log('read+parse = readWorkbook + extractTable alone on the same bytes; in master = rows whose person is in the master.')
  console.log('\nHostile files (readWorkbook, default limits but 10 MB unzipped for the bombs):\n')
  console.log('| file | outcome | time |\n|:---|:---|---:|')
  for (const line of hostileTimings()) console.log(line)
}

void main()
