/**
 * `npm run bench:read`: the master extract read by the fast xlsx reader (read-xlsx-fast.ts) and by
 * SheetJS (readWorkbook's other route), each read in a fresh process (its own peak RSS), the two
 * interleaved round after round (order swapped each round), so a busy machine slows both alike.
 * Prints CPU (user + system of the reading thread), wall, peak RSS and a digest of the cells read:
 * the same digest both ways is the same result.
 *   node out/bench/read.cjs [--sizes 10000,60000] [--rounds 3] [--dir DIR: keep the masters in DIR/<size>]
 * One read alone (e.g. under --cpu-prof): node out/bench/read.cjs --one fast|sheetjs FILE
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

import { DEFAULT_LIMITS, readWorkbookTraced } from '../../shared/engine/import/read-workbook'
import { generateScenario, writeMasterXlsx } from '../../test/fixtures/generator/index.mts'
import { arg } from './args'

interface Figures {
  route: string
  cpuMs: number
  wallMs: number
  peakRssMb: number
  digest: string
}

const ROUTES = ['fast', 'sheetjs'] as const

if (process.argv.includes('--one')) {
  // Child: one read of one file by one route.
  const route = process.argv[process.argv.indexOf('--one') + 1] as (typeof ROUTES)[number]
  const path = process.argv[process.argv.indexOf('--one') + 2]!
  const bytes = new Uint8Array(readFileSync(path))
  const c = process.threadCpuUsage()
  const t = performance.now()
  const trace = readWorkbookTraced(bytes, 'master.xlsx', DEFAULT_LIMITS, {}, route === 'fast' ? 'auto' : 'sheetjs')
  const wallMs = performance.now() - t
  const u = process.threadCpuUsage(c)
  const digest = createHash('sha256').update(JSON.stringify(trace.data)).digest('hex').slice(0, 16)
  const out: Figures = {
    route: trace.route,
    cpuMs: Math.round((u.user + u.system) / 1000),
    wallMs: Math.round(wallMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    digest
  }
  console.log(JSON.stringify(out))
} else {
  const sizes = arg('sizes', '10000,60000').split(',').map(Number)
  const rounds = Number(arg('rounds', '3'))
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')
  console.log(`bench:read — ${rounds} rounds, load average ${load()}`)
  for (const size of sizes) {
    const keep = arg('dir', '')
    const dir = keep ? join(keep, String(size)) : mkdtempSync(join(tmpdir(), 'cermat-read-'))
    try {
      const path = join(dir, 'master.xlsx')
      if (!existsSync(path)) {
        mkdirSync(dir, { recursive: true })
        const desa = size >= 200_000 ? 60 : 20
        const s = generateScenario({ seed: 20261206, desaCount: desa, peoplePerDesa: Math.ceil(size / desa) })
        writeFileSync(path, writeMasterXlsx(s))
      }
      const all: Record<string, Figures[]> = { fast: [], sheetjs: [] }
      for (let r = 0; r < rounds; r++) {
        for (const route of r % 2 === 0 ? ROUTES : [...ROUTES].reverse()) {
          const p = spawnSync(process.execPath, ['--max-old-space-size=4096', __filename, '--one', route, path], { encoding: 'utf8' })
          if (p.status !== 0) throw new Error(p.stderr)
          const f = JSON.parse(p.stdout.trim().split('\n').pop()!) as Figures
          all[route]!.push(f)
          console.log(
            `  ${size} ${route.padEnd(7)} route ${f.route.padEnd(7)} CPU ${f.cpuMs} ms, wall ${f.wallMs} ms, peak RSS ${f.peakRssMb} MB, cells ${f.digest} (load ${load()})`
          )
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
      const fast = all.fast!
      const slow = all.sheetjs!
      const ratios = fast.map((f, i) => f.cpuMs / slow[i]!.cpuMs)
      const same = new Set([...fast, ...slow].map((f) => f.digest)).size === 1
      console.log(
        `${size} people (${readFileSync(path).length} bytes): CPU fast ${median(fast.map((f) => f.cpuMs))} ms vs SheetJS ${median(slow.map((f) => f.cpuMs))} ms (median), ` +
          `fast/SheetJS per round ${ratios.map((x) => x.toFixed(2)).join(', ')}; peak RSS ${median(fast.map((f) => f.peakRssMb))} vs ${median(slow.map((f) => f.peakRssMb))} MB; ` +
          `same cells: ${same ? 'yes' : 'NO'}`
      )
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true })
    }
  }
}
