/** `cermat check` and `cermat import` with the parse process flags, as users run them (the built bin). */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import type { Report } from '../../../shared/engine/report'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const tmp = mkdtempSync(join(tmpdir(), 'cermat-parse-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cermat(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], { encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('parse process flags', () => {
  it('refuses wrong values with the usage text', () => {
    for (const flags of [
      ['--parse-processes', '9'],
      ['--parse-processes', '-1'],
      ['--parse-memory-mb', 'banyak'],
      ['--parse-timeout-s', '0']
    ]) {
      const r = cermat(['check', ...flags, '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', join(tmp, 'x')])
      expect(r.code, flags.join(' ')).toBe(2)
      expect(r.err).toContain(flags[0])
    }
  })

  it('a master that cannot be read within the time limit is refused by name (exit 2), as report.json records', () => {
    const out = join(tmp, 'waktu')
    // The limit is the test's own: a parse process cannot even start within a millisecond.
    const r = cermat(['check', '--parse-timeout-s', '0.001', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', out])
    expect(r.code).toBe(2)
    expect(r.out).toContain('File master-dtsen.xlsx ditolak: terlalu lama dibaca')
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report & { fatal: { code: string } }
    expect(report.fatal.code).toBe('FILE_PARSE_TIMEOUT')
  })

  it('reads in its own process with --parse-processes 0 and in one parse process with 1: the same report', () => {
    const run = (n: string) => {
      const out = join(tmp, `n${n}`)
      const r = cermat([
        'check',
        '--parse-processes',
        n,
        '--master',
        join(DEMO, 'master-dtsen.xlsx'),
        '--out',
        out,
        join(DEMO, 'desa/musdes-tirtoadi-2026-11.csv')
      ])
      expect(r.code).toBe(0)
      const { generatedAt: _, ...report } = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report
      return report
    }
    expect(run('1')).toEqual(run('0'))
  })
})
