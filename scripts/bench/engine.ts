/**
 * `npm run bench:engine` (and first in `npm run bench`): engine figures at growing sizes, each size
 * in a fresh process (so peak RSS is that size's own): master import, village imports, matching,
 * the first full view, edit latency, snapshot cost. Data from the seeded generator (10 desa,
 * realistic village files with defects). Edits and the bulk accept are also timed in CPU time
 * (process.cpuUsage, user + system, the engine runs in this process): at a load of 10–30 wall time is
 * noise, CPU time is not. Edits are timed twice: before any package, and after one and the summary
 * the export screen reads next (the board's "sent" then counts the next package in every summary).
 *   node out/bench/engine.cjs [--sizes 10000,50000] [--edits 30] [--bulk 5000] [--clear] [--trace]
 * --bulk caps the findings of the bulk accept (issue 17's target is 2,000 at 200,000 people).
 * --clear writes the workspace in the clear (as before encryption at rest), to compare with older builds.
 */
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { keyIdOf, rawPublicKey } from '../../electron/engine-host/key-store'
import type { Engine } from '../../shared/engine/engine'
import type { Signer } from '../../shared/engine/ports'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../test/fixtures/generator/index.mts'
import { arg, ms } from './args'
import { openBenchEngine } from './open-engine'

interface Figures {
  master: number
  village: number
  generateMs: number
  masterBytes: number
  masterImportMs: number
  villageImportMs: number
  listRowsMs: number
  editMedianMs: number
  editP95Ms: number
  /** CPU time (user + system) of each edit, its summary included: p50 / p95. */
  editCpuP50Ms: number
  editCpuP95Ms: number
  /** The same edits once a package exists. */
  editAfterExportP50Ms: number
  editAfterExportP95Ms: number
  editAfterExportCpuP50Ms: number
  editAfterExportCpuP95Ms: number
  bulkCount: number
  bulkMs: number
  bulkCpuMs: number
  bulkUndoMs: number
  bulkUndoCpuMs: number
  exportMs: number
  /** CPU of the summary the board reads right after the export (the app's export screen does): the cache refill. */
  exportSummaryCpuMs: number
  summaryMs: number
  snapshotMs: number
  snapshotBytes: number
  /** Median snapshot save (export + seal + write + fsync), written in the clear and encrypted, same data. */
  snapshotClearMs: number
  snapshotSealedMs: number
  peakRssMb: number
}

/** CPU milliseconds (user + system) since `start` (process.cpuUsage()). */
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(start)
  return (d.user + d.system) / 1000
}

const at = (sorted: number[], q: number): number => Math.round(sorted[Math.floor(sorted.length * q)] ?? 0)

/** `edits` cell edits of these rows, wall and CPU time of each (edit answered: changed rows and summary). */
async function timeEdits(engine: Engine, rows: { id: string }[], label: string): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = []
  const cpu: number[] = []
  for (const [i, r] of rows.entries()) {
    const t = performance.now()
    const c = process.cpuUsage()
    await engine.editCell({ rowId: r.id, field: 'alamat', value: `JALAN ${label} ${i}` })
    cpu.push(cpuMs(c))
    wall.push(performance.now() - t)
  }
  // `--trace`: each edit's CPU in order, to tell a slow first edit or a periodic cost from noise.
  if (process.argv.includes('--trace')) process.stderr.write(`${label} CPU ms: ${cpu.map(Math.round).join(' ')}\n`)
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) }
}

/** A throwaway Ed25519 signer: the bench's package is saved nowhere. */
function benchSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

async function one(masterSize: number, edits: number, clear: boolean, bulkMax: number): Promise<Figures> {
  const desaCount = 10
  let t = performance.now()
  const scenario = generateScenario({ seed: 20261123, desaCount, peoplePerDesa: Math.round(masterSize / desaCount) })
  const master = writeMasterXlsx(scenario)
  const villages = scenario.villageFiles.map((f) => writeVillageFile(scenario, f))
  const generateMs = ms(t)
  const dir = mkdtempSync(join(tmpdir(), 'cermat-bench-'))
  try {
    const mode = { encrypted: !clear }
    const engine = await openBenchEngine(dir, undefined, mode)
    t = performance.now()
    await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: master })
    const masterImportMs = ms(t)
    t = performance.now()
    let villageRows = 0
    for (const v of villages)
      villageRows += (await engine.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes })).source.rows
    const villageImportMs = ms(t)
    t = performance.now()
    const rows = await engine.rows()
    const listRowsMs = ms(t)
    const editable = rows.filter((r) => r.kind === 'village').slice(0, edits)
    const before = await timeEdits(engine, editable, 'BENCH')
    // A bulk action as an operator does it (accept every name/field difference shown, up to the
    // 5,000 a bulk may take, or --bulk), its one-step undo, then the summary the board reads after each action.
    const bulkKeys = (await engine.rows())
      .flatMap((r) => r.findings.filter((f) => f.code === 'FIELD_MISMATCH' && f.status === 'open').map((f) => f.key))
      .slice(0, bulkMax)
    // Three rounds of accept and undo (the same work each time), medians reported: one round's
    // figure swings too much on a loaded machine to tell 10% apart. The last accept is kept.
    const bulk: Record<'wall' | 'cpu' | 'undoWall' | 'undoCpu', number[]> = { wall: [], cpu: [], undoWall: [], undoCpu: [] }
    for (let round = 0; round < 3; round++) {
      if (round > 0) await engine.undo('undo')
      t = performance.now()
      let c = process.cpuUsage()
      await engine.resolveMany({ findingKeys: bulkKeys, action: 'accept_village' })
      bulk.cpu.push(cpuMs(c))
      bulk.wall.push(performance.now() - t)
      t = performance.now()
      c = process.cpuUsage()
      await engine.undo('undo')
      bulk.undoCpu.push(cpuMs(c))
      bulk.undoWall.push(performance.now() - t)
      await engine.undo('redo')
    }
    const mid = (xs: number[]) =>
      at(
        [...xs].sort((a, b) => a - b),
        0.5
      )
    // One package of every desa: from here each summary also builds the next package's change list.
    const desaNames = (await engine.summary()).byDesa.map((d) => d.desa).filter((d) => d !== '')
    t = performance.now()
    await engine.exportPackage(desaNames, benchSigner(), async (_bytes, name) => ({ fileName: name, location: join(dir, name) }))
    const exportMs = ms(t)
    // The app's export screen reads the board's summary right after a package (store/exports.ts);
    // so does the bench, so the first edit after it is timed as in the app, not as a cache refill.
    const c = process.cpuUsage()
    await engine.summary()
    const exportSummaryCpuMs = Math.round(cpuMs(c))
    const after = await timeEdits(engine, editable, 'SESUDAH PAKET')
    const summaryTimes: number[] = []
    for (let i = 0; i < 10; i++) {
      t = performance.now()
      await engine.summary()
      summaryTimes.push(performance.now() - t)
    }
    summaryTimes.sort((a, b) => a - b)
    t = performance.now()
    await engine.checkpointIfDirty()
    const snapshotMs = ms(t)
    const { statSync, readdirSync } = await import('node:fs')
    const snapshot = readdirSync(dir)
      .filter((f) => f.startsWith('snapshot-'))
      .sort()
      .pop()!
    const snapshotBytes = statSync(join(dir, snapshot)).size
    // Before/after encryption at rest: the same database saved in turn in the clear and encrypted.
    const saves: Record<'clear' | 'sealed', number[]> = { clear: [], sealed: [] }
    for (let i = 0; i < 5; i++) {
      for (const way of ['clear', 'sealed'] as const) {
        mode.encrypted = way === 'sealed'
        await engine.editCell({ rowId: editable[0]!.id, field: 'alamat', value: `JALAN SNAPSHOT ${i} ${way}` })
        t = performance.now()
        await engine.checkpointIfDirty()
        saves[way].push(performance.now() - t)
      }
    }
    mode.encrypted = !clear
    const median = (xs: number[]) => Math.round(xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!)
    await engine.close()
    return {
      master: scenario.master.length,
      village: villageRows,
      generateMs,
      masterBytes: master.length,
      masterImportMs,
      villageImportMs,
      listRowsMs,
      editMedianMs: at(before.wall, 0.5),
      editP95Ms: at(before.wall, 0.95),
      editCpuP50Ms: at(before.cpu, 0.5),
      editCpuP95Ms: at(before.cpu, 0.95),
      editAfterExportP50Ms: at(after.wall, 0.5),
      editAfterExportP95Ms: at(after.wall, 0.95),
      editAfterExportCpuP50Ms: at(after.cpu, 0.5),
      editAfterExportCpuP95Ms: at(after.cpu, 0.95),
      bulkCount: bulkKeys.length,
      bulkMs: mid(bulk.wall),
      bulkCpuMs: mid(bulk.cpu),
      bulkUndoMs: mid(bulk.undoWall),
      bulkUndoCpuMs: mid(bulk.undoCpu),
      exportMs,
      exportSummaryCpuMs,
      summaryMs: Math.round(summaryTimes[5]!),
      snapshotMs,
      snapshotBytes,
      snapshotClearMs: median(saves.clear),
      snapshotSealedMs: median(saves.sealed),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function table(rows: Figures[]): string {
  const head = [
    'master',
    'desa rows',
    'master import',
    'rows/s',
    'villages import',
    'rows/s',
    'full view',
    'edit p50/p95',
    'edit CPU p50/p95',
    'after a package: edit / CPU',
    'bulk accept (n) / undo',
    'bulk / undo CPU',
    'summary (after export, CPU)',
    'snapshot',
    'snapshot clear/encrypted',
    'peak RSS'
  ]
  const body = rows.map((f) => [
    String(f.master),
    String(f.village),
    `${f.masterImportMs} ms`,
    String(Math.round(f.master / (f.masterImportMs / 1000))),
    `${f.villageImportMs} ms`,
    String(Math.round(f.village / (f.villageImportMs / 1000))),
    `${f.listRowsMs} ms`,
    `${f.editMedianMs}/${f.editP95Ms} ms`,
    `${f.editCpuP50Ms}/${f.editCpuP95Ms} ms`,
    `${f.editAfterExportP50Ms}/${f.editAfterExportP95Ms} / ${f.editAfterExportCpuP50Ms}/${f.editAfterExportCpuP95Ms} ms`,
    `${f.bulkMs} ms (${f.bulkCount}) / ${f.bulkUndoMs} ms`,
    `${f.bulkCpuMs} / ${f.bulkUndoCpuMs} ms`,
    `${f.summaryMs} ms (${f.exportSummaryCpuMs} ms)`,
    `${f.snapshotMs} ms, ${(f.snapshotBytes / 1e6).toFixed(1)} MB`,
    `${f.snapshotClearMs}/${f.snapshotSealedMs} ms (×${(f.snapshotSealedMs / Math.max(1, f.snapshotClearMs)).toFixed(2)})`,
    `${f.peakRssMb} MB`
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  return [head, ...body].map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n')
}

async function main(): Promise<void> {
  const edits = Number(arg('edits', '30'))
  const clear = process.argv.includes('--clear')
  const bulk = Math.min(5000, Number(arg('bulk', '5000')))
  if (process.argv.includes('--one')) {
    process.stdout.write(JSON.stringify(await one(Number(arg('one', '10000')), edits, clear, bulk)) + '\n')
    return
  }
  const sizes = arg('sizes', '10000,50000').split(',').map(Number)
  const results: Figures[] = []
  for (const size of sizes) {
    const child = spawnSync(
      process.execPath,
      [__filename, '--one', String(size), '--edits', String(edits), '--bulk', String(bulk), ...(clear ? ['--clear'] : [])],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24
      }
    )
    if (child.status !== 0) throw new Error(`size ${size}: ${child.stderr}`)
    results.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Figures)
    process.stderr.write(`  ${size} done\n`)
  }
  const where = clear ? 'workspace in the clear' : 'workspace encrypted at rest'
  console.log(
    `Cermat engine benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${edits} edits per size, ${where})\n`
  )
  console.log(table(results))
  console.log('\nmaster import = read + parse xlsx + store + match; villages = all 10 files; full view = listRows of everything;')
  console.log('edit = one cell edit answered (journal fsync, recompute of the rows sharing its NIK, changed rows, summary);')
  console.log('CPU = process.cpuUsage user + system of the same (the engine runs in the bench process): the figure to compare under load.')
  console.log('after a package = the same edits once every desa was exported (each summary then builds the next package).')
  console.log('bulk accept = every open FIELD_MISMATCH accepted in one resolveMany (one command, one undo step); undo = taking it back;')
  console.log('  median of three rounds of accept and undo (the same work each round).')
  console.log('summary = the counts and per-desa board status read after every action (median of 10, audit log holding the above).')
  console.log(
    'snapshot = the first snapshot after all of it (encrypted, as the app saves); clear/encrypted = median of 5 saves each of the'
  )
  console.log(
    'same database, alternating, written in the clear (before encryption at rest) and sealed with AES-256-GCM (after), with the ratio.'
  )
}

void main()
