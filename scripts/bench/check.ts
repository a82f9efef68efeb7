/**
 * `npm run bench:check` (and in `npm run bench`): a kecamatan's month through `cermat check`
 * (issue 17). For each size, the seeded generator writes a master of M people and one village file
 * per desa (10k: 20 × 500, 60k: 20 × 3,000, 200k: 60 × 3,334), the generator's xlsx files turned
 * in turn into xlsx, xls and ods (its CSV files stay CSV: read back by SheetJS, a NIK would become a
 * number). Then, each in a fresh process (its own peak RSS), on the same files:
 * - check: `runCheck` in-process, as `cermat check` runs it, with the time per phase from the
 *   engine's timing port (EnginePorts.phase): read (file bytes + SheetJS), map (table, desa,
 *   identities), insert, match (rows against the master), findings (set-level checks, storing),
 *   save (workspace snapshot), report (summary, report.json);
 * - floor: only reading the same files with SheetJS (the app's read options), on two worker
 *   threads: the master on one, the village files one after another on the other;
 * - peer: a pandas + openpyxl/xlrd/odfpy script (check-peer.py) reading every file and merging
 *   each village file with the master on NIK; skipped with a note without python3 + pandas.
 * Each figure is wall time and CPU time (user + system): on a machine shared with other work the
 * wall times swell and the CPU times hold. Memory: the peak RSS during each phase (Linux VmHWM,
 * reset at each phase mark) and the V8 heap and array buffers (sql.js's wasm memory) at its end.
 *   node out/bench/check.cjs [--sizes 10000,60000,200000] [--no-peer] [--no-floor] [--dir DIR: keep the files in DIR/<size>]
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'

import * as XLSX from 'xlsx'

import { runCheck } from '../../electron/cli/check'
import type { TimedPhase } from '../../shared/engine/commands/types'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../test/fixtures/generator/index.mts'
import { arg, ms } from './args'

const PHASES: TimedPhase[] = ['read', 'map', 'insert', 'match', 'findings', 'save', 'report']
const ROOT = resolve(__dirname, '../..')

interface Layout {
  master: number
  villageRows: number
  files: string[]
  formats: Record<string, number>
  bytes: number
  generateMs: number
}

interface CheckFigures {
  totalMs: number
  phases: Record<TimedPhase, number>
  /** CPU time (user + system, all threads of the process) per phase: what a busy shared machine does not inflate. */
  cpu: Record<TimedPhase, number>
  cpuMs: number
  /** Resident size (MB) when each phase last ended: where the peak builds up (sampled at the marks, so below the true peak). */
  rssAtEnd: Record<TimedPhase, number>
  /**
   * When each phase last ended (MB): V8's heap in use, and array buffers, which hold sql.js's wasm
   * memory (it grows and never shrinks) beside the files' bytes still held.
   */
  heapAtEnd: Record<TimedPhase, number>
  buffersAtEnd: Record<TimedPhase, number>
  /** Highest resident size (MB) during each phase (Linux: VmHWM, reset at each mark); empty where /proc does not allow it. */
  rssPeak: Partial<Record<TimedPhase, number>>
  findings: number
  /** SHA-256 of the report's findings and files (without the time of the run): same figure, same report. */
  digest: string
  peakRssMb: number
}

interface FloorFigures {
  wallMs: number
  masterMs: number
  villagesMs: number
  /** CPU time of the two reading threads together. */
  cpuMs: number
}

const grouped = (n: number) => n.toLocaleString('en-US')
const sec = (n: number) => `${(n / 1000).toFixed(1)} s`

/** Desa count and people per desa of a master size. */
function shape(size: number): { desa: number; people: number } {
  const desa = size >= 200_000 ? 60 : 20
  return { desa, people: Math.ceil(size / desa) }
}

/** Child: the master and the village files of one size, written to `dir`. */
function generate(dir: string, size: number): Layout {
  const t = performance.now()
  mkdirSync(dir, { recursive: true })
  const { desa, people } = shape(size)
  const s = generateScenario({ seed: 20261206, desaCount: desa, peoplePerDesa: people })
  writeFileSync(join(dir, 'master.xlsx'), writeMasterXlsx(s))
  const files: string[] = []
  const formats: Record<string, number> = {}
  let villageRows = 0
  const turns = ['xlsx', 'xls', 'ods'] as const
  let turn = 0
  for (const f of s.villageFiles) {
    const v = writeVillageFile(s, f)
    villageRows += f.rows.length
    let name = v.fileName
    let bytes = v.bytes
    if (name.endsWith('.xlsx')) {
      const format = turns[turn++ % turns.length]!
      if (format !== 'xlsx') {
        // Same cells and number formats (dates stay Excel dates), another container.
        const wb = XLSX.read(v.bytes, { type: 'array', cellNF: true, cellStyles: true })
        bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: format }) as ArrayBuffer)
        name = name.replace(/\.xlsx$/, `.${format}`)
      }
    }
    const ext = name.slice(name.lastIndexOf('.') + 1)
    formats[ext] = (formats[ext] ?? 0) + 1
    writeFileSync(join(dir, name), bytes)
    files.push(name)
  }
  const all = ['master.xlsx', ...files]
  return {
    master: s.master.length,
    villageRows,
    files,
    formats,
    bytes: all.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
    generateMs: ms(t)
  }
}

/** Child: `cermat check` in this process, timed per phase. */
async function check(dir: string, files: string[]): Promise<CheckFigures> {
  const out = mkdtempSync(join(tmpdir(), 'cermat-bench-check-out-'))
  const phases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<TimedPhase, number>
  const cpu = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<TimedPhase, number>
  const rssAtEnd = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<TimedPhase, number>
  const cpuNow = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const heapAtEnd = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<TimedPhase, number>
  const buffersAtEnd = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<TimedPhase, number>
  const rssPeak: Partial<Record<TimedPhase, number>> = {}
  let peakMb = highWaterMb() ?? 0
  let current: TimedPhase | null = null
  let since = 0
  let cpuSince = 0
  const mark = (name: TimedPhase | null) => {
    const now = performance.now()
    const cpuAt = cpuNow()
    const high = highWaterMb()
    if (current) {
      phases[current] += now - since
      cpu[current] += cpuAt - cpuSince
      const m = process.memoryUsage()
      rssAtEnd[current] = Math.max(rssAtEnd[current], Math.round(m.rss / 2 ** 20))
      heapAtEnd[current] = Math.round(m.heapUsed / 2 ** 20)
      buffersAtEnd[current] = Math.round(m.arrayBuffers / 2 ** 20)
      if (high !== null) rssPeak[current] = Math.max(rssPeak[current] ?? 0, high)
    }
    if (high !== null) {
      peakMb = Math.max(peakMb, high)
      resetHighWater()
    }
    current = name
    since = now
    cpuSince = cpuAt
  }
  try {
    const t = performance.now()
    const cpu0 = cpuNow()
    const code = await runCheck({
      master: join(dir, 'master.xlsx'),
      out,
      villages: files.map((f) => join(dir, f)),
      locale: 'id',
      appVersion: 'bench',
      log: () => undefined,
      phase: mark
    })
    mark(null)
    const totalMs = ms(t)
    const cpuMs = Math.round(cpuNow() - cpu0)
    if (code !== 0) throw new Error(`cermat check exited ${code}`)
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: unknown[]; files: unknown[] }
    const digest = createHash('sha256')
      .update(JSON.stringify([report.files, report.findings]))
      .digest('hex')
      .slice(0, 16)
    for (const p of PHASES) {
      phases[p] = Math.round(phases[p])
      cpu[p] = Math.round(cpu[p])
    }
    return {
      totalMs,
      phases,
      cpu,
      cpuMs,
      rssAtEnd,
      findings: report.findings.length,
      digest,
      heapAtEnd,
      buffersAtEnd,
      rssPeak,
      // The kernel's peak is reset at each mark, so the run's peak is the highest of the phases'.
      peakRssMb: highWaterMb() === null ? Math.round(process.resourceUsage().maxRSS / 1024) : peakMb
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** The process's highest resident size since the last reset (Linux VmHWM), MB; null without /proc. */
function highWaterMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : null
  } catch {
    return null
  }
}

/** Sets the peak back to the resident size now (Linux ≥ 4.0), so the next reading is the next phase's peak. */
function resetHighWater(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
  } catch {
    // Not Linux, or not allowed: the per-phase peaks stay cumulative.
  }
}

/** Reads files with SheetJS the way the app does (read-workbook.ts); CSV as text, so a NIK stays text. */
function readAll(dir: string, files: string[]): { ms: number; cpuMs: number } {
  const t = performance.now()
  const c = process.threadCpuUsage()
  for (const f of files) {
    const bytes = readFileSync(join(dir, f))
    if (f.endsWith('.csv')) XLSX.read(bytes.toString('utf8'), { type: 'string', dense: true, raw: true })
    else XLSX.read(bytes, { type: 'buffer', dense: true, cellFormula: true, cellStyles: true, cellNF: true, cellText: true })
  }
  const u = process.threadCpuUsage(c)
  return { ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000 }
}

/** Child: the parse floor, the master on one worker thread and the village files on the other. */
async function floor(dir: string, files: string[]): Promise<FloorFigures> {
  const t = performance.now()
  const run = (list: string[]) =>
    new Promise<{ ms: number; cpuMs: number }>((res, rej) => {
      const w = new Worker(__filename, { workerData: { dir, files: list } })
      w.once('message', (m: { ms: number; cpuMs: number }) => res(m))
      w.once('error', rej)
    })
  const [master, villages] = await Promise.all([run(['master.xlsx']), run(files)])
  return {
    wallMs: ms(t),
    masterMs: Math.round(master.ms),
    villagesMs: Math.round(villages.ms),
    cpuMs: Math.round(master.cpuMs + villages.cpuMs)
  }
}

/** Python with pandas and the readers of the four formats, or why not. */
function python(): { exe: string } | { note: string } {
  for (const exe of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(exe, ['-c', 'import pandas, openpyxl, xlrd, odf'], { encoding: 'utf8' })
    if (r.status === 0) return { exe }
  }
  return {
    note: 'peer skipped: python3 with pandas, openpyxl, xlrd and odfpy not found (Debian python3-pandas python3-openpyxl python3-xlrd python3-odf)'
  }
}

interface PeerFigures {
  wallMs: number
  cpuMs: number
  merged: number
  peakRssMb: number
}

function peer(exe: string, dir: string, files: string[]): PeerFigures | { note: string } {
  const script = join(ROOT, 'scripts/bench/check-peer.py')
  const r = spawnSync(exe, [script, dir, ...files], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0) return { note: `peer failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}` }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as PeerFigures
}

function child<T>(args: string[]): T {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', __filename, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  if (r.status !== 0) throw new Error(`${args[0]} failed (${r.status})`)
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '10000,60000,200000').split(',').map(Number)
  const keep = arg('dir', '')
  const py = process.argv.includes('--no-peer') ? { note: 'peer skipped (--no-peer)' } : python()
  console.log(`Cermat check benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform})`)
  const rows: string[][] = []
  for (const size of sizes) {
    // --dir keeps the generated files (DIR/<size>) for the next run, e.g. under --cpu-prof.
    const dir = keep ? join(keep, String(size)) : mkdtempSync(join(tmpdir(), 'cermat-bench-check-'))
    const saved = join(dir, 'layout.json')
    try {
      const layout =
        keep && existsSync(saved) ? (JSON.parse(readFileSync(saved, 'utf8')) as Layout) : child<Layout>(['--generate', dir, String(size)])
      if (keep) writeFileSync(saved, JSON.stringify(layout))
      const files = ['--files', layout.files.join('|')]
      console.log(
        `\n${grouped(layout.master)} people, ${layout.files.length} village files (${Object.entries(layout.formats)
          .map(([f, n]) => `${n} ${f}`)
          .join(
            ', '
          )}), ${grouped(layout.villageRows)} village rows, ${(layout.bytes / 1e6).toFixed(1)} MB; generated in ${sec(layout.generateMs)}`
      )
      const c = child<CheckFigures>(['--check', dir, ...files])
      const f = process.argv.includes('--no-floor') ? null : child<FloorFigures>(['--floor', dir, ...files])
      const p = 'exe' in py ? peer(py.exe, dir, layout.files) : py
      const both = (wall: number, cpu: number) => `${sec(wall)} / ${sec(cpu)}`
      console.log(
        `  check ${both(c.totalMs, c.cpuMs)} wall / CPU (${PHASES.map((ph) => `${ph} ${both(c.phases[ph], c.cpu[ph])}`).join(', ')}), ${grouped(c.findings)} findings (report digest ${c.digest}), peak RSS ${c.peakRssMb} MB (highest during ${PHASES.map((ph) => `${ph} ${c.rssPeak[ph] ?? '?'}`).join(', ')}; at the end of ${PHASES.map((ph) => `${ph} ${c.rssAtEnd[ph]} (heap ${c.heapAtEnd[ph]}, buffers ${c.buffersAtEnd[ph]})`).join(', ')} MB)`
      )
      if (f) {
        const afterParse = c.cpuMs - c.cpu.read
        console.log(
          `  parse floor ${sec(f.wallMs)} wall on 2 threads (master ${sec(f.masterMs)}, village files ${sec(f.villagesMs)}; ${sec(f.cpuMs)} CPU): check / floor ×${(c.totalMs / f.wallMs).toFixed(2)} wall (target ≤ 1.25), ×${(c.cpuMs / f.cpuMs).toFixed(2)} CPU; CPU after parsing ${sec(afterParse)} = ${Math.round((afterParse / f.cpuMs) * 100)} % of the parsing CPU (target ≤ 25 %)`
        )
      }
      if ('wallMs' in p)
        console.log(
          `  peer (pandas read + merge on NIK) ${both(p.wallMs, p.cpuMs)} wall / CPU, ${grouped(p.merged)} rows merged, peak RSS ${p.peakRssMb} MB: peer / check ×${(p.wallMs / c.totalMs).toFixed(2)} wall, ×${(p.cpuMs / c.cpuMs).toFixed(2)} CPU (target ≥ 5)`
        )
      else console.log(`  ${p.note}`)
      rows.push([
        grouped(layout.master),
        grouped(layout.villageRows),
        ...PHASES.map((ph) => both(c.phases[ph], c.cpu[ph])),
        both(c.totalMs, c.cpuMs),
        f ? both(f.wallMs, f.cpuMs) : 'n/a',
        'wallMs' in p ? both(p.wallMs, p.cpuMs) : 'n/a',
        `${c.peakRssMb} MB`
      ])
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(`\nwall / CPU per phase:\n| master | village rows | ${PHASES.join(' | ')} | check | parse floor | peer | peak RSS |`)
  console.log(`|${'---:|'.repeat(PHASES.length + 6)}`)
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
}

if (!isMainThread) {
  const { dir, files } = workerData as { dir: string; files: string[] }
  parentPort!.postMessage(readAll(dir, files))
} else if (process.argv.includes('--generate')) {
  const dir = arg('generate', '')
  process.stdout.write(JSON.stringify(generate(dir, Number(process.argv[process.argv.indexOf('--generate') + 2]))) + '\n')
} else if (process.argv.includes('--check') || process.argv.includes('--floor')) {
  const which = process.argv.includes('--check') ? 'check' : 'floor'
  const dir = arg(which, '')
  const files = arg('files', '').split('|')
  ;(which === 'check' ? check(dir, files) : floor(dir, files)).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    }
  )
} else {
  main().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}
