/** What the mapping screen's desa chooser is given: the evidence, the proposal, the master's desa, and the operator's answer. */
import { describe, expect, it } from 'vitest'

import { openEngine } from '../helpers/engine'
import { MASTER_HEADER, MASTER_ROWS, xlsx } from '../helpers/sheets'

const CODES: Record<string, string> = { SUMBERADI: '3404052001', TLOGOADI: '3404052002' }
const masterWithCodes = () => xlsx([[...MASTER_HEADER, 'KODE WILAYAH'], ...MASTER_ROWS.map((r) => [...r, CODES[String(r[1])]!])])

const HEADER = ['NO', 'NIK', 'NO KK', 'NAMA', 'JK']
/** Sumberadi's three master people, in a file named after Tlogoadi: evidence that disagrees. */
const SUMBERADI_PEOPLE = [
  [1, '3404051205800001', '3404051201100001', 'SUPARMAN', 'L'],
  [2, '3404055708850002', '3404051201100001', 'SITI AMINAH', 'P'],
  [3, '3404050303100003', '3404051201100001', 'BUDI SANTOSO', 'L']
]

async function withMaster() {
  const { engine } = await openEngine()
  await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: masterWithCodes() })
  return engine
}

describe('the desa chooser', () => {
  it('is given the ranked evidence, the conflict, the proposal and the master desa list', async () => {
    const engine = await withMaster()
    const bytes = xlsx([HEADER, ...SUMBERADI_PEOPLE])
    const p = await engine.inspectFile('village', { fileName: 'musdes-tlogoadi.xlsx', bytes })
    expect(p.desa).toBe('SUMBERADI')
    expect(p.desaProposed).toBe('SUMBERADI')
    expect(p.desaEvidence?.map((e) => [e.kind, e.desa])).toEqual([
      ['nik_overlap', 'SUMBERADI'],
      ['file_name', 'TLOGOADI']
    ])
    expect(p.desaEvidence?.[0]).toMatchObject({ value: '3/3', share: 1 })
    expect(p.desaConflict).toMatchObject({ kind: 'file_name', desa: 'TLOGOADI' })
    expect(p.masterDesas).toEqual([
      { desa: 'SUMBERADI', code: '3404052001' },
      { desa: 'TLOGOADI', code: '3404052002' }
    ])
    expect(p.warnings.map((w) => w.code)).toContain('DESA_EVIDENCE_CONFLICT')
  })

  it("the operator's desa is previewed with the file's own evidence still listed, and imported under that desa", async () => {
    const engine = await withMaster()
    const bytes = xlsx([HEADER, ...SUMBERADI_PEOPLE])
    const p = await engine.inspectFile('village', { fileName: 'musdes-tlogoadi.xlsx', bytes, desa: 'tlogoadi' })
    // Written as the master writes it, whatever the operator typed.
    expect(p.desa).toBe('TLOGOADI')
    expect(p.desaProposed).toBe('SUMBERADI')
    expect(p.desaEvidence).toHaveLength(2)
    expect(p.warnings.map((w) => w.code)).not.toContain('DESA_EVIDENCE_CONFLICT')
    const result = await engine.importFile('village', { taskId: 'v', fileName: 'musdes-tlogoadi.xlsx', bytes, desa: 'TLOGOADI' })
    expect(result.source.desa).toBe('TLOGOADI')
  })

  it('a file without evidence proposes nothing; the desa it is given decides which files it would replace', async () => {
    const engine = await withMaster()
    await engine.importFile('village', {
      taskId: 'v1',
      fileName: 'sumberadi.xlsx',
      bytes: xlsx([HEADER, [1, '3404050000000001', '', 'ORANG BARU', 'L']])
    })
    const bytes = xlsx([HEADER, [1, '3404050000000002', '', 'ORANG LAIN', 'P']])
    const unknown = await engine.inspectFile('village', { fileName: 'data.xlsx', bytes })
    expect(unknown).toMatchObject({ desa: '', desaProposed: '', desaEvidence: [], desaConflict: null, existing: [] })
    expect(unknown.warnings.map((w) => w.code)).toContain('DESA_UNKNOWN')
    const chosen = await engine.inspectFile('village', { fileName: 'data.xlsx', bytes, desa: 'SUMBERADI' })
    expect(chosen.existing).toEqual([{ fileName: 'sumberadi.xlsx', rows: 1 }])
    expect(chosen.warnings.map((w) => w.code)).not.toContain('DESA_UNKNOWN')
  })

  it('a master file is given no desa chooser', async () => {
    const { engine } = await openEngine()
    const p = await engine.inspectFile('master', { fileName: 'master.xlsx', bytes: masterWithCodes() })
    expect(p.desaEvidence).toBeUndefined()
    expect(p.masterDesas).toBeUndefined()
  })
})
