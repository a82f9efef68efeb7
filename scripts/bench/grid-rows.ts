/**
 * `node out/bench/grid-rows.cjs [--desa 20] [--people 3000] [--keep DIR] [--repeat 3]`: the engine
 * side of the grid's loading, in Node, in CPU time (the machine is shared: wall time is noise).
 * Every piece the renderer asks for (a first small piece, then pieces of PAGE rows), timed as the
 * engine builds it, and the same rows as one JSON (the old reply) beside the packed page, interleaved.
 * `--keep DIR` keeps a clear-text workspace there between runs (setup is ~40 s).
 */
import { existsSync, mkdirSync } from 'node:fs'

import { loadSql, nowIso, randomId, sha256 } from '../../electron/engine-host/node-ports'
import { NodeStorage } from '../../electron/engine-host/node-storage'
import { decodeRows } from '../../shared/api/rows-codec'
import { Engine } from '../../shared/engine/engine'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../test/fixtures/generator/index.mts'
import { arg, ms } from './args'

/** As renderer/src/store/rows.ts asks (FIRST_PAGE, PAGE). */
const FIRST_PAGE = Number(arg('first', '300'))
const PAGE = Number(arg('page', '10000'))

const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

async function main(): Promise<void> {
  const dir = arg('keep', `/tmp/cermat-bench-grid-rows-${arg('desa', '20')}x${arg('people', '3000')}`)
  const fresh = !existsSync(`${dir}/ready`)
  mkdirSync(dir, { recursive: true })
  // In the clear and without the key check, so a kept workspace opens again in the next run.
  const engine = await Engine.open({
    sql: await loadSql(),
    storage: new NodeStorage(dir),
    now: nowIso,
    sha256,
    randomId,
    defaultOperator: 'bench',
    appVersion: 'bench',
    progress: () => undefined
  })
  if (fresh) {
    const t = performance.now()
    const scenario = generateScenario({
      seed: 20261123,
      desaCount: Number(arg('desa', '20')),
      peoplePerDesa: Number(arg('people', '3000'))
    })
    await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: writeMasterXlsx(scenario) })
    for (const f of scenario.villageFiles) {
      const v = writeVillageFile(scenario, f)
      await engine.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes })
    }
    mkdirSync(`${dir}/ready`)
    console.log(`setup: ${ms(t)} ms`)
  }
  if (process.argv.includes('--strings')) {
    const p = (await engine.rowsPacked({ limit: 2000 })).rows
    console.log(
      `2,000 rows: strings ${JSON.stringify(p.strings).length} B, cells ${p.cells.byteLength} B, findings ${p.findings.byteLength} B`
    )
    console.log(p.strings.slice(0, 400).join(' | '))
  }
  const repeat = Number(arg('repeat', '3'))
  for (let i = 0; i < repeat; i++) {
    let c = cpu()
    let t = performance.now()
    const all = await engine.rows()
    console.log(`engine.rows() (all rows as objects): ${Math.round(cpu() - c)} ms CPU, ${ms(t)} ms wall, ${all.length} rows`)
    c = cpu()
    const json = JSON.stringify(all)
    const stringifyCpu = cpu() - c
    c = cpu()
    JSON.parse(json)
    console.log(
      `  JSON of those: stringify ${Math.round(stringifyCpu)} ms CPU, parse ${Math.round(cpu() - c)} ms CPU, ${(json.length / 1e6).toFixed(1)} MB`
    )

    c = cpu()
    t = performance.now()
    let first = 0
    let bytes = 0
    let decodeCpu = 0
    let n = 0
    let cursor: string | null | undefined
    do {
      const page = await engine.rowsPacked({ ...(cursor ? { cursor } : {}), limit: cursor ? PAGE : FIRST_PAGE })
      if (!first) first = cpu() - c
      bytes += page.rows.cells.byteLength + page.rows.findings.byteLength + JSON.stringify(page.rows.strings).length
      const d = cpu()
      n += decodeRows(page.rows).length
      decodeCpu += cpu() - d
      cursor = page.next
    } while (cursor)
    console.log(
      `packed pieces (${FIRST_PAGE}, then ${PAGE}): first piece ${Math.round(first)} ms CPU, all ${Math.round(cpu() - c - decodeCpu)} ms CPU ` +
        `(${ms(t)} ms wall incl. decode), ${(bytes / 1e6).toFixed(1)} MB; decode ${Math.round(decodeCpu)} ms CPU, ${n} rows`
    )
  }
  await engine.close()
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
