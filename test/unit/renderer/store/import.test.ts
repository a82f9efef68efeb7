import { importBlockers, needsLook } from '@renderer/store/import'
import { aheadEnd } from '@shared/api/read-ahead'
import type { ImportPreview, ImportResult, SourceInfo } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, type Handlers, packedPage, storeWith, summary, workspace } from '../fakes'

const file = (name: string) => new File([new TextEncoder().encode(`NIK,NAMA\n${name}`)], name)

function preview(over: Partial<ImportPreview> = {}): ImportPreview {
  return {
    fileName: 'f.csv',
    sha256: 'ab',
    format: 'csv',
    detail: 'CSV',
    alreadyImported: false,
    sheets: [],
    sheet: 'CSV',
    headerRow: 1,
    headerRows: 1,
    columns: [{ column: 0, letter: 'A', header: 'NIK', target: 'nik', confidence: 1, how: 'exact', hidden: false }],
    preview: [],
    rows: 2,
    desa: 'SUMBERADI',
    existing: [],
    warnings: [],
    coercions: [],
    template: null,
    ...over
  }
}

const source = (fileName: string, desa: string): SourceInfo => ({
  id: 2,
  kind: 'village',
  fileName,
  sha256: 'cd',
  format: 'csv',
  sheet: 'CSV',
  headerRow: 1,
  rows: 2,
  desa,
  mapping: [],
  importedAt: '2026-12-01T08:00:00Z',
  importedBy: 'Budi',
  coverage: null
})

const result = (fileName: string, desa = 'SUMBERADI'): ImportResult => ({
  source: source(fileName, desa),
  alreadyImported: false,
  warnings: [],
  coercions: [],
  summary: summary(),
  carryForward: { carried: 0, fulfilled: 0, review: 0, orphaned: 0 }
})

/** A workspace whose files all import cleanly unless a test says otherwise. */
const importing = (over: Handlers = {}): Handlers => ({
  readAhead: () => null,
  inspectFile: (a) => preview({ fileName: a.fileName }),
  importVillage: (a) => result(a.fileName),
  getWorkspace: () => workspace(),
  listRowsPacked: () => packedPage([]),
  getSummary: () => summary(),
  ...over
})

describe('needsLook: when the mapping screen shows', () => {
  it('for a guessed column or header, a desa it cannot tell, a desa that has files, or always when asked', () => {
    expect(needsLook('village', preview(), false)).toBe(false)
    expect(needsLook('village', preview(), true)).toBe(true)
    expect(needsLook('village', preview({ desa: '' }), false)).toBe(true)
    expect(needsLook('master', preview({ desa: '' }), false)).toBe(false)
    expect(needsLook('village', preview({ existing: [{ fileName: 'old.csv', rows: 3 }] }), false)).toBe(true)
    expect(needsLook('village', preview({ columns: [{ ...preview().columns[0]!, how: 'fuzzy' }] }), false)).toBe(true)
    expect(needsLook('village', preview({ warnings: [{ code: 'HEADER_GUESSED', message: '' }] }), false)).toBe(true)
    // Evidence naming two desa: the operator chooses.
    expect(needsLook('village', preview({ warnings: [{ code: 'DESA_EVIDENCE_CONFLICT', message: '' }] }), false)).toBe(true)
    expect(needsLook('village', preview({ warnings: [{ code: 'EMPTY_ROWS_SKIPPED', message: '' }] }), false)).toBe(false)
  })
})

describe('importBlockers: what must be answered before the Import button works', () => {
  type Blockable = Parameters<typeof importBlockers>[0]
  const pending = (over: Partial<Blockable> = {}): Blockable => ({ kind: 'village', preview: preview(), desa: null, guesses: [], ...over })
  it('an unknown desa or disagreeing evidence until the operator answers; guesses until each is confirmed', () => {
    expect(importBlockers(pending())).toEqual([])
    expect(importBlockers(pending({ preview: preview({ desa: '' }) }))).toEqual([{ kind: 'desa_unknown' }])
    const conflict = preview({ desaConflict: { desa: 'TLOGOADI', key: 'TLOGOADI', kind: 'file_name', value: 'x.csv', strength: 45 } })
    expect(importBlockers(pending({ preview: conflict }))).toEqual([{ kind: 'desa_conflict' }])
    expect(importBlockers(pending({ preview: conflict, desa: 'SUMBERADI' }))).toEqual([])
    expect(importBlockers({ ...pending({ preview: preview({ desa: '' }) }), kind: 'master' })).toEqual([])
    expect(importBlockers(pending({ guesses: [{ column: 3, target: 'keterangan', confidence: 0.6 }] }))).toEqual([
      { kind: 'guesses', columns: [3] }
    ])
  })
})

describe('import slice', () => {
  it('a clean file is imported at once: report, notice, workspace and rows read again', async () => {
    const { store, fake } = storeWith(importing())
    await store.getState().importVillages([file('sumberadi.csv')])
    // The file goes ahead to the parse processes first, and what was read ahead is let go once the queue ends.
    expect(fake.methods()).toEqual([
      'readAhead',
      'inspectFile',
      'importVillage',
      'getWorkspace',
      'readAhead',
      'listRowsPacked',
      'getSummary'
    ])
    const s = store.getState()
    expect(s.lastImport).toMatchObject({ kind: 'village', fileName: 'sumberadi.csv' })
    expect(s.tasks).toEqual({})
    expect(s.notices.map((n) => n.message)).toEqual([
      { key: 'ui.import.done', params: { file: 'sumberadi.csv', rows: 2, desa: 'SUMBERADI' } }
    ])
  })

  it('a desa the file does not name is said as unknown, in the language of the moment', async () => {
    const { store } = storeWith(importing({ importVillage: (a) => result(a.fileName, '') }))
    await store.getState().importVillages([file('tanpa-desa.csv')])
    expect(store.getState().notices[0]?.message).toMatchObject({ params: { desa: { key: 'ui.desaUnknown' } } })
  })

  it('a file that needs a look stops the queue on the mapping screen; confirming goes on with the rest', async () => {
    const { store, fake } = storeWith(
      importing({ inspectFile: (a) => preview({ fileName: a.fileName, desa: a.fileName === 'b.csv' ? '' : 'X' }) })
    )
    await store.getState().importVillages([file('a.csv'), file('b.csv'), file('c.csv')])
    expect(fake.argsOf('importVillage').map((a) => (a as { fileName: string }).fileName)).toEqual(['a.csv'])
    const pending = store.getState().pending!
    expect(pending.fileName).toBe('b.csv')
    expect(pending.rest.map((f) => f.name)).toEqual(['c.csv'])

    await store.getState().changePending({ sheet: 'DATA' })
    await store.getState().changePending({ headerRow: 3 })
    expect(fake.argsOf('inspectFile').at(-1)).toMatchObject({ fileName: 'b.csv', choice: { sheet: 'DATA', headerRow: 3 } })

    // Its desa is unknown: confirming does nothing until the operator names it.
    await store.getState().confirmPending({ onExisting: 'add' })
    expect(fake.argsOf('importVillage')).toHaveLength(1)
    await store.getState().choosePendingDesa('TLOGOADI')
    expect(fake.argsOf('inspectFile').at(-1)).toMatchObject({
      fileName: 'b.csv',
      desa: 'TLOGOADI',
      choice: { sheet: 'DATA', headerRow: 3 }
    })
    await store.getState().confirmPending({ onExisting: 'add' })
    expect(fake.argsOf('importVillage').map((a) => a as { fileName: string; choice?: unknown; onExisting?: string })).toMatchObject([
      { fileName: 'a.csv' },
      { fileName: 'b.csv', choice: { sheet: 'DATA', headerRow: 3 }, desa: 'TLOGOADI', onExisting: 'add' },
      { fileName: 'c.csv' }
    ])
    expect(store.getState().pending).toBeNull()
  })

  it('the next files go ahead to the parse processes in order, a few at a time, each once; the end lets them go', async () => {
    const { store, fake } = storeWith(importing())
    const names = ['a.csv', 'b.xlsx', 'c.xls', 'd.ods', 'e.csv', 'f.csv']
    await store.getState().importVillages(names.map(file))
    const ahead = fake.argsOf('readAhead').map((a) => (a as { files: { fileName: string; bytes: Uint8Array }[] }).files)
    // Four at the start, then one more as each file's turn comes; the bytes are the file's own.
    expect(ahead.map((files) => files.map((f) => f.fileName))).toEqual([['a.csv', 'b.xlsx', 'c.xls', 'd.ods'], ['e.csv'], ['f.csv'], []])
    expect(new TextDecoder().decode(ahead[0]![1]!.bytes)).toBe('NIK,NAMA\nb.xlsx')
    // The engine still takes them one after another, in the order given, each announced before it is asked for.
    expect(fake.argsOf('importVillage').map((a) => (a as { fileName: string }).fileName)).toEqual(names)
    const order = fake.calls.flatMap((c) => {
      if (c.method === 'inspectFile') return [(c.args as { fileName: string }).fileName]
      if (c.method === 'readAhead') return [`ahead ${(c.args as { files: { fileName: string }[] }).files.length}`]
      return []
    })
    expect(order).toEqual(['ahead 4', 'a.csv', 'ahead 1', 'b.xlsx', 'ahead 1', 'c.xls', 'd.ods', 'e.csv', 'f.csv', 'ahead 0'])
  })

  it('a queue stopped on the mapping screen keeps what was read ahead for the rest; the end of the rest lets it go', async () => {
    const { store, fake } = storeWith(
      importing({ inspectFile: (a) => preview({ fileName: a.fileName, desa: a.fileName === 'b.csv' ? '' : 'X' }) })
    )
    await store.getState().importVillages([file('a.csv'), file('b.csv'), file('c.csv')])
    expect(fake.argsOf('readAhead')).toHaveLength(1)
    await store.getState().cancelPending()
    // The rest (c.csv) is announced again (the host reads it once) and let go when it is done.
    expect(fake.argsOf('readAhead').map((a) => (a as { files: { fileName: string }[] }).files.map((f) => f.fileName))).toEqual([
      ['a.csv', 'b.csv', 'c.csv'],
      ['c.csv'],
      []
    ])
    expect(fake.argsOf('importVillage').map((a) => (a as { fileName: string }).fileName)).toEqual(['a.csv', 'c.csv'])
  })

  it('a host that cannot read ahead changes nothing; a file that cannot be read is said on its own turn', async () => {
    const unreadable = new File([], 'hilang.csv')
    Object.defineProperty(unreadable, 'arrayBuffer', { value: () => Promise.reject(new Error('NotFoundError')) })
    const { store, fake } = storeWith(importing({ readAhead: () => Promise.reject(failure('INTERNAL')) }))
    const queued = store.getState().importVillages([file('a.csv'), unreadable, file('c.csv')])
    // The unreadable file stops the queue where it stood before (on its turn), after a.csv was imported.
    await expect(queued).rejects.toThrow('NotFoundError')
    expect(fake.argsOf('readAhead').map((a) => (a as { files: { fileName: string }[] }).files.map((f) => f.fileName))).toEqual([
      ['a.csv', 'c.csv']
    ])
    expect(fake.argsOf('importVillage').map((a) => (a as { fileName: string }).fileName)).toEqual(['a.csv'])
    expect(store.getState().notices.map((n) => n.message)).toMatchObject([{ key: 'ui.import.done', params: { file: 'a.csv' } }])
  })

  it('a guessed column stays a guess until the operator confirms or sets it, even when another column is changed', async () => {
    const columns: ImportPreview['columns'] = [
      { column: 0, letter: 'A', header: 'NIK', target: 'nik', confidence: 1, how: 'exact', hidden: false },
      { column: 1, letter: 'B', header: 'NAMA LENGKPA', target: 'nama', confidence: 0.9, how: 'fuzzy', hidden: false },
      { column: 2, letter: 'C', header: '', target: 'keterangan', confidence: 0.6, how: 'fuzzy', hidden: false },
      { column: 3, letter: 'D', header: 'JK', target: null, confidence: 0, how: null, hidden: false }
    ]
    const { store, fake } = storeWith(
      importing({
        inspectFile: (a) => {
          const chosen = a.choice?.mapping
          // A chosen mapping comes back as the operator's, column by column.
          if (!chosen) return preview({ fileName: a.fileName, columns })
          return preview({
            fileName: a.fileName,
            columns: columns.map((c) => {
              const m = chosen.find((x) => x.column === c.column)
              return { ...c, target: m?.target ?? null, confidence: 1, how: m ? ('manual' as const) : null }
            })
          })
        }
      })
    )
    await store.getState().importVillages([file('tebakan.csv')])
    expect(store.getState().pending?.guesses.map((g) => g.column)).toEqual([1, 2])
    // Setting column D keeps B and C as guesses: the engine calls them the operator's, the operator never said so.
    await store.getState().changePending(
      {
        mapping: [
          { column: 0, target: 'nik' },
          { column: 1, target: 'nama' },
          { column: 2, target: 'keterangan' },
          { column: 3, target: 'jenis_kelamin' }
        ]
      },
      3
    )
    expect(store.getState().pending?.guesses.map((g) => g.column)).toEqual([1, 2])
    await store.getState().confirmPending({})
    expect(fake.argsOf('importVillage')).toEqual([])
    // Choosing C's meaning answers C; confirming B answers B.
    await store.getState().changePending(
      {
        mapping: [
          { column: 0, target: 'nik' },
          { column: 1, target: 'nama' },
          { column: 2, target: 'keterangan' },
          { column: 3, target: 'jenis_kelamin' }
        ]
      },
      2
    )
    expect(store.getState().pending?.guesses).toEqual([{ column: 1, target: 'nama', confidence: 0.9 }])
    store.getState().confirmPendingGuess(1)
    expect(importBlockers(store.getState().pending!)).toEqual([])
    await store.getState().confirmPending({})
    expect(fake.argsOf('importVillage')).toHaveLength(1)
  })

  it('a guess confirmed while the engine answers a change stays confirmed', async () => {
    const columns: ImportPreview['columns'] = [
      { column: 0, letter: 'A', header: 'NIK', target: 'nik', confidence: 1, how: 'exact', hidden: false },
      { column: 1, letter: 'B', header: 'NAMA LENGKPA', target: 'nama', confidence: 0.9, how: 'fuzzy', hidden: false },
      { column: 2, letter: 'C', header: '', target: 'keterangan', confidence: 0.6, how: 'fuzzy', hidden: false }
    ]
    let answer: (() => void) | null = null
    const { store } = storeWith(
      importing({
        inspectFile: (a) => {
          const p = preview({ fileName: a.fileName, columns })
          if (!a.choice?.mapping) return p
          const manual = { ...p, columns: columns.map((c) => ({ ...c, confidence: 1, how: 'manual' as const })) }
          return new Promise<ImportPreview>((resolve) => (answer = () => resolve(manual)))
        }
      })
    )
    await store.getState().importVillages([file('tebakan.csv')])
    const mapping = columns.map((c) => ({ column: c.column, target: c.target! }))
    const changing = store.getState().changePending({ mapping }, 2)
    // The operator confirms B before the engine has answered the change to C.
    store.getState().confirmPendingGuess(1)
    answer!()
    await changing
    expect(store.getState().pending?.guesses).toEqual([])
  })

  it('cancelling the mapping screen skips that file and goes on', async () => {
    const { store, fake } = storeWith(importing())
    store.getState().setAlwaysMap(true)
    await store.getState().importVillages([file('a.csv'), file('b.csv')])
    expect(store.getState().pending?.fileName).toBe('a.csv')
    await store.getState().cancelPending()
    expect(store.getState().pending?.fileName).toBe('b.csv')
    expect(fake.argsOf('importVillage')).toEqual([])
  })

  it('a file already imported or unreadable is said, and the queue goes on', async () => {
    const { store, fake } = storeWith(
      importing({
        inspectFile: (a) => {
          if (a.fileName === 'rusak.xlsx') throw failure('FILE_UNREADABLE')
          return preview({ fileName: a.fileName, alreadyImported: a.fileName === 'lagi.csv' })
        }
      })
    )
    await store.getState().importVillages([file('rusak.xlsx'), file('lagi.csv'), file('baru.csv')])
    expect(store.getState().notices.map((n) => n.message)).toMatchObject([
      { key: 'ui.import.failed', params: { file: 'rusak.xlsx', message: { error: { code: 'FILE_UNREADABLE' } } } },
      { key: 'ui.import.already', params: { file: 'lagi.csv' } },
      { key: 'ui.import.done', params: { file: 'baru.csv' } }
    ])
    expect(fake.argsOf('importVillage')).toHaveLength(1)
  })

  it('a failed import is an error notice and leaves no task behind', async () => {
    const { store, fake } = storeWith(importing({ importMaster: () => Promise.reject(failure('NIK_COLUMN_MISSING')) }))
    await store.getState().importMaster(file('master.csv'))
    expect(store.getState().tasks).toEqual({})
    expect(store.getState().notices[0]).toMatchObject({
      kind: 'error',
      message: { key: 'ui.import.failed', params: { file: 'master.csv' } }
    })
    expect(fake.methods()).not.toContain('listRowsPacked')
  })

  it('a running import shows as a task with its progress until it ends', async () => {
    let during: unknown
    const { store } = storeWith(
      importing({
        importVillage: (a) => {
          store.getState().trackProgress({ taskId: a.taskId, phase: 'match', done: 1, total: 2 })
          during = Object.values(store.getState().tasks)
          return result(a.fileName)
        }
      })
    )
    await store.getState().importVillages([file('a.csv')])
    expect(during).toMatchObject([{ fileName: 'a.csv', phase: 'match', done: 1, total: 2 }])
    expect(store.getState().tasks).toEqual({})
  })

  it('the coverage setting of a file is saved and the rows read again', async () => {
    const { store, fake } = storeWith(importing({ setCoverage: () => workspace({ name: 'after' }) }))
    await store.getState().setCoverage(2, 'complete')
    expect(fake.calls[0]).toEqual({ method: 'setCoverage', args: { sourceId: 2, coverage: 'complete' } })
    expect(store.getState().workspace?.name).toBe('after')
    expect(fake.methods()).toContain('listRowsPacked')
  })

  it('cancelling a task asks the engine and never fails the screen', async () => {
    const { store, fake } = storeWith({ cancelTask: () => Promise.reject(failure('INTERNAL')) })
    await store.getState().cancelTask('t1')
    expect(fake.calls).toEqual([{ method: 'cancelTask', args: { taskId: 't1' } }])
    expect(store.getState().notices).toEqual([])
  })
})

describe('aheadEnd: which files go ahead', () => {
  it('at most four files and 32 MB from the current one, which always goes', () => {
    const MB = 1024 * 1024
    expect(aheadEnd([1, 1, 1, 1, 1, 1], 0)).toBe(4)
    expect(aheadEnd([1, 1, 1, 1, 1, 1], 4)).toBe(6)
    expect(aheadEnd([40 * MB, 1, 1], 0)).toBe(1)
    expect(aheadEnd([10 * MB, 20 * MB, 5 * MB, 1], 0)).toBe(2)
    expect(aheadEnd([1, 2], 2)).toBe(2)
  })
})
