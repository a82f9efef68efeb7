/** A file inspected and then imported (the app's import queue) is read and extracted once (table-memo.ts). */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { Engine } from '../../../shared/engine/engine'
import { inProcessParser, type ParsePort } from '../../../shared/engine/import/parse-port'
import { testPorts } from '../helpers/engine'

const DEMO = resolve(import.meta.dirname, '../../../resources/demo')
const read = (name: string) => new Uint8Array(readFileSync(join(DEMO, name)))
const master = read('master-dtsen.xlsx')
const tirtoadi = read('desa/musdes-tirtoadi-2026-11.csv')
const sumberadi = read('desa/musdes-sumberadi-2026-11.xlsx')

/** An engine over a parser that notes each file it reads, with the master imported. */
async function engineWithMaster(): Promise<{ engine: Engine; asked: string[] }> {
  const asked: string[] = []
  const parser: ParsePort = {
    parse: (bytes, fileName, limits) => {
      asked.push(fileName)
      return inProcessParser.parse(bytes, fileName, limits)
    }
  }
  const engine = await Engine.open({ ...(await testPorts()), parser }, { name: 'Uji' })
  await engine.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
  return { engine, asked }
}

describe('the table of an inspected file is kept for its import', () => {
  it('inspect then import reads the file once, and imports exactly what an import alone imports', async () => {
    const queued = await engineWithMaster()
    const preview = await queued.engine.inspectFile('village', { fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    const withInspect = await queued.engine.importFile('village', { taskId: 'v', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    expect(queued.asked).toEqual(['master-dtsen.xlsx', 'musdes-tirtoadi-2026-11.csv'])

    const alone = await engineWithMaster()
    const without = await alone.engine.importFile('village', { taskId: 'v', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    expect(alone.asked).toEqual(['master-dtsen.xlsx', 'musdes-tirtoadi-2026-11.csv'])

    expect(withInspect.source.rows).toBe(preview.rows)
    const same = (r: typeof without) => ({ ...r, source: { ...r.source, importedAt: '' } })
    expect(same(withInspect)).toEqual(same(without))
    expect(await queued.engine.rows()).toEqual(await alone.engine.rows())
    await queued.engine.close()
    await alone.engine.close()
  })

  it('another file, or the same file with another choice, is read and extracted afresh; an import uses the kept table once', async () => {
    const { engine, asked } = await engineWithMaster()
    await engine.inspectFile('village', { fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    await engine.importFile('village', { taskId: 'a', fileName: 'musdes-sumberadi-2026-11.xlsx', bytes: sumberadi })
    await engine.importFile('village', { taskId: 'b', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    expect(asked.slice(1)).toEqual(['musdes-tirtoadi-2026-11.csv', 'musdes-sumberadi-2026-11.xlsx', 'musdes-tirtoadi-2026-11.csv'])

    const other = await engineWithMaster()
    const first = await other.engine.inspectFile('village', { fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    const choice = { sheet: first.sheet, headerRow: first.headerRow }
    await other.engine.importFile('village', { taskId: 'c', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi, choice })
    expect(other.asked.slice(1)).toEqual(['musdes-tirtoadi-2026-11.csv', 'musdes-tirtoadi-2026-11.csv'])
    await engine.close()
    await other.engine.close()
  })

  it('a desa found before the master was imported is found again against it: the import is what an import alone imports', async () => {
    const engine = await Engine.open(await testPorts(), { name: 'Uji' })
    const before = await engine.inspectFile('village', { fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    await engine.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
    const late = await engine.importFile('village', { taskId: 'v', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })

    const alone = await engineWithMaster()
    const without = await alone.engine.importFile('village', { taskId: 'v', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: tirtoadi })
    const same = (r: typeof without) => ({ ...r, source: { ...r.source, importedAt: '' } })
    expect(same(late)).toEqual(same(without))
    // Without a master there was no NIK overlap to weigh: the import's evidence is the one found against the master.
    expect(before.desaEvidence).not.toEqual(late.source.desaEvidence)
    await engine.close()
    await alone.engine.close()
  })
})
