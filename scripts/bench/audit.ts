/**
 * `npm run bench:audit`: opening a workspace of 50,000 people with a long audit log, the audit
 * chain checked incrementally (only what is new since the last snapshot) against the full check
 * (from the first entry) that runs before every export and in `cermat audit verify`.
 *   node out/bench/audit.cjs [--size 50000] [--entries 200000]
 * The long log is made by appending chained entries with the engine's own audit() (a year of
 * decisions without running them), then one edit and a snapshot, as the app leaves a workspace.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { dataCipher } from '../../electron/engine-host/data-cipher'
import { loadSql, nowIso, randomId, sha256 } from '../../electron/engine-host/node-ports'
import { NodeStorage } from '../../electron/engine-host/node-storage'
import { audit } from '../../shared/engine/audit'
import { checkAuditFull, checkAuditSincePoint } from '../../shared/engine/audit-check'
import type { Db } from '../../shared/engine/db'
import { Engine } from '../../shared/engine/engine'
import { openEncrypted } from '../../shared/engine/store/encryption'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../test/fixtures/generator/index.mts'
import { arg, ms } from './args'

const key = randomBytes(32)

async function open(dir: string): Promise<Engine> {
  const { storage } = await openEncrypted(new NodeStorage(dir), dataCipher(key))
  return Engine.open({
    sql: await loadSql(),
    storage,
    now: nowIso,
    sha256,
    randomId,
    defaultOperator: 'bench',
    appVersion: 'bench',
    progress: () => undefined
  })
}

const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main(): Promise<void> {
  const size = Number(arg('size', '50000'))
  const entries = Number(arg('entries', '200000'))
  const scenario = generateScenario({ seed: 20261123, desaCount: 10, peoplePerDesa: Math.round(size / 10) })
  const dir = mkdtempSync(join(tmpdir(), 'cermat-bench-audit-'))
  try {
    let engine = await open(dir)
    await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: writeMasterXlsx(scenario) })
    for (const f of scenario.villageFiles) {
      const v = writeVillageFile(scenario, f)
      await engine.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes })
    }
    const db = dbOf(engine)
    const rowId = (await engine.rows()).find((r) => r.kind === 'village')!.id
    await db.transaction(() => {
      for (let i = 0; i < entries; i++)
        audit(
          { db, at: nowIso(), by: 'bench', sha256 },
          { action: 'edit', rowId, field: 'alamat', oldValue: `JALAN ${i}`, newValue: `JALAN ${i + 1}` }
        )
    })
    await engine.editCell({ rowId, field: 'alamat', value: 'JALAN AKHIR' })
    await engine.close()

    const opens: number[] = []
    const since: number[] = []
    const full: number[] = []
    let count = 0
    let checkedAtOpen = 0
    for (let i = 0; i < 3; i++) {
      let t = performance.now()
      engine = await open(dir)
      opens.push(performance.now() - t)
      const d = dbOf(engine)
      t = performance.now()
      const s = checkAuditSincePoint(d, sha256)
      since.push(performance.now() - t)
      checkedAtOpen = s.checked
      t = performance.now()
      const f = checkAuditFull(d, sha256)
      full.push(performance.now() - t)
      count = f.count
      if (s.broken || f.broken) throw new Error('chain broken in the bench workspace')
      await engine.close()
    }
    const t = performance.now()
    engine = await open(dir)
    await engine.verifyAudit()
    const verifyMs = ms(t)
    await engine.close()
    console.log(`Cermat audit chain benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, encrypted workspace)`)
    console.log(`${scenario.master.length} people in the master, ${count} audit entries`)
    console.log(`open (incremental check inside, median of 3): ${Math.round(median(opens))} ms`)
    console.log(`  incremental check (what open does): ${median(since).toFixed(1)} ms, ${checkedAtOpen} entries hashed`)
    console.log(`  full check (before every export, cermat audit verify): ${Math.round(median(full))} ms, ${count} entries hashed`)
    console.log(`  open with a full check instead would take about ${Math.round(median(opens) - median(since) + median(full))} ms`)
    console.log(`open + verifyAudit (cermat audit verify): ${verifyMs} ms`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
