/** report.json is written in pieces: joined, they are byte for byte the report as one JSON.stringify. */
import { describe, expect, it } from 'vitest'

import { type Report, type ReportFinding, reportJson } from '../../../shared/engine/report'

const finding = (n: number): ReportFinding => ({
  code: 'FIELD_MISMATCH',
  severity: 'warning',
  file: n % 3 === 0 ? null : `desa ${n}.xlsx`,
  row: n % 3 === 0 ? null : n + 2,
  nik: `34040101019${String(n).padStart(5, '0')}`,
  masterNik: null,
  field: 'nama',
  // Quotes, a newline, a tab, a backslash and non-Latin text: JSON escapes them the same way piecewise.
  village: n % 2 ? 'SITI "AMINAH"\n\tdusun\\2' : 'Ñoño — ア',
  master: n % 5 ? 'SITI AMINAH' : null,
  message: `Nama berbeda (${n})`,
  desa: 'SUMBERADI'
})

const report = (findings: ReportFinding[], extra: object = {}): Report => ({
  schemaVersion: 1,
  generatedAt: '2026-12-07T00:00:00.000Z',
  app: { name: 'Cermat', version: 'test' },
  master: { file: 'master.xlsx', rows: 3, sha256: 'ab' },
  files: [{ file: 'a.xlsx', sheet: 'Sheet1', headerRow: 1, rows: 2, desa: 'SUMBERADI', mapping: [], error: null }],
  findings,
  ...extra
})

describe('reportJson', () => {
  it.each([0, 1, 2, 499, 500, 501, 1234])('%i findings: the pieces are JSON.stringify(report, null, 2) and a newline', (n) => {
    const r = report(Array.from({ length: n }, (_, i) => finding(i)))
    const pieces = [...reportJson(r)]
    expect(pieces.join('')).toBe(JSON.stringify(r, null, 2) + '\n')
    // More than a handful of findings never make one piece.
    if (n > 500) expect(pieces.length).toBeGreaterThan(3)
  })

  it('a report with a key after the findings (the fatal master) is written whole, still exact', () => {
    const r = { ...report([finding(1)]), fatal: { file: 'master.xlsx', code: 'X', message: 'rusak' } } as Report
    expect([...reportJson(r)].join('')).toBe(JSON.stringify(r, null, 2) + '\n')
  })
})
