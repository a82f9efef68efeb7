/** The `cermat` CLI as users run it: the built bin in a child process, on the bundled demo set. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'

import { FINDING_CODES, SEVERITY } from '../../../shared/domain/findings'
import { Engine } from '../../../shared/engine/engine'
import type { Report } from '../../../shared/engine/report'
import { passphraseDisk } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const villages = readdirSync(join(DEMO, 'desa'))
  .sort()
  .map((f) => join(DEMO, 'desa', f))
const tmp = mkdtempSync(join(tmpdir(), 'cermat-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cermat(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CERMAT_HOME: join(tmp, 'home'), ...env }
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

interface Label {
  code: string
  file: string | null
  row: number | null
  field: string | null
  nik: string
  masterNik: string | null
  desa: string
  implied: string[]
  tolerated: string[]
}
const labels = (JSON.parse(readFileSync(join(DEMO, 'labels.json'), 'utf8')) as { labels: Label[] }).labels

describe('cermat check on the demo set', () => {
  const out = join(tmp, 'report')
  const run = cermat(['check', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', out, ...villages])
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report

  it('exits 0 and prints a findings table', () => {
    expect(run.code).toBe(0)
    expect(run.out).toContain('Kode temuan')
    expect(run.out).toMatch(/FIELD_MISMATCH\s+Data berbeda\s+Peringatan\s+\d+/)
  })

  it('keeps the report.json contract', () => {
    expect(report.schemaVersion).toBe(1)
    expect(report.master).toMatchObject({ file: 'master-dtsen.xlsx', rows: 480, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(report.files).toHaveLength(3)
    for (const f of report.files) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['file', 'sheet', 'headerRow', 'rows', 'desa', 'mapping', 'error']))
      expect(f.error).toBeNull()
    }
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['code', 'severity', 'file', 'row', 'nik', 'masterNik', 'field', 'village', 'master', 'message'])
      )
      expect(['error', 'warning', 'info']).toContain(f.severity)
      expect(typeof f.nik).toBe('string')
      expect(f.message.length).toBeGreaterThan(10)
      if (f.code === 'MISSING_FROM_VILLAGE') expect(f).toMatchObject({ file: null, row: null, desa: expect.any(String) })
      else expect(f.row).toEqual(expect.any(Number))
    }
  })

  it('finds every injected defect at its file, sheet row and field', () => {
    const missed = labels.filter(
      (l) =>
        !report.findings.some((f) =>
          l.code === 'MISSING_FROM_VILLAGE'
            ? f.code === l.code && f.nik === l.nik && f.desa === l.desa
            : f.code === l.code && f.file === l.file && f.row === l.row && (l.field === null || f.field === l.field)
        )
    )
    expect(missed).toEqual([])
  })

  it('raises nothing that is not explained by an injected defect (case, spacing, formats are never conflicts)', () => {
    const explained = (f: Report['findings'][number]) =>
      labels.some((l) => {
        const codes = [l.code, ...l.implied, ...l.tolerated]
        if (!codes.includes(f.code)) return false
        if (f.code === 'MISSING_FROM_VILLAGE') return f.nik === l.masterNik || f.nik === l.nik
        return f.file === l.file && (f.row === l.row || f.row === (l as { pairRow?: number | null }).pairRow)
      })
    expect(report.findings.filter((f) => !explained(f))).toEqual([])
  })
})

describe('cermat check: every code, and what a file covers', () => {
  const out = join(tmp, 'codes')
  cermat(['check', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', out, ...villages])
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report

  it('emits every code of DOMAIN.md on the demo set, with its severity and a sentence in Indonesian', () => {
    for (const code of FINDING_CODES) {
      const found = report.findings.filter((f) => f.code === code)
      expect(found.length, code).toBeGreaterThan(0)
      for (const f of found) expect(f.severity).toBe(SEVERITY[code])
    }
    const probable = report.findings.find((f) => f.code === 'PROBABLE_MATCH' && f.masterNik !== f.nik)!
    expect(probable.message).toContain(`NIK ${probable.masterNik}`)
    expect(probable.message).toMatch(/kecocokan \d+%/)
  })

  it('reports each file as a complete list or changes only; --coverage overrides it', () => {
    const tirtoadi = report.files.find((f) => f.desa === 'TIRTOADI')!
    expect(tirtoadi.coverage).toMatchObject({ setting: 'auto', effective: 'changes' })
    expect(report.files.filter((f) => f.desa !== 'TIRTOADI').every((f) => f.coverage?.effective === 'complete')).toBe(true)
    expect(report.findings.some((f) => f.code === 'MISSING_FROM_VILLAGE' && f.desa === 'TIRTOADI')).toBe(false)

    const forced = join(tmp, 'codes-complete')
    const run = cermat(['check', '--coverage', 'complete', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', forced, ...villages])
    expect(run.code).toBe(0)
    expect(run.out).toContain('lengkap (ditetapkan)')
    const all = JSON.parse(readFileSync(join(forced, 'report.json'), 'utf8')) as Report
    expect(all.findings.filter((f) => f.code === 'MISSING_FROM_VILLAGE' && f.desa === 'TIRTOADI').length).toBeGreaterThan(100)
    expect(cermat(['check', '--coverage', 'half', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', forced, ...villages]).code).toBe(2)
  })
})

describe('cermat check: which desa each file is about, and why', () => {
  const CORPUS = join(ROOT, 'test/fixtures/corpus')
  const out = join(tmp, 'desa')
  const stranger = join(tmp, 'data.csv')
  writeFileSync(stranger, 'NIK,NAMA\n5108060101010001,ORANG ASING\n')
  const run = cermat([
    'check',
    '--master',
    join(CORPUS, 'master-dtsen-sukawana.xlsx'),
    '--out',
    out,
    join(CORPUS, 'musdes-tegalsari.csv'),
    join(CORPUS, 'perubahan_5108062002.txt'),
    stranger
  ])
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report
  const file = (name: string) => report.files.find((f) => f.file === name)!

  it('prints and reports the evidence; a conflict is said, the strongest evidence wins', () => {
    expect(run.code).toBe(0)
    expect(file('perubahan_5108062002.txt').desa).toBe('TEGALSARI')
    expect(file('perubahan_5108062002.txt').desaEvidence).toContainEqual(
      expect.objectContaining({ kind: 'code', value: 'file_name: 5108062002', desa: 'TEGALSARI' })
    )
    expect(file('musdes-tegalsari.csv').desa).toBe('SUKAMERTA')
    expect(file('musdes-tegalsari.csv').desaEvidence?.[0]).toMatchObject({ kind: 'nik_overlap', share: 1 })
    expect(run.out).toContain('Bukti desa tidak sepakat di musdes-tegalsari.csv: dipakai SUKAMERTA')
    expect(run.out).toMatch(/perubahan_5108062002\.txt +TEGALSARI +NIK\/KK di data induk/)
  })

  it('an unknown desa is shown, its coverage unknown, nobody reported missing for it', () => {
    expect(file('data.csv')).toMatchObject({ desa: null, desaEvidence: [], coverage: { effective: 'unknown' } })
    expect(run.out).toMatch(/data\.csv +TIDAK DIKETAHUI +tidak ada bukti/)
    expect(run.out).toContain('tidak diketahui — pilih desa')
  })
})

describe('cermat check on bad input', () => {
  it('reports an unreadable village file and still checks the others', () => {
    const bad = join(tmp, 'rusak.xlsx')
    writeFileSync(bad, '%PDF-1.4 bukan lembar kerja')
    const out = join(tmp, 'r2')
    const run = cermat(['check', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', out, bad, villages[0]!])
    expect(run.code).toBe(0)
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report
    expect(report.files[0]).toMatchObject({
      file: 'rusak.xlsx',
      error: { code: 'FILE_UNSUPPORTED', message: expect.stringContaining('rusak.xlsx') }
    })
    expect(report.files[1]!.error).toBeNull()
    expect(run.out).toContain('GAGAL')
  })

  it('exits 2 naming the file when nothing usable could be read', () => {
    const empty = join(tmp, 'kosong.csv')
    writeFileSync(empty, '')
    const noVillage = cermat(['check', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', join(tmp, 'r3'), empty])
    expect(noVillage.code).toBe(2)
    const noMaster = cermat(['check', '--master', join(tmp, 'tidak-ada.xlsx'), '--out', join(tmp, 'r4'), villages[0]!])
    expect(noMaster.code).toBe(2)
    expect(noMaster.out).toContain('tidak-ada.xlsx')
    expect(noMaster.out).toContain('file tidak ada')
  })

  it('exits 2 on wrong usage, with help', () => {
    const r = cermat(['check', '--out', join(tmp, 'x')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('--master')
    expect(cermat(['bogus']).code).toBe(2)
  })
})

describe('cermat export and verify', () => {
  it('exports a signed package of a workspace that verifies, and rejects it when changed', async () => {
    const ws = join(tmp, 'ws')
    const imported = cermat(['import', '--workspace', ws, '--master', join(DEMO, 'master-dtsen.xlsx'), ...villages])
    expect(imported.code, imported.out + imported.err).toBe(0)
    // An operator resolves two findings (as the app would), then exports from the command line.
    const engine = await Engine.open({ ...(await testPorts()), storage: await passphraseDisk(ws) })
    const rows = await engine.rows()
    // Two clean ones, and two the export gate holds back (impossible birth dates with their DATE_INVALID open).
    const withError = (r: (typeof rows)[number]) => r.findings.some((f) => f.severity === 'error')
    const mismatches = (bad: boolean) =>
      rows.filter((r) => withError(r) === bad).flatMap((r) => r.findings.filter((f) => f.code === 'FIELD_MISMATCH'))
    for (const f of [...mismatches(false).slice(0, 2), ...mismatches(true).slice(0, 2)]) {
      await engine.resolveFinding({ findingKey: f.key, action: 'accept_village' })
    }
    await engine.close()

    const env = { CERMAT_PASSPHRASE: 'frasa sandi uji' }
    const pkg = join(tmp, 'paket.zip')
    const exported = cermat(['export', '--workspace', ws, '--out', pkg], env)
    expect(exported.err).toBe('')
    expect(exported.code).toBe(0)
    expect(exported.out).toContain('2 perubahan')
    expect(exported.out).toContain('Ditahan, tidak ikut paket (4)')
    expect(exported.out).toMatch(/baris \d+ · UBAH .*Tanggal lahir "2006-13-24" ditolak/)
    // Nothing new since: refused, naming the package; --all sends everything again.
    const again = cermat(['export', '--workspace', ws, '--out', join(tmp, 'lagi.zip')], env)
    expect(again.code, again.out + again.err).toBe(1)
    expect(again.err).toContain('Tidak ada perubahan baru sejak paket 1')
    const all = cermat(['export', '--workspace', ws, '--all', '--out', join(tmp, 'semua.zip')], env)
    expect(all.code, all.out + all.err).toBe(0)
    expect(all.out).toContain('2 perubahan')
    const pub = join(tmp, 'kunci.pub')
    expect(cermat(['key', '--out', pub], env).code).toBe(0)

    expect(cermat(['verify', pkg]).code).toBe(0)
    const trusted = cermat(['verify', pkg, '--pubkey', pub])
    expect(trusted.code).toBe(0)
    expect(trusted.out).toContain('cocok dengan kunci yang dipercaya')
    const wrong = cermat(['export', '--workspace', ws, '--out', join(tmp, 'x.zip')], { CERMAT_PASSPHRASE: 'salah sekali' })
    expect(wrong.code, wrong.out + wrong.err).toBe(1)
    expect(wrong.err).toContain('Frasa sandi kunci tanda tangan salah')

    const files = unzipSync(new Uint8Array(readFileSync(pkg)))
    const csvName = Object.keys(files).find((n) => n.endsWith('.csv'))!
    const tampered = join(tmp, 'diubah.zip')
    writeFileSync(
      tampered,
      zipSync({ ...files, [csvName]: strToU8(new TextDecoder().decode(files[csvName]).replace(',UBAH,', ',HAPUS,')) })
    )
    const rejected = cermat(['verify', tampered])
    expect(rejected.code, rejected.out + rejected.err).toBe(1)
    expect(rejected.out).toContain('TIDAK SAH')
    const otherKey = join(tmp, 'lain.pub')
    writeFileSync(otherKey, 'MCowBQYDK2VwAyEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'.slice(16))
    const other = cermat(['verify', pkg, '--pubkey', otherKey])
    expect(other.code, other.out + other.err).toBe(1)
    expect(other.out).toContain('kunci lain')
  })
})
