/**
 * `npm run bench:parse` (also in `npm run bench`): parse isolation and parallel parsing (issue 15
 * item 6, issue 17). Needs `npm run build` (the CLI and out/main/parse-child.js).
 *  1. A generated kecamatan (60,000-person master, 20 village files as xlsx, xls, ods, csv):
 *     `cermat check` in its own process, reading in that process (`--parse-processes 0`, as before
 *     the pool) and with the pool, alternating; wall time and peak RSS of the whole process tree
 *     (the CLI and its parse processes, summed, sampled from /proc every 50 ms).
 *  2. The parse floor beside it: only reading the same files with readWorkbook, the largest file
 *     on one thread and all the others on a second (two worker threads, wall time).
 *  3. The hostile mix: `cermat check` of the master and 18 hostile files, before and after: peak
 *     RSS of the tree, wall time, and what became of each file.
 *  4. SheetJS read options on the same files: time, and whether the tables read are identical.
 *   node out/bench/parse.cjs [--desa 20] [--people 3000] [--repeat 2] [--skip check,hostile,hostile-before,options] [--cli out/main/cli.js]
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'

import * as XLSX from 'xlsx'

import { extractTable } from '../../shared/engine/import/extract-table'
import { DEFAULT_LIMITS, readWorkbook } from '../../shared/engine/import/read-workbook'
import type { Report } from '../../shared/engine/report'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../test/fixtures/generator/index.mts'
import { arg, ms } from './args'
import { writeHostileMix } from './hostile-files'

const ROOT = resolve(__dirname, '../..')
/** The built CLI (its parse-child.js beside it); `--cli` measures another build, e.g. the one before a change. */
const CLI = resolve(arg('cli', join(ROOT, 'out/main/cli.js')))
const MB = 1024 * 1024

// ---- worker thread: read files, report the time ----
if (!isMainThread) {
  const t = performance.now()
  for (const path of workerData as string[]) readWorkbook(new Uint8Array(readFileSync(path)), basename(path), DEFAULT_LIMITS)
  parentPort!.postMessage(ms(t))
}

/** Wall time of reading `groups` in parallel, one worker thread per group. */
async function readInThreads(groups: string[][]): Promise<number> {
  const t = performance.now()
  await Promise.all(
    groups.map(
      (paths) =>
        new Promise<number>((done, fail) => {
          const w = new Worker(__filename, { workerData: paths })
          w.once('message', (m: number) => {
            done(m)
            void w.terminate()
          })
          w.once('error', fail)
        })
    )
  )
  return ms(t)
}

/** RSS of a process and all its descendants, kB (Linux /proc). */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)])
    } catch {
      // The process ended while being listed.
    }
  }
  let kb = 0
  const stack = [root]
  while (stack.length > 0) {
    const pid = stack.pop()!
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      kb += Number(m?.[1] ?? 0)
    } catch {
      // Ended.
    }
    stack.push(...(children.get(pid) ?? []))
  }
  return kb
}

interface Run {
  wallMs: number
  peakMb: number
  report: Report | null
}

/** `cermat check` in a child process: its wall time and the peak RSS of its process tree. */
function runCheck(master: string, villages: string[], out: string, flags: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const t = performance.now()
    const child = spawn(process.execPath, [CLI, 'check', ...flags, '--master', master, '--out', out, ...villages], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    let peak = 0
    const sample = () => (peak = Math.max(peak, treeRssKb(child.pid!)))
    const timer = setInterval(sample, 50)
    child.once('error', fail)
    child.once('close', (code) => {
      clearInterval(timer)
      const wallMs = ms(t)
      if (code !== 0 && code !== 2) return fail(new Error(`cermat check exited ${code}: ${stderr}`))
      let report: Report | null
      try {
        report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report
      } catch {
        report = null
      }
      done({ wallMs, peakMb: Math.round(peak / 1024), report })
    })
  })
}

const FORMATS = ['xlsx', 'xls', 'ods', 'csv'] as const

/** The kecamatan of issue 17: a master and village files in the four formats offices send. */
function writeKecamatan(dir: string, desaCount: number, people: number): { master: string; villages: string[] } {
  const scenario = generateScenario({ seed: 20261206, desaCount, peoplePerDesa: people })
  const master = join(dir, 'master-dtsen.xlsx')
  writeFileSync(master, writeMasterXlsx(scenario))
  const villages = scenario.villageFiles.map((f, i) => {
    const file = writeVillageFile(scenario, f)
    const format = FORMATS[i % FORMATS.length]!
    const stem = file.fileName.replace(/\.[^.]+$/, '')
    if (format === 'xls' || format === 'ods') {
      const wb = XLSX.read(file.bytes, { type: 'array', cellStyles: true, cellNF: true })
      const path = join(dir, `${stem}.${format}`)
      writeFileSync(path, new Uint8Array(XLSX.write(wb, { type: 'array', bookType: format === 'xls' ? 'biff8' : 'ods' }) as ArrayBuffer))
      return path
    }
    const path = join(dir, file.fileName)
    writeFileSync(path, file.bytes)
    return path
  })
  return { master, villages }
}

/**
 * SheetJS read options tried on the data: CPU time of reading every file with each (this thread,
 * variants interleaved round after round, so a busy machine slows them alike), and whether the
 * tables extracted come out identical to the current read's (rows, mapping, warnings, coercions).
 */
function readOptions(paths: string[], rounds: number): string[] {
  const dataSheet = new Map<string, string>()
  const variants: [string, (path: string) => XLSX.ParsingOptions][] = [
    ['current (dense, cellFormula, cellStyles, cellNF, cellText)', () => ({})],
    ['cellText: false', () => ({ cellText: false })],
    ['cellNF: false', () => ({ cellNF: false })],
    ['cellStyles: false', () => ({ cellStyles: false })],
    ['cellFormula: false', () => ({ cellFormula: false })],
    ['sheetStubs: false (SheetJS default)', () => ({ sheetStubs: false })],
    ['cellDates: true', () => ({ cellDates: true })],
    ['sheets: only the data sheet', (p) => ({ sheets: dataSheet.get(p) ?? 0 })],
    ['cellText: false, cellNF: false', () => ({ cellText: false, cellNF: false })]
  ]
  const cpuNow = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const tableOf = (path: string, extra: XLSX.ParsingOptions) => {
    const bytes = new Uint8Array(readFileSync(path))
    const t = cpuNow()
    const wb = readWorkbook(bytes, basename(path), DEFAULT_LIMITS, extra)
    const cpuMs = cpuNow() - t
    const table = extractTable(wb, basename(path), { kind: 'village' })
    return { cpuMs, sheet: table.sheet, table: JSON.stringify({ ...table, sheets: undefined }) }
  }
  const baseline = paths.map((p) => {
    const r = tableOf(p, {})
    dataSheet.set(p, r.sheet)
    return r.table
  })
  const cpu = variants.map(() => 0)
  const same = variants.map(() => 0)
  for (let round = 0; round < rounds; round++) {
    // Alternate the order each round: no variant always runs first (cold) or last.
    const order = variants.map((_, i) => i)
    if (round % 2 === 1) order.reverse()
    for (const v of order) {
      paths.forEach((p, i) => {
        const r = tableOf(p, variants[v]![1](p))
        cpu[v]! += r.cpuMs
        if (round === 0 && r.table === baseline[i]) same[v]!++
      })
    }
  }
  return variants.map(
    ([name], v) => `| ${name} | ${Math.round(cpu[v]! / rounds)} ms | ×${(cpu[v]! / cpu[0]!).toFixed(2)} | ${same[v]}/${paths.length} |`
  )
}

const outcome = (r: Report | null, file: string) => {
  if (!r) return 'no report'
  const fatal = (r as { fatal?: { file: string; code: string } }).fatal
  if (fatal?.file === file) return fatal.code
  const f = r.files.find((x) => x.file === file)
  return !f ? '-' : f.error ? f.error.code : `read (${f.rows} rows)`
}

async function main(): Promise<void> {
  const desa = Number(arg('desa', '20'))
  const people = Number(arg('people', '3000'))
  const repeat = Number(arg('repeat', '2'))
  const skip = arg('skip', '').split(',')
  const dir = mkdtempSync(join(tmpdir(), 'cermat-bench-parse-'))
  const cores = availableParallelism()
  console.log(`Cermat parse benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cores} cores)`)
  try {
    const sizeOf = (p: string) => statSync(p).size
    // The kecamatan only when a part that reads it runs (the hostile mix alone needs none).
    const needsKecamatan = !skip.includes('check') || !skip.includes('options')
    const t = performance.now()
    const { master, villages } = needsKecamatan ? writeKecamatan(dir, desa, people) : { master: '', villages: [] }
    const all = [master, ...villages]
    if (needsKecamatan)
      console.log(
        `setup: master ${desa * people} people (${(sizeOf(master) / MB).toFixed(1)} MB) + ${villages.length} village files in ${ms(t)} ms`
      )

    if (!skip.includes('check')) {
      const bySize = [...all].sort((a, b) => sizeOf(b) - sizeOf(a))
      const serial = await readInThreads([all])
      const floor = await readInThreads([[bySize[0]!], bySize.slice(1)])
      console.log(
        `\nparse floor: reading all ${all.length} files on one thread ${serial} ms; largest on one, the rest on another ${floor} ms\n`
      )
      console.log('| cermat check | wall | × floor | peak RSS (tree) | files read |')
      console.log('|:---|---:|---:|---:|---:|')
      for (let i = 0; i < repeat; i++) {
        for (const [name, flags] of [
          ['reading in the CLI process (before)', ['--parse-processes', '0']],
          [`pool of ${Math.min(4, Math.max(1, cores))} parse processes (after)`, []]
        ] as const) {
          const r = await runCheck(master, villages, join(dir, `out-${i}-${flags.length}`), [...flags])
          const read = r.report?.files.filter((f) => f.error === null).length ?? 0
          console.log(`| ${name} | ${r.wallMs} ms | ${(r.wallMs / floor).toFixed(2)} | ${r.peakMb} MB | ${read}/${villages.length} |`)
        }
      }
    }

    if (!skip.includes('hostile')) {
      const hostile = writeHostileMix(join(dir, 'hostile'))
      const small = join(dir, 'hostile', 'induk.csv')
      writeFileSync(small, readFileSync(join(ROOT, 'resources/demo/desa/musdes-tirtoadi-2026-11.csv')))
      console.log(
        `\nhostile mix: a small master + ${hostile.length} files, ${(hostile.reduce((n, p) => n + sizeOf(p), 0) / MB).toFixed(1)} MB on disk\n`
      )
      const after = await runCheck(small, hostile, join(dir, 'hostile-after'), [])
      const before = skip.includes('hostile-before')
        ? { wallMs: 0, peakMb: 0, report: null }
        : await runCheck(small, hostile, join(dir, 'hostile-before'), ['--parse-processes', '0'])
      console.log(`| hostile mix | wall | peak RSS (tree) |`)
      console.log('|:---|---:|---:|')
      console.log(`| reading in the CLI process (before) | ${before.wallMs} ms | ${before.peakMb} MB |`)
      console.log(`| pool (after) | ${after.wallMs} ms | ${after.peakMb} MB |`)
      console.log('\n| file | bytes | before | after |\n|:---|---:|:---|:---|')
      for (const p of hostile)
        console.log(
          `| ${basename(p)} | ${sizeOf(p).toLocaleString('en-US')} | ${outcome(before.report, basename(p))} | ${outcome(after.report, basename(p))} |`
        )
    }

    if (!skip.includes('options')) {
      console.log(
        `\nSheetJS read options (readWorkbook of the master and all village files in this thread, CPU per round, ${repeat} rounds interleaved; tables compared with the current read's):\n`
      )
      console.log('| options | read CPU | × current | same tables |\n|:---|---:|---:|---:|')
      for (const line of readOptions(all, repeat)) console.log(line)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (isMainThread)
  void main().catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
