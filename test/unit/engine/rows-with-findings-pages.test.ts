/** The report reads the rows holding a finding a page at a time: together the pages are exactly rowsWithFindings. */
import { describe, expect, it } from 'vitest'

import type { RowView } from '../../../shared/api/types'
import { Engine } from '../../../shared/engine/engine'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../fixtures/generator/index.mts'
import { testPorts } from '../helpers/engine'

describe('rows with findings in pages', () => {
  it('pages of any size make up the rows with findings of rows(), in its order (file, row; missing people last)', async () => {
    const s = generateScenario({ seed: 17, desaCount: 3, peoplePerDesa: 25 })
    const engine = await Engine.open(await testPorts(), { name: 'pages', ephemeral: true })
    await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: writeMasterXlsx(s) })
    // In reverse: the files' ids and their rows' ids then disagree with the order by file and row.
    for (const f of [...s.villageFiles].reverse()) {
      const v = writeVillageFile(s, f)
      await engine.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes, onExisting: 'add', matchLater: true })
    }
    await engine.matchAll()
    const expected = (await engine.rows()).filter((r) => r.findings.length > 0)
    expect(new Set(expected.map((r) => r.fileName)).size).toBeGreaterThan(1)
    expect(expected.some((r) => r.kind === 'master_only')).toBe(true)
    expect(await engine.rowsWithFindings()).toEqual(expected)

    for (const size of [1, 3, 7, expected.length, expected.length + 1]) {
      const pages: RowView[][] = []
      await engine.eachRowWithFindings((rows) => pages.push(rows), size)
      expect(pages.every((p) => p.length >= 1 && p.length <= size)).toBe(true)
      expect(pages.flat()).toEqual(expected)
    }
  })
})
