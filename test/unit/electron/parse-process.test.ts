/**
 * The real parse processes (out/main/parse-child.js, built by global-setup): they read the same
 * cells as reading in this process, and a file that breaks the memory cap or the time limit the
 * test sets is refused by name while the rest of the batch goes on.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { runCheck } from '../../../electron/cli/check'
import { forkParser } from '../../../electron/engine-host/parse-fork'
import { ParsePool } from '../../../electron/engine-host/parse-pool'
import { CermatError } from '../../../shared/api/result'
import { DEFAULT_LIMITS, readWorkbook } from '../../../shared/engine/import/read-workbook'
import type { Report } from '../../../shared/engine/report'

const ROOT = resolve(import.meta.dirname, '../../..')
const ENTRY = join(ROOT, 'out/main/parse-child.js')
const CORPUS = join(ROOT, 'test/fixtures/corpus')
const DEMO = join(ROOT, 'resources/demo')
const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')
const bytesOf = (path: string) => new Uint8Array(readFileSync(path))

/** A CSV of 200,000 short rows: a few MB on disk, far more than 32 MB of heap once read into cells. */
function heavyCsv(): Uint8Array {
  const row = '3404051205800001;ORANG;DUSUN KRAJAN;L;1980-05-12\n'
  return new TextEncoder().encode('NIK;NAMA;ALAMAT;JK;TGL LAHIR\n' + row.repeat(200_000))
}

async function refusal(p: Promise<unknown>): Promise<CermatError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(CermatError)
  return err as CermatError
}

describe('parse processes', () => {
  it('read every corpus and demo file into exactly the cells (or the refusal) of reading in this process', async () => {
    const pool = new ParsePool({ start: forkParser(ENTRY), sha256, size: 2 })
    try {
      const paths = [
        ...readdirSync(CORPUS)
          .filter((f) => /\.(xlsx|xls|ods|csv|txt)$/.test(f))
          .map((f) => join(CORPUS, f)),
        join(DEMO, 'master-dtsen.xlsx'),
        ...readdirSync(join(DEMO, 'desa')).map((f) => join(DEMO, 'desa', f))
      ]
      expect(paths.length).toBeGreaterThan(25)
      const files = paths.map((p) => ({ bytes: bytesOf(p), fileName: p.slice(p.lastIndexOf('/') + 1), limits: DEFAULT_LIMITS }))
      pool.prefetch(files)
      for (const f of files) {
        const here = (() => {
          try {
            return readWorkbook(f.bytes, f.fileName, f.limits)
          } catch (err) {
            return { refused: (err as CermatError).code }
          }
        })()
        const there = await pool.parse(f.bytes, f.fileName, f.limits).catch((err: CermatError) => ({ refused: err.code }))
        expect(there, f.fileName).toEqual(here)
      }
    } finally {
      pool.close()
    }
  })

  it('a file over the memory cap is refused by name; a new process reads the next file', async () => {
    const pool = new ParsePool({ start: forkParser(ENTRY), sha256, size: 1, maxHeapMb: 32 })
    try {
      const err = await refusal(pool.parse(heavyCsv(), 'berat.csv', DEFAULT_LIMITS))
      expect(err.code).toBe('FILE_PARSE_MEMORY')
      expect(err.message).toContain('File berat.csv ditolak: melebihi batas memori 32 MB')
      const village = bytesOf(join(DEMO, 'desa/musdes-tirtoadi-2026-11.csv'))
      const wb = await pool.parse(village, 'musdes-tirtoadi-2026-11.csv', DEFAULT_LIMITS)
      expect(wb).toEqual(readWorkbook(village, 'musdes-tirtoadi-2026-11.csv'))
    } finally {
      pool.close()
    }
  })

  it('a file read for longer than the time limit is refused by name and its process killed', async () => {
    // The limit is the test's own: a process cannot even start within a millisecond.
    const pool = new ParsePool({ start: forkParser(ENTRY), sha256, size: 1, timeoutMs: 1 })
    try {
      const err = await refusal(pool.parse(bytesOf(join(DEMO, 'master-dtsen.xlsx')), 'master-dtsen.xlsx', DEFAULT_LIMITS))
      expect(err.code).toBe('FILE_PARSE_TIMEOUT')
      expect(err.message).toContain('File master-dtsen.xlsx ditolak: terlalu lama dibaca (> 0 detik)')
      expect(pool.pids).toEqual([])
    } finally {
      pool.close()
    }
  })
})

describe('cermat check with parse processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cermat-parse-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const villages = readdirSync(join(DEMO, 'desa')).map((f) => join(DEMO, 'desa', f))

  async function check(name: string, files: string[], parser?: ParsePool): Promise<Report> {
    const out = join(dir, name)
    await runCheck({
      master: join(DEMO, 'master-dtsen.xlsx'),
      villages: files,
      out,
      locale: 'id',
      appVersion: '0.0.0-test',
      log: () => undefined,
      ...(parser ? { parser } : {})
    })
    return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report
  }

  it('refuses the runaway file by name, reads the rest, and reports what reading in one process reports, in input order', async () => {
    const heavy = join(dir, 'berat.csv')
    writeFileSync(heavy, heavyCsv())
    const pool = new ParsePool({ start: forkParser(ENTRY), sha256, size: 2, maxHeapMb: 48 })
    const withPool = await check('pool', [villages[0]!, heavy, ...villages.slice(1)], pool).finally(() => pool.close())
    const inProcess = await check('here', villages)

    expect(withPool.files.map((f) => f.file)).toEqual([
      'musdes-sumberadi-2026-11.xlsx',
      'berat.csv',
      ...villages.slice(1).map((v) => v.slice(v.lastIndexOf('/') + 1))
    ])
    const refused = withPool.files[1]!
    expect(refused.error?.code).toBe('FILE_PARSE_MEMORY')
    expect(refused.error?.message).toContain('berat.csv')
    expect(withPool.master).toEqual(inProcess.master)
    expect(withPool.files.filter((f) => f !== refused)).toEqual(inProcess.files)
    expect(withPool.findings).toEqual(inProcess.findings)
  })
})
