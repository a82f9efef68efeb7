import { describe, expect, it } from 'vitest'

import { reportFile } from '../../../shared/engine/report'
import { openEngine } from '../helpers/engine'
import { MASTER_HEADER, MASTER_ROWS, xlsx } from '../helpers/sheets'

/** The test master with a KODE WILAYAH column, dotted as some extracts write it. */
const CODES: Record<string, string> = { SUMBERADI: '34.04.05.2001', TLOGOADI: '34.04.05.2002' }
const masterWithCodes = () => xlsx([[...MASTER_HEADER, 'KODE WILAYAH'], ...MASTER_ROWS.map((r) => [...r, CODES[String(r[1])]!])])

const HEADER = ['NO', 'NIK', 'NO KK', 'NAMA', 'JK']
/** Sumberadi's three master people, with no desa column. */
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

describe('desa attribution from every piece of evidence', () => {
  it('a code in the file name names the desa through the master code column', async () => {
    const engine = await withMaster()
    // A new person only: no NIK or KK of the master to go by.
    const bytes = xlsx([HEADER, [1, '3404050000000009', '', 'ORANG BARU', 'L']])
    const result = await engine.importFile('village', { taskId: 'v', fileName: 'perubahan_3404052001.xlsx', bytes })
    expect(result.source.desa).toBe('SUMBERADI')
    expect(result.source.desaEvidence?.[0]).toMatchObject({ kind: 'code', value: 'file_name: 3404052001', desa: 'SUMBERADI' })
    expect(result.warnings.map((w) => w.code)).not.toContain('DESA_EVIDENCE_CONFLICT')
  })

  it('a musdes title names its desa', async () => {
    const engine = await withMaster()
    const bytes = xlsx([['DAFTAR HASIL MUSYAWARAH DESA TLOGOADI'], [], HEADER, [1, '3404050000000001', '', 'ORANG BARU', 'L']])
    const result = await engine.importFile('village', { taskId: 'v', fileName: 'hasil.xlsx', bytes })
    expect(result.source.desa).toBe('TLOGOADI')
    expect(reportFile(result.source).desaEvidence).toEqual([
      { desa: 'TLOGOADI', kind: 'title', value: 'DAFTAR HASIL MUSYAWARAH DESA TLOGOADI', strength: 80 }
    ])
  })

  it('when the evidence disagrees the strongest wins and a warning names both desa', async () => {
    const engine = await withMaster()
    const result = await engine.importFile('village', {
      taskId: 'v',
      fileName: 'musdes-tlogoadi.xlsx',
      bytes: xlsx([HEADER, ...SUMBERADI_PEOPLE])
    })
    expect(result.source.desa).toBe('SUMBERADI')
    const conflict = result.warnings.find((w) => w.code === 'DESA_EVIDENCE_CONFLICT')
    expect(conflict?.params).toMatchObject({ desa: 'SUMBERADI', other: 'TLOGOADI' })
    expect(conflict?.message).toContain('TLOGOADI')
    expect(reportFile(result.source).desaEvidence?.[0]).toMatchObject({ kind: 'nik_overlap', share: 1, desa: 'SUMBERADI' })
  })

  it('an unknown desa is a visible problem: warning, coverage unknown, nobody reported missing', async () => {
    const engine = await withMaster()
    const bytes = xlsx([HEADER, [1, '3404050000000001', '', 'ORANG BARU', 'L']])
    const result = await engine.importFile('village', { taskId: 'v', fileName: 'data.xlsx', bytes })
    expect(result.source.desa).toBe('')
    expect(result.warnings.map((w) => w.code)).toContain('DESA_UNKNOWN')
    expect(result.source.coverage).toMatchObject({ setting: 'auto', guess: 'unknown', effective: 'unknown' })
    expect((await engine.rows()).some((r) => r.findings.some((f) => f.code === 'MISSING_FROM_VILLAGE'))).toBe(false)
  })
})
