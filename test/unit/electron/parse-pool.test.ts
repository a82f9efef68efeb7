/**
 * The parse pool's scheduling on fake processes (what is read when, by how many, what a dead
 * process means for its file); parse-process.test.ts runs the real parse processes.
 */
import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { packWorkbook } from '../../../electron/engine-host/parse-pack'
import { ParsePool, poolSize } from '../../../electron/engine-host/parse-pool'
import type { ParseJob, ParseProcess, ParseReply, ProcessEnd, StartParseProcess } from '../../../electron/engine-host/parse-protocol'
import { CermatError } from '../../../shared/api/result'
import { DEFAULT_LIMITS, type WorkbookData } from '../../../shared/engine/import/read-workbook'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')

/** A parse process that reads nothing until the test answers for it. */
class FakeProcess implements ParseProcess {
  readonly pid: number
  readonly jobs: ParseJob[] = []
  killed = false
  private replyFn: (r: ParseReply) => void = () => undefined
  private exitFn: (e: ProcessEnd) => void = () => undefined
  constructor(pid: number) {
    this.pid = pid
  }
  send(job: ParseJob): void {
    this.jobs.push(job)
  }
  onReply(fn: (r: ParseReply) => void): void {
    this.replyFn = fn
  }
  onExit(fn: (e: ProcessEnd) => void): void {
    this.exitFn = fn
  }
  kill(): void {
    this.killed = true
    this.exitFn({ code: null, signal: 'SIGKILL', outOfMemory: false })
  }
  /** Answers the job it holds with a workbook naming the file. */
  answer(): void {
    const job = this.jobs.at(-1)!
    this.replyFn({ id: job.id, ok: true, workbook: workbookOf(job.fileName) })
  }
  die(end: ProcessEnd): void {
    this.exitFn(end)
  }
}

const workbookOf = (fileName: string): WorkbookData => ({ format: 'csv', sheets: [], date1904: false, detail: fileName })

function fakes(): { start: StartParseProcess; started: FakeProcess[]; heaps: number[] } {
  const started: FakeProcess[] = []
  const heaps: number[] = []
  return {
    started,
    heaps,
    start: ({ maxHeapMb }) => {
      heaps.push(maxHeapMb)
      const p = new FakeProcess(1000 + started.length)
      started.push(p)
      return p
    }
  }
}

const file = (name: string, size: number) => ({
  bytes: new Uint8Array(size).fill(name.charCodeAt(0)),
  fileName: name,
  limits: DEFAULT_LIMITS
})
/** The process currently holding `name`, and its job. */
const holder = (started: FakeProcess[], name: string) => started.find((p) => !p.killed && p.jobs.at(-1)?.fileName === name)

async function refusal(p: Promise<unknown>): Promise<CermatError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(CermatError)
  return err as CermatError
}

describe('parse pool', () => {
  it('is one process per core, at least 1 and at most 4', () => {
    expect([0, 1, 2, 3, 4, 8, 64].map(poolSize)).toEqual([1, 1, 2, 3, 4, 4, 4])
  })

  it('reads ahead largest first on every process, and answers each file with its own cells in the order asked', async () => {
    const { start, started, heaps } = fakes()
    const pool = new ParsePool({ start, sha256, size: 2, maxHeapMb: 300 })
    const files = [file('a.xlsx', 10), file('b.xlsx', 500), file('c.csv', 30), file('d.xls', 200)]
    pool.prefetch(files)
    expect(started).toHaveLength(2)
    expect(heaps).toEqual([300, 300])
    expect(started.map((p) => p.jobs[0]!.fileName)).toEqual(['b.xlsx', 'd.xls'])

    const results = files.map((f) => pool.parse(f.bytes, f.fileName, f.limits))
    // a.xlsx is asked for now: it goes next, before c.csv (larger, only read ahead).
    holder(started, 'b.xlsx')!.answer()
    expect(started.map((p) => p.jobs.at(-1)!.fileName)).toEqual(['a.xlsx', 'd.xls'])
    holder(started, 'a.xlsx')!.answer()
    holder(started, 'd.xls')!.answer()
    holder(started, 'c.csv')!.answer()
    expect((await Promise.all(results)).map((wb) => wb.detail)).toEqual(['a.xlsx', 'b.xlsx', 'c.csv', 'd.xls'])
    expect(started).toHaveLength(2)
    pool.close()
  })

  it('holds at most maxAhead files read ahead that nobody asked for', () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 2, maxAhead: 2 })
    pool.prefetch([file('a', 4), file('b', 3), file('c', 2), file('d', 1)])
    holder(started, 'a')!.answer()
    holder(started, 'b')!.answer()
    // Two results wait unclaimed: nothing more starts until one is asked for.
    expect(started.flatMap((p) => p.jobs.map((j) => j.fileName))).toEqual(['a', 'b'])
    void pool.parse(file('a', 4).bytes, 'a', DEFAULT_LIMITS)
    expect(started.flatMap((p) => p.jobs.map((j) => j.fileName))).toEqual(['a', 'c', 'b'])
    pool.close()
  })

  it('reads ahead only while the files waiting unclaimed stay within the byte budget (one always may)', () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 2, maxAhead: 4, maxAheadBytes: 100 })
    pool.prefetch([file('a', 90), file('b', 60), file('c', 5)])
    // a (90 bytes) goes alone; b would bring the unclaimed bytes to 150.
    expect(started.flatMap((p) => p.jobs.map((j) => j.fileName))).toEqual(['a'])
    void pool.parse(file('a', 90).bytes, 'a', DEFAULT_LIMITS)
    expect(started.flatMap((p) => p.jobs.map((j) => j.fileName))).toEqual(['a', 'b'])
    pool.close()
  })

  it('reads two large files in turn, not side by side, while a small one still reads beside a large one', async () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 2, maxRunningBytes: 100 })
    const files = [file('besar-1', 90), file('besar-2', 80), file('kecil', 5)]
    const results = files.map((f) => pool.parse(f.bytes, f.fileName, f.limits))
    // besar-2 is asked for next but would bring the bytes being read to 170: it waits for besar-1.
    expect(started.flatMap((p) => p.jobs.map((j) => j.fileName))).toEqual(['besar-1'])
    holder(started, 'besar-1')!.answer()
    expect(started.flatMap((p) => p.jobs.map((j) => j.fileName))).toEqual(['besar-1', 'besar-2', 'kecil'])
    holder(started, 'besar-2')!.answer()
    holder(started, 'kecil')!.answer()
    expect((await Promise.all(results)).map((wb) => wb.detail)).toEqual(['besar-1', 'besar-2', 'kecil'])
    pool.close()
  })

  it('a process that says it grew large is replaced after its answer; its file is not refused', async () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 1 })
    const big = pool.parse(file('induk.xlsx', 5).bytes, 'induk.xlsx', DEFAULT_LIMITS)
    const next = pool.parse(file('desa.csv', 5).bytes, 'desa.csv', DEFAULT_LIMITS)
    const job = started[0]!.jobs[0]!
    ;(started[0] as unknown as { replyFn: (r: ParseReply) => void }).replyFn({
      id: job.id,
      ok: true,
      workbook: workbookOf('induk.xlsx'),
      retire: true
    })
    expect((await big).detail).toBe('induk.xlsx')
    expect(started[0]!.killed).toBe(true)
    expect(started[0]!.jobs).toHaveLength(1)
    expect(started[1]!.jobs[0]!.fileName).toBe('desa.csv')
    started[1]!.answer()
    expect((await next).detail).toBe('desa.csv')
    pool.close()
  })

  it('unpacks a packed answer; one that does not unpack refuses its file by name and the pool goes on', async () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 1 })
    const good = pool.parse(file('induk.xlsx', 5).bytes, 'induk.xlsx', DEFAULT_LIMITS)
    const bad = pool.parse(file('desa.xlsx', 6).bytes, 'desa.xlsx', DEFAULT_LIMITS)
    const reply = (r: ParseReply) => (started[0] as unknown as { replyFn: (r: ParseReply) => void }).replyFn(r)
    const rows = [[{ t: 's' as const, v: 'NIK' }], [{ t: 'n' as const, v: 3404051205990001, w: '3404051205990001' }]]
    const wb: WorkbookData = {
      format: 'xlsx',
      sheets: [{ name: 'DATA', hidden: false, firstRow: 0, firstCol: 0, rows }],
      date1904: false,
      detail: 'xlsx'
    }
    reply({ id: started[0]!.jobs[0]!.id, ok: true, packed: packWorkbook(wb) })
    expect(await good).toEqual(wb)
    const broken = packWorkbook(wb)
    broken.sheets[0]!.widths = new Uint32Array([1, 1, 1])
    broken.sheets[0]!.values = new Float64Array([0, 0, 0])
    broken.sheets[0]!.kinds = new Uint8Array([1, 1 | 16, 1 | 16])
    reply({ id: started[0]!.jobs[1]!.id, ok: true, packed: broken })
    const err = await refusal(bad)
    expect(err.code).toBe('FILE_UNREADABLE')
    expect(err.message).toContain('desa.xlsx')
    pool.close()
  })

  it('a file asked for again after its result was taken is read again', async () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 1 })
    const f = file('a.csv', 5)
    const first = pool.parse(f.bytes, f.fileName, f.limits)
    started[0]!.answer()
    await first
    const again = pool.parse(f.bytes, f.fileName, f.limits)
    expect(started[0]!.jobs).toHaveLength(2)
    started[0]!.answer()
    expect((await again).detail).toBe('a.csv')
    pool.close()
  })

  it('a process over its time limit is killed, its file refused by name, and a new process reads the next', async () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 1, timeoutMs: 20 })
    const slow = pool.parse(file('lambat.xlsx', 5).bytes, 'lambat.xlsx', DEFAULT_LIMITS)
    const next = pool.parse(file('desa.csv', 5).bytes, 'desa.csv', DEFAULT_LIMITS)
    const err = await refusal(slow)
    expect(err.code).toBe('FILE_PARSE_TIMEOUT')
    expect(err.message).toContain('lambat.xlsx')
    expect(err.message).toContain('terlalu lama dibaca (> 0,02 detik)')
    expect(started[0]!.killed).toBe(true)
    expect(started).toHaveLength(2)
    expect(started[1]!.jobs[0]!.fileName).toBe('desa.csv')
    started[1]!.answer()
    expect((await next).detail).toBe('desa.csv')
    pool.close()
  })

  it('a process that dies at its heap cap refuses its file with the cap; another death says so', async () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 1, maxHeapMb: 256 })
    const big = pool.parse(file('besar.xlsx', 5).bytes, 'besar.xlsx', DEFAULT_LIMITS)
    started[0]!.die({ code: null, signal: 'SIGABRT', outOfMemory: true })
    const err = await refusal(big)
    expect(err.code).toBe('FILE_PARSE_MEMORY')
    expect(err.message).toBe(
      'File besar.xlsx ditolak: melebihi batas memori 256 MB saat dibaca, pembacaannya dihentikan. File lain tetap diproses. Periksa isinya (sel atau lembar yang sangat besar) atau pisahkan per desa.'
    )
    const odd = pool.parse(file('aneh.xls', 5).bytes, 'aneh.xls', DEFAULT_LIMITS)
    started[1]!.die({ code: 3, signal: null, outOfMemory: false })
    const other = await refusal(odd)
    expect(other.code).toBe('FILE_UNREADABLE')
    expect(other.message).toContain('aneh.xls')
    expect(other.message).toContain('kode 3')
    pool.close()
  })

  it('passes a refusal from the reader on as it came, and close cancels what waits', async () => {
    const { start, started } = fakes()
    const pool = new ParsePool({ start, sha256, size: 1 })
    const bad = pool.parse(file('kosong.csv', 1).bytes, 'kosong.csv', DEFAULT_LIMITS)
    const waiting = pool.parse(file('lain.csv', 2).bytes, 'lain.csv', DEFAULT_LIMITS)
    const job = started[0]!.jobs[0]!
    // The reply handler was registered through onReply; answer with the reader's refusal.
    ;(started[0] as unknown as { replyFn: (r: ParseReply) => void }).replyFn({
      id: job.id,
      ok: false,
      error: { code: 'FILE_EMPTY', message: 'File kosong.csv kosong.', details: { file: 'kosong.csv' } }
    })
    expect((await refusal(bad)).code).toBe('FILE_EMPTY')
    pool.close()
    expect((await refusal(waiting)).code).toBe('CANCELLED')
    expect(started.every((p) => p.killed)).toBe(true)
    expect((await refusal(pool.parse(new Uint8Array(1), 'x.csv', DEFAULT_LIMITS))).code).toBe('CANCELLED')
  })
})
