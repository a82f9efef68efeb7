import { describe, expect, it } from 'vitest'

import { Db } from '../../../shared/engine/db'
import { Engine } from '../../../shared/engine/engine'
import { migrate } from '../../../shared/engine/migrations'
import { fillWithoutIndexes } from '../../../shared/engine/tables/indexes'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../fixtures/generator/index.mts'
import { loadSql, testPorts } from '../helpers/engine'

const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db

/** Every index of a table with its definition: what setting indexes aside must give back exactly. */
const indexesOf = (db: Db, table: string) =>
  db.all<{ name: string; sql: string | null }>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' ORDER BY name`
  )

const workspaceDb = async () => {
  const db = new Db(new (await loadSql()).Database())
  migrate(db)
  return db
}

const masterRow = (nik: string): string =>
  `INSERT INTO master_rows (source_id, row_no, nik, no_kk, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, shdk, alamat, rt, rw, dusun, desa, desa_key, keterangan)
   VALUES (1, 2, '${nik}', '', '', '', '', '', '', '', '', '', '', '', '', '')`

describe('fillWithoutIndexes', () => {
  it('fills an empty table without its secondary indexes and makes the same ones again', async () => {
    const db = await workspaceDb()
    const before = indexesOf(db, 'master_rows')
    expect(before.map((i) => i.name)).toContain('master_nik')
    let during: string[] = []
    db.transactionSync(() =>
      fillWithoutIndexes(db, 'master_rows', () => {
        db.run(masterRow('3404010101900001'))
        during = indexesOf(db, 'master_rows').map((i) => i.name)
      })
    )
    expect(during).toEqual([])
    expect(indexesOf(db, 'master_rows')).toEqual(before)
    const plan = db.all<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT * FROM master_rows WHERE nik = '3404010101900001'`)
    expect(plan.map((p) => p.detail).join()).toContain('master_nik')
  })

  it('keeps the indexes of a table that holds rows', async () => {
    const db = await workspaceDb()
    db.run(masterRow('3404010101900001'))
    let during = 0
    fillWithoutIndexes(db, 'master_rows', () => {
      db.run(masterRow('3404010101900002'))
      during = indexesOf(db, 'master_rows').length
    })
    expect(during).toBe(indexesOf(db, 'master_rows').length)
  })

  it('gives the indexes back when the fill fails inside a transaction', async () => {
    const db = await workspaceDb()
    const before = indexesOf(db, 'master_rows')
    expect(() =>
      db.transactionSync(() =>
        fillWithoutIndexes(db, 'master_rows', () => {
          throw new Error('file refused')
        })
      )
    ).toThrow('file refused')
    expect(indexesOf(db, 'master_rows')).toEqual(before)
  })
})

describe('cermat check: an ephemeral batch of village files', () => {
  it('stores the batch without the NIK and KK indexes, has them back for matching, and finds what file-by-file imports find', async () => {
    const s = generateScenario({ seed: 17, desaCount: 3, peoplePerDesa: 25 })
    const master = writeMasterXlsx(s)
    const villages = s.villageFiles.map((f) => writeVillageFile(s, f))

    const fresh = await workspaceDb()
    const allIndexes = indexesOf(fresh, 'village_rows')

    const batch = await Engine.open(await testPorts(), { name: 'batch', ephemeral: true })
    await batch.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: master })
    const during: string[][] = []
    for (const v of villages) {
      await batch.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes, onExisting: 'add', matchLater: true })
      during.push(indexesOf(dbOf(batch), 'village_rows').map((i) => i.name))
    }
    await batch.matchAll()
    expect(during.every((names) => !names.includes('village_nik') && !names.includes('village_kk'))).toBe(true)
    expect(during[0]).toContain('village_source_status')
    expect(indexesOf(dbOf(batch), 'village_rows')).toEqual(allIndexes)

    const oneByOne = await Engine.open(await testPorts(), { name: 'one by one' })
    await oneByOne.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: master })
    for (const v of villages) await oneByOne.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes, onExisting: 'add' })

    const findingsOf = async (e: Engine) =>
      (await e.rows()).map((r) => ({ id: r.id, findings: r.findings.map((f) => `${f.code}|${f.field ?? ''}`) }))
    const found = await findingsOf(batch)
    expect(found.some((r) => r.findings.length > 0)).toBe(true)
    expect(found).toEqual(await findingsOf(oneByOne))
    // The report reads only the rows holding a finding: the same rows, in the same order, as rows() has them.
    const all = await batch.rows()
    expect(await batch.rowsWithFindings()).toEqual(all.filter((r) => r.findings.length > 0))
    expect(all.some((r) => r.findings.length === 0)).toBe(true)
    expect(all.some((r) => r.kind === 'master_only')).toBe(true)
    await batch.close()
    await oneByOne.close()
  })
})

describe('cermat check: a workspace without the cells as read', () => {
  it('stores no raw cells and keeps no copy of the files, and shows the same rows and findings as a workspace that keeps them', async () => {
    const s = generateScenario({ seed: 29, desaCount: 2, peoplePerDesa: 20 })
    const master = writeMasterXlsx(s)
    const villages = s.villageFiles.map((f) => writeVillageFile(s, f))
    const run = async (options: { ephemeral?: boolean; rawCells?: boolean }) => {
      const ports = await testPorts()
      const e = await Engine.open(ports, { name: 'check', ...options })
      await e.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: master })
      for (const v of villages)
        await e.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes, onExisting: 'add', matchLater: true })
      await e.matchAll()
      const raw = dbOf(e).column<string>(`SELECT DISTINCT raw FROM village_rows`)
      const blobs = (await ports.storage.listAll()).filter((n) => n.startsWith('blobs/'))
      const rows = await e.rows()
      await e.close()
      return { raw, blobs, rows }
    }
    const check = await run({ ephemeral: true, rawCells: false })
    const kept = await run({ ephemeral: true })
    expect(check.raw).toEqual(['[]'])
    expect(kept.raw.length).toBeGreaterThan(1)
    expect(check.blobs).toEqual([])
    expect(check.rows.some((r) => r.findings.length > 0)).toBe(true)
    expect(check.rows).toEqual(kept.rows)
    // A durable workspace keeps its cells (the fix list reads them) whatever rawCells says.
    const durable = await run({ rawCells: false })
    expect(durable.raw.length).toBeGreaterThan(1)
    expect(durable.blobs.length).toBe(villages.length + 1)
  })
})
