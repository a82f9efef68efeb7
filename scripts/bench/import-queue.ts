/**
 * `npm run bench:import -- --queue` (needs `npm run build`): the app's import route against the
 * parse floor (issue 17: master + 20 village files imported ≤ 1.5 × the floor). The kecamatan
 * files of `bench:check` (its generator, or a folder it kept with --dir) are imported as the app
 * imports them: the engine worker (out/main/engine-worker.js) on a durable, encrypted workspace,
 * files read in a pool of parse processes (child processes standing in for utilityProcess, one
 * per core), called through EngineClient in the order of the import queue (renderer/src/store/
 * import.ts: readAhead, then inspectFile and the import per file; the master first). Each run is a
 * fresh process; runs alternate floor, before (no read-ahead, every read sent to the pool as it
 * comes: the queue as it was), after. Wall time of the queue, and CPU time of the process and its
 * parse processes (/proc: what a shared machine does not inflate), with the load average.
 *   node out/bench/import.cjs --queue [--size 10000] [--pairs 2] [--dir DIR]
 */
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { EngineClient } from '../../electron/engine-host/client'
import { forkParser } from '../../electron/engine-host/parse-fork'
import type { ParcelPort } from '../../electron/engine-host/parse-pack'
import { ParsePool, poolSize } from '../../electron/engine-host/parse-pool'
import { aheadEnd } from '../../shared/api/read-ahead'
import type { ParsePort } from '../../shared/engine/import/parse-port'
import { arg, ms } from './args'

const ROOT = resolve(__dirname, '../..')
const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')
const sec = (n: number) => `${(n / 1000).toFixed(1)} s`

interface Layout {
  master: number
  villageRows: number
  files: string[]
  bytes: number
}

interface RunFigures {
  wallMs: number
  /** This process (host, engine worker) and its parse processes, user + system. */
  cpuMs: number
  /** Reads that reached the parse pool. */
  reads: number
  imported: number
  load: number
}

interface FloorFigures {
  wallMs: number
  cpuMs: number
}

/** CPU time of this process and of its children that have ended (clock ticks of 10 ms). */
function treeCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
  // utime, stime, cutime, cstime: fields 14–17 of stat, 12–15 after "pid (comm) ".
  return [11, 12, 13, 14].reduce((n, i) => n + Number(fields[i]), 0) * 10
}

/** Child: master then village files through the app's route; `ahead` false is the queue as it was. */
async function run(dir: string, files: string[], ahead: boolean): Promise<RunFigures> {
  const ws = mkdtempSync(join(tmpdir(), 'cermat-bench-queue-'))
  const pool = new ParsePool({ start: forkParser(join(ROOT, 'out/main/parse-child.js')), sha256, size: poolSize(availableParallelism()) })
  let reads = 0
  // Counted on both routes: parcels (kept packed to the worker, this build) and whole workbooks.
  const parser: ParsePort & ParcelPort = {
    parse: (bytes, fileName, limits) => {
      reads++
      return pool.parse(bytes, fileName, limits)
    },
    parseParcel: (bytes, fileName, limits) => {
      reads++
      return pool.parseParcel(bytes, fileName, limits)
    }
  }
  const key = randomBytes(32)
  const client = new EngineClient({
    parser,
    readAhead: ahead,
    workerPath: join(ROOT, 'out/main/engine-worker.js'),
    init: { appVersion: 'bench', defaultOperator: 'bench' },
    onProgress: () => undefined,
    dataKey: async () => key
  })
  const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }
  try {
    ok(await client.open(ws, 'bench'))
    const cpu0 = treeCpuMs()
    const t = performance.now()
    let imported = 0
    // As the store's importQueue: the next files go ahead before each turn, then inspect and import.
    const queue = async (kind: 'master' | 'village', names: string[]) => {
      const bytes = names.map((n) => new Uint8Array(readFileSync(join(dir, n))))
      let announced = 0
      for (let i = 0; i < names.length; i++) {
        const end = aheadEnd(
          bytes.map((b) => b.length),
          i
        )
        const next = names.slice(Math.max(announced, i), end).map((n, j) => ({ fileName: n, bytes: bytes[Math.max(announced, i) + j]! }))
        announced = Math.max(announced, end)
        if (next.length > 0) ok(await client.call('readAhead', { files: next }))
        const file = { fileName: names[i]!, bytes: bytes[i]! }
        ok(await client.call('inspectFile', { kind, ...file }))
        const args = { taskId: `t${i}`, ...file }
        ok(await (kind === 'master' ? client.call('importMaster', args) : client.call('importVillage', { ...args, onExisting: 'add' })))
        imported++
      }
      ok(await client.call('readAhead', { files: [] }))
      // As the app asks after each queue: answered once the queue's snapshot is written (a call in turn).
      ok(await client.call('getWorkspace', {}))
    }
    await queue('master', ['master.xlsx'])
    await queue('village', files)
    const wallMs = ms(t)
    // The parse processes' CPU counts once they have ended (and been waited for).
    pool.close()
    while (pool.pids.length > 0) await new Promise((r) => setTimeout(r, 20))
    return { wallMs, cpuMs: treeCpuMs() - cpu0, reads, imported, load: loadavg()[0]! }
  } finally {
    await client.stop()
    pool.close()
    rmSync(ws, { recursive: true, force: true })
  }
}

function node(script: string, args: string[]): string {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  if (r.status !== 0) throw new Error(`${args[0]} failed (${r.status})`)
  return r.stdout.trim().split('\n').pop()!
}

export async function queueBench(): Promise<void> {
  if (process.argv.includes('--queue-run')) {
    const figures = await run(arg('queue-run', ''), arg('files', '').split('|'), arg('ahead', 'on') === 'on')
    process.stdout.write(JSON.stringify(figures) + '\n')
    return
  }
  for (const built of ['out/main/engine-worker.js', 'out/main/parse-child.js', 'out/bench/check.cjs'])
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} missing: run \`npm run build\` (and the bench build) first`)
  const size = Number(arg('size', '10000'))
  const pairs = Number(arg('pairs', '2'))
  const keep = arg('dir', '')
  const dir = keep ? join(keep, String(size)) : mkdtempSync(join(tmpdir(), 'cermat-bench-queue-files-'))
  const check = join(ROOT, 'out/bench/check.cjs')
  try {
    const saved = join(dir, 'layout.json')
    const layout = existsSync(saved)
      ? (JSON.parse(readFileSync(saved, 'utf8')) as Layout)
      : (JSON.parse(node(check, ['--generate', dir, String(size)])) as Layout)
    writeFileSync(saved, JSON.stringify(layout))
    const files = layout.files
    const masterBytes = statSync(join(dir, 'master.xlsx')).size
    console.log(
      `Cermat import queue, app route (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores): ` +
        `master ${layout.master.toLocaleString('en-US')} people (${(masterBytes / 1e6).toFixed(1)} MB) + ${files.length} village files, ` +
        `${layout.villageRows.toLocaleString('en-US')} rows, ${(layout.bytes / 1e6).toFixed(1)} MB`
    )
    const runs: { floor: FloorFigures[]; before: RunFigures[]; after: RunFigures[] } = { floor: [], before: [], after: [] }
    for (let p = 0; p < pairs; p++) {
      const floor = JSON.parse(node(check, ['--floor', dir, '--files', files.join('|')])) as FloorFigures
      runs.floor.push(floor)
      console.log(`  floor  ${sec(floor.wallMs)} wall / ${sec(floor.cpuMs)} CPU (load ${loadavg()[0]!.toFixed(1)})`)
      for (const ahead of [false, true]) {
        const r = JSON.parse(
          node(__filename, ['--queue', '--queue-run', dir, '--files', files.join('|'), '--ahead', ahead ? 'on' : 'off'])
        ) as RunFigures
        runs[ahead ? 'after' : 'before'].push(r)
        console.log(
          `  ${ahead ? 'after ' : 'before'} ${sec(r.wallMs)} wall / ${sec(r.cpuMs)} CPU, ${r.reads} reads for ${r.imported} files, ` +
            `÷ floor ×${(r.wallMs / floor.wallMs).toFixed(2)} wall, ×${(r.cpuMs / floor.cpuMs).toFixed(2)} CPU (load ${r.load.toFixed(1)})`
        )
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const m = (k: 'before' | 'after', f: 'wallMs' | 'cpuMs') => median(runs[k].map((r) => r[f]))
    const fw = median(runs.floor.map((f) => f.wallMs))
    const fc = median(runs.floor.map((f) => f.cpuMs))
    console.log(
      `\nmedians: floor ${sec(fw)} / ${sec(fc)}; before ${sec(m('before', 'wallMs'))} / ${sec(m('before', 'cpuMs'))} (×${(m('before', 'wallMs') / fw).toFixed(2)} floor); ` +
        `after ${sec(m('after', 'wallMs'))} / ${sec(m('after', 'cpuMs'))} (×${(m('after', 'wallMs') / fw).toFixed(2)} floor, target ≤ 1.5); ` +
        `after ÷ before ×${(m('after', 'wallMs') / m('before', 'wallMs')).toFixed(2)} wall, ×${(m('after', 'cpuMs') / m('before', 'cpuMs')).toFixed(2)} CPU`
    )
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
}
