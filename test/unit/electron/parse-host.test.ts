/**
 * How the hosts read files: the app's utilityProcess adapter (on a fake of the few members of
 * Electron's UtilityProcess it uses) and the engine worker asking its host to parse (the real
 * built worker, EngineClient, and a pool of real parse processes, as in the test host).
 */
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { EngineClient } from '../../../electron/engine-host/client'
import { forkParser } from '../../../electron/engine-host/parse-fork'
import { ParsePool } from '../../../electron/engine-host/parse-pool'
import type { ParseJob, ParseReply, ProcessEnd } from '../../../electron/engine-host/parse-protocol'
import { type ForkUtility, type UtilityChild, utilityParser } from '../../../electron/main/parse-utility'
import type { ParsePort } from '../../../shared/engine/import/parse-port'
import { DEFAULT_LIMITS } from '../../../shared/engine/import/read-workbook'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')

/** The UtilityProcess members the adapter uses, driven by the test. */
class FakeUtility extends EventEmitter implements UtilityChild {
  readonly pid = 4242
  readonly stderr = new EventEmitter() as EventEmitter & UtilityChild['stderr'] & object
  readonly posted: ParseJob[] = []
  killed = 0
  postMessage(message: ParseJob): void {
    this.posted.push(message)
  }
  kill(): boolean {
    this.killed++
    return true
  }
}

describe('utilityProcess adapter', () => {
  function start(maxHeapMb = 300) {
    const forks: { path: string; args: string[]; options: Parameters<ForkUtility>[2] }[] = []
    const child = new FakeUtility()
    const fork: ForkUtility = (path, args, options) => {
      forks.push({ path, args, options })
      return child
    }
    const process = utilityParser(fork, '/app/out/main/parse-child.js')({ maxHeapMb })
    const replies: ParseReply[] = []
    const ends: ProcessEnd[] = []
    process.onReply((r) => replies.push(r))
    process.onExit((e) => ends.push(e))
    return { forks, child, process, replies, ends }
  }

  it('forks the parse entry with the heap cap as V8 flags in --js-flags, posts jobs and passes replies on', () => {
    const { forks, child, process, replies } = start(512)
    expect(forks).toEqual([
      {
        path: '/app/out/main/parse-child.js',
        args: [],
        options: {
          serviceName: 'Cermat pembaca file',
          // One Chromium switch: V8 reads --js-flags before the isolate exists (parse-utility.ts).
          execArgv: ['--js-flags=--max-old-space-size=512 --expose-gc'],
          stdio: ['ignore', 'ignore', 'pipe']
        }
      }
    ])
    expect(process.pid).toBe(4242)
    const job: ParseJob = { id: 7, bytes: new Uint8Array([1, 2]), fileName: 'desa.xlsx', limits: DEFAULT_LIMITS }
    process.send(job)
    expect(child.posted).toEqual([job])
    child.emit('message', { id: 7, ok: true, workbook: { format: 'csv', sheets: [], date1904: false, detail: '' } })
    expect(replies.map((r) => r.id)).toEqual([7])
    process.kill()
    expect(child.killed).toBe(1)
  })

  it('an exit after V8 reported a fatal error, or printed "heap out of memory", is a heap-cap death; another is not', () => {
    const fatal = start()
    fatal.child.emit('error', 'FatalError', 'v8::internal::Heap', '{}')
    fatal.child.emit('exit', 133)
    expect(fatal.ends).toEqual([{ code: 133, signal: null, outOfMemory: true }])

    const printed = start()
    printed.child.stderr.emit('data', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n')
    printed.child.emit('exit', 134)
    expect(printed.ends).toEqual([{ code: 134, signal: null, outOfMemory: true }])

    const other = start()
    other.child.stderr.emit('data', 'some other trouble\n')
    other.child.emit('exit', 1)
    expect(other.ends).toEqual([{ code: 1, signal: null, outOfMemory: false }])
  })
})

describe('the engine worker reads files through its host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cermat-parse-host-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('imports and inspects through the host’s pool; a file over the memory cap is refused by name and the next goes on', async () => {
    const { pool, asked, client } = hostWithPool({ size: 1, maxHeapMb: 48 }, 3)
    try {
      expect((await client.open(join(dir, 'ruang'), 'Uji')).ok).toBe(true)
      const master = new Uint8Array(readFileSync(join(DEMO, 'master-dtsen.xlsx')))
      const imported = await client.call('importMaster', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
      expect(imported.ok && imported.value.source.rows).toBeGreaterThan(100)

      const row = '3404051205800001;ORANG;DUSUN KRAJAN;L;1980-05-12\n'
      const heavy = new TextEncoder().encode('NIK;NAMA;ALAMAT;JK;TGL LAHIR\n' + row.repeat(200_000))
      const refused = await client.call('importVillage', { taskId: 'v1', fileName: 'berat.csv', bytes: heavy })
      expect(refused.ok).toBe(false)
      if (!refused.ok) {
        expect(refused.error.code).toBe('FILE_PARSE_MEMORY')
        expect(refused.error.message).toContain('File berat.csv ditolak: melebihi batas memori 48 MB')
      }

      const village = new Uint8Array(readFileSync(join(DEMO, 'desa/musdes-tirtoadi-2026-11.csv')))
      const preview = await client.call('inspectFile', { kind: 'village', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: village })
      expect(preview.ok && preview.value.format).toBe('csv')
      const next = await client.call('importVillage', { taskId: 'v2', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: village })
      expect(next.ok && next.value.source.rows).toBeGreaterThan(10)
      // Inspected, then imported: read once (the client keeps the file read last until its import ends).
      expect(asked).toEqual(['master-dtsen.xlsx', 'berat.csv', 'musdes-tirtoadi-2026-11.csv'])
    } finally {
      await client.stop()
      pool.close()
    }
  })

  it('the import queue’s next files are read ahead while one is imported, each once, and applied in the queue’s order', async () => {
    const { pool, asked, client } = hostWithPool({ size: 2 }, 4)
    try {
      expect((await client.open(join(dir, 'antrian'), 'Uji')).ok).toBe(true)
      const read = (name: string) => ({ fileName: name, bytes: new Uint8Array(readFileSync(join(DEMO, name))) })
      const master = read('master-dtsen.xlsx')
      expect((await client.call('importMaster', { taskId: 'm', ...master })).ok).toBe(true)
      // As renderer/src/store/import.ts does: the queue's files go ahead, then each is inspected and imported in turn.
      const files = ['musdes-tirtoadi-2026-11.csv', 'musdes-sumberadi-2026-11.xlsx', 'musdes-tlogoadi-2026-11.xlsx'].map((n) =>
        read(`desa/${n}`)
      )
      expect((await client.call('readAhead', { files })).ok).toBe(true)
      const imported: string[] = []
      for (const [i, f] of files.entries()) {
        expect((await client.call('inspectFile', { kind: 'village', ...f })).ok).toBe(true)
        const done = await client.call('importVillage', { taskId: `v${i}`, ...f })
        if (done.ok) imported.push(`${done.value.source.fileName} ${done.value.source.desa}`)
      }
      expect((await client.call('readAhead', { files: [] })).ok).toBe(true)
      expect(imported).toEqual([
        'musdes-tirtoadi-2026-11.csv TIRTOADI',
        'musdes-sumberadi-2026-11.xlsx SUMBERADI',
        'musdes-tlogoadi-2026-11.xlsx TLOGOADI'
      ])
      // The first file is read when the engine asks for it (it says with which limits), the next one
      // beside it; every file once, though each was inspected and imported.
      // (Named without their folder, as the engine names them.)
      expect(asked).toEqual([
        'master-dtsen.xlsx',
        'musdes-tirtoadi-2026-11.csv',
        'musdes-sumberadi-2026-11.xlsx',
        'musdes-tlogoadi-2026-11.xlsx'
      ])
    } finally {
      await client.stop()
      pool.close()
    }
  })
})

/** The host's engine client reading through a real pool of parse processes; `asked` lists every file the pool was asked to read. */
function hostWithPool(limits: { size: number; maxHeapMb?: number }, keyByte: number) {
  const pool = new ParsePool({ start: forkParser(join(ROOT, 'out/main/parse-child.js')), sha256, ...limits })
  const asked: string[] = []
  const parser: ParsePort = {
    parse: (bytes, fileName, parseLimits) => {
      asked.push(fileName)
      return pool.parse(bytes, fileName, parseLimits)
    }
  }
  const client = new EngineClient({
    workerPath: join(ROOT, 'out/main/engine-worker.js'),
    init: { appVersion: '0.0.0-test', defaultOperator: 'operator-uji' },
    onProgress: () => undefined,
    dataKey: async () => new Uint8Array(32).fill(keyByte),
    parser
  })
  return { pool, asked, client }
}
