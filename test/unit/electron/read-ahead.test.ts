/**
 * The import queue's read-ahead (electron/engine-host/read-ahead.ts) over a fake parse port that
 * reads only when the test says: what is read when, what is read once, what a drop lets go.
 */
import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { type AheadFile, ReadAhead } from '../../../electron/engine-host/read-ahead'
import { CermatError } from '../../../shared/api/result'
import type { ParsePort } from '../../../shared/engine/import/parse-port'
import { DEFAULT_LIMITS, type ReadLimits, type WorkbookData } from '../../../shared/engine/import/read-workbook'

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')

/** A parse port whose reads wait until the test finishes them; it records every read it was asked for. */
function fakePort() {
  const reads: { fileName: string; limits: ReadLimits; finish(): void; fail(err: unknown): void }[] = []
  const port: ParsePort = {
    parse: (_bytes: Uint8Array, fileName: string, limits: ReadLimits) =>
      new Promise<WorkbookData>((resolve, reject) => {
        reads.push({ fileName, limits, finish: () => resolve(workbookOf(fileName)), fail: reject })
      })
  }
  const read = (fileName: string) => reads.find((r) => r.fileName === fileName)!
  return {
    port,
    reads,
    names: () => reads.map((r) => r.fileName),
    finish: (f: string) => read(f).finish(),
    fail: (f: string, e: unknown) => read(f).fail(e)
  }
}

const workbookOf = (fileName: string): WorkbookData => ({ format: 'csv', sheets: [], date1904: false, detail: fileName })

/** A file whose bytes say its name (so each has its own SHA-256), `size` bytes long at least. */
function file(fileName: string, size = 0): AheadFile {
  const text = new TextEncoder().encode(fileName)
  const bytes = new Uint8Array(Math.max(size, text.length))
  bytes.set(text)
  return { bytes, fileName }
}

/** The engine asks for a file, with the limits it reads with. */
const ask = (ra: ReadAhead, f: AheadFile, limits: ReadLimits = DEFAULT_LIMITS) => ra.parse(f.bytes, f.fileName, limits)
/** Lets the settled reads' callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('ReadAhead: the import queue reads its next files while the engine applies one', () => {
  it('reads announced files in the queue order, at most maxAhead at once, and the next as one is asked for', async () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256, maxAhead: 2 })
    const files = ['a.xlsx', 'b.xls', 'c.ods', 'd.csv', 'e.csv'].map((n) => file(n))
    ra.readAhead(files)
    // Nothing is read before the engine has said with which limits it reads (its ask for the first file).
    expect(fake.names()).toEqual([])
    const a = ask(ra, files[0]!)
    expect(fake.names()).toEqual(['a.xlsx', 'b.xls', 'c.ods'])
    expect(ra.state).toMatchObject({ reading: 2, waiting: 2 })
    expect(fake.reads.map((r) => r.limits)).toEqual([DEFAULT_LIMITS, DEFAULT_LIMITS, DEFAULT_LIMITS])

    // The engine asks for b.xls: it takes the read already running, and d.csv starts in its place.
    const b = ask(ra, files[1]!)
    expect(fake.names()).toEqual(['a.xlsx', 'b.xls', 'c.ods', 'd.csv'])
    // Results finishing out of order change nothing: each file gets its own cells.
    fake.finish('c.ods')
    fake.finish('b.xls')
    fake.finish('a.xlsx')
    expect((await a).detail).toBe('a.xlsx')
    expect((await b).detail).toBe('b.xls')
    expect((await ask(ra, files[2]!)).detail).toBe('c.ods')
    expect(fake.names()).toEqual(['a.xlsx', 'b.xls', 'c.ods', 'd.csv', 'e.csv'])
  })

  it('a file read ahead with other limits than the engine asks with is read again with its limits', () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256, maxAhead: 2 })
    const [a, b] = [file('a.csv'), file('b.csv')]
    ra.readAhead([a, b])
    void ask(ra, a)
    const strict = { ...DEFAULT_LIMITS, maxRows: 10 }
    void ask(ra, b, strict)
    expect(fake.reads.map((r) => [r.fileName, r.limits])).toEqual([
      ['a.csv', DEFAULT_LIMITS],
      ['b.csv', DEFAULT_LIMITS],
      ['b.csv', strict]
    ])
  })

  it('a file inspected and then imported (and re-inspected on the mapping screen) is read once', async () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256 })
    const f = file('sumberadi.xlsx')
    const inspect = ask(ra, f)
    fake.finish('sumberadi.xlsx')
    await inspect
    await ask(ra, f)
    await ask(ra, f)
    expect(fake.names()).toEqual(['sumberadi.xlsx'])
    // After its import the cells are let go: a later import of the same file reads it again.
    ra.release()
    void ask(ra, f)
    expect(fake.names()).toEqual(['sumberadi.xlsx', 'sumberadi.xlsx'])
  })

  it('the same bytes under another name, or with other limits, are another read', () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256 })
    const f = file('a.csv')
    void ask(ra, f)
    void ra.parse(f.bytes, 'b.csv', DEFAULT_LIMITS)
    void ra.parse(f.bytes, 'b.csv', { ...DEFAULT_LIMITS, maxRows: 10 })
    expect(fake.names()).toEqual(['a.csv', 'b.csv', 'b.csv'])
  })

  it('holds at most maxAheadBytes of input read ahead, but always one file', () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256, maxAhead: 4, maxAheadBytes: 1000 })
    const files = [file('first.csv'), file('big.xlsx', 1500), file('x.csv', 400), file('y.csv', 400), file('z.csv', 400)]
    ra.readAhead(files)
    void ask(ra, files[0]!)
    // One file larger than the bound still goes, alone.
    expect(fake.names()).toEqual(['first.csv', 'big.xlsx'])
    void ask(ra, files[1]!)
    expect(fake.names()).toEqual(['first.csv', 'big.xlsx', 'x.csv', 'y.csv'])
    expect(ra.state).toMatchObject({ reading: 2, waiting: 1 })
  })

  it('a file announced twice is read once; one announced after it was asked for is not read again', () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256, maxAhead: 4 })
    const [a, b] = [file('a.csv'), file('b.csv')]
    ra.readAhead([a, b])
    ra.readAhead([a, b])
    void ask(ra, a)
    ra.readAhead([a, b])
    expect(fake.names()).toEqual(['a.csv', 'b.csv'])
    expect(ra.state).toMatchObject({ reading: 1, waiting: 0, kept: true })
  })

  it('a file that fails ahead is refused on its own turn, by name, and read again if tried again', async () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256 })
    const [first, bad, good] = [file('pertama.csv'), file('rusak.xlsx'), file('baik.csv')]
    ra.readAhead([first, bad, good])
    void ask(ra, first)
    const refused = new CermatError('FILE_UNREADABLE', 'rusak.xlsx tidak dapat dibaca', { file: 'rusak.xlsx' })
    // It fails before anyone asks: nothing is said yet (no unhandled rejection).
    fake.fail('rusak.xlsx', refused)
    fake.finish('baik.csv')
    await settle()
    await expect(ask(ra, bad)).rejects.toBe(refused)
    expect((await ask(ra, good)).detail).toBe('baik.csv')
    // Not kept as a refusal: the operator may try the file again (a time limit on a busy PC).
    void ask(ra, bad)
    expect(fake.names()).toEqual(['pertama.csv', 'rusak.xlsx', 'baik.csv', 'rusak.xlsx'])
  })

  it('a drop lets go of what was read ahead; reads still running count against the bound until they end', async () => {
    const fake = fakePort()
    const ra = new ReadAhead(fake.port, { sha256, maxAhead: 2 })
    const files = ['s.csv', 'a.csv', 'b.csv', 'c.csv'].map((n) => file(n))
    ra.readAhead(files)
    void ask(ra, files[0]!)
    fake.finish('a.csv')
    await settle()
    ra.drop()
    expect(ra.state).toEqual({ reading: 0, waiting: 0, orphans: 1, kept: false })

    // A new queue: one slot is still held by b.csv's read, which nobody will take.
    const next = [file('p.csv'), file('q.csv')]
    ra.readAhead(next)
    expect(fake.names()).toEqual(['s.csv', 'a.csv', 'b.csv', 'p.csv'])
    fake.finish('b.csv')
    await settle()
    expect(fake.names()).toEqual(['s.csv', 'a.csv', 'b.csv', 'p.csv', 'q.csv'])
    expect(ra.state.orphans).toBe(0)

    // A dropped file asked for later is read afresh, not taken from the dropped read.
    void ask(ra, files[1]!)
    expect(fake.names()).toEqual(['s.csv', 'a.csv', 'b.csv', 'p.csv', 'q.csv', 'a.csv'])
  })
})
