import { messageText } from '@renderer/lib/message'
import type { SourceInfo, WorkspaceInfo } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { deferred, failure, type Handlers, packedPage, row, storeWith, summary, workspace } from '../fakes'

const master: SourceInfo = {
  id: 1,
  kind: 'master',
  fileName: 'master.xlsx',
  sha256: 'ab',
  format: 'xlsx',
  sheet: 'DATA',
  headerRow: 1,
  rows: 10,
  desa: '',
  mapping: [],
  importedAt: '2026-12-01T08:00:00Z',
  importedBy: 'Budi',
  coverage: null
}

const opening = (over: Handlers = {}): Handlers => ({
  getAppInfo: () => ({ name: 'Cermat', version: '0.1.0', platform: 'linux', locale: 'en' }),
  listRecentWorkspaces: () => [{ location: '/data/mlati', name: 'Mlati', openedAt: '2026-12-01' }],
  getWorkspace: () => workspace({ master }),
  listRowsPacked: () => packedPage([row('v1')]),
  getSummary: () => summary({ rows: 1 }),
  ...over
})

const RESTORED = {
  replayed: 0,
  usedPreviousSnapshot: false,
  droppedTailBytes: 0,
  restoredSeq: 0,
  restoredAt: null,
  damaged: [],
  lost: null,
  keptAside: null
}

describe('session slice', () => {
  it('start: the app’s language, the recent list, and the open workspace with its rows on the board', async () => {
    const { store, fake } = storeWith(opening())
    await store.getState().start()
    const s = store.getState()
    expect(s.locale).toBe('en')
    expect(s.recent).toHaveLength(1)
    expect(s.workspace?.name).toBe('Kecamatan Mlati')
    expect(s.tab).toBe('board')
    expect(s.rows.has('v1')).toBe(true)
    expect(s.busy).toBe(false)
    await store.getState().start()
    expect(fake.methods().filter((m) => m === 'getAppInfo')).toHaveLength(1)
  })

  it('a workspace without a master opens on the import screen; a replayed journal is said', async () => {
    const recovery = { ...RESTORED, replayed: 3, restoredSeq: 3 }
    const { store } = storeWith(opening({ getWorkspace: () => workspace({ recovery }) }))
    await store.getState().start()
    expect(store.getState().tab).toBe('import')
    expect(store.getState().notices.map((n) => [n.kind, n.message])).toEqual([['info', { recovery }]])
    expect(messageText('id', store.getState().notices[0]!.message)).toContain('3 perubahan')
  })

  it('saved changes that were lost stay on screen as an error naming them', async () => {
    const lost = { firstSeq: 4, lastSeq: 5, count: 2, exact: true, from: '2026-12-06T10:12:00+07:00', to: '2026-12-06T10:15:00+07:00' }
    const recovery = { ...RESTORED, replayed: 3, restoredSeq: 3, lost }
    const { store } = storeWith(opening({ getWorkspace: () => workspace({ recovery }) }))
    await store.getState().start()
    const [notice] = store.getState().notices
    expect(notice!.kind).toBe('error')
    expect(messageText('en', notice!.message)).toContain(
      '2 saved changes could not be restored (no. 4–5, 2026-12-06 10:12 to 2026-12-06 10:15)'
    )
  })

  it('start follows the progress of running imports', async () => {
    const { store, fake } = storeWith(opening({ getWorkspace: () => null }))
    await store.getState().start()
    store.setState({ tasks: { t1: { taskId: 't1', fileName: 'a.csv', phase: 'read', done: 0, total: 1 } } })
    fake.progress({ taskId: 't1', phase: 'match', done: 5, total: 9 })
    fake.progress({ taskId: 'other', phase: 'match', done: 1, total: 1 })
    expect(store.getState().tasks).toEqual({ t1: { taskId: 't1', fileName: 'a.csv', phase: 'match', done: 5, total: 9 } })
  })

  it('is busy while an action runs; a refusal becomes an error notice, never a throw', async () => {
    const answer = deferred<WorkspaceInfo>()
    const { store } = storeWith({ openRecentWorkspace: () => answer.promise })
    const opening = store.getState().openRecent('/data/gone')
    expect(store.getState().busy).toBe(true)
    answer.reject(failure('WORKSPACE_NOT_FOUND'))
    await opening
    expect(store.getState().busy).toBe(false)
    expect(store.getState().workspace).toBeNull()
    expect(store.getState().notices).toMatchObject([{ kind: 'error', message: { error: { code: 'WORKSPACE_NOT_FOUND' } } }])
  })

  it('a cancelled folder dialog changes nothing', async () => {
    const { store, fake } = storeWith({ chooseWorkspace: () => null })
    await store.getState().chooseWorkspace('open')
    expect(store.getState().workspace).toBeNull()
    expect(fake.methods()).toEqual(['chooseWorkspace'])
  })

  it('closing forgets the workspace but keeps the app’s facts, the language and this PC’s masking', async () => {
    const { store } = storeWith(opening({ closeWorkspace: () => null }))
    await store.getState().start()
    store.getState().setMaskIds(true)
    store.getState().setFilters({ desa: 'SUMBERADI' })
    await store.getState().closeWorkspace()
    const s = store.getState()
    expect(s.workspace).toBeNull()
    expect(s.rows.size).toBe(0)
    expect(s.summary).toBeNull()
    expect(s.filters.desa).toBe('all')
    expect(s.tab).toBe('import')
    expect(s).toMatchObject({ started: true, locale: 'en', maskIds: true, appInfo: { name: 'Cermat' } })
    expect(s.recent).toHaveLength(1)
  })

  it('the export tab reads what would go into a package', async () => {
    const { store, fake } = storeWith({
      previewExport: () => ({ desa: [], held: [], lastPackage: null, lastReceived: null, all: false }),
      getKeyStatus: () => ({ exists: false, keyId: null, protection: 'os', passphraseRequired: false })
    })
    store.getState().setTab('export')
    expect(store.getState().tab).toBe('export')
    await store.getState().loadExport()
    expect(fake.methods()).toContain('previewExport')
    expect(store.getState().exportPreview).toEqual({ desa: [], held: [], lastPackage: null, lastReceived: null, all: false })
  })

  it('reset gives a fresh store (new Maps and Sets), keeping what it is told to', () => {
    const { store } = storeWith({})
    store.getState().applyChanges({ rows: [row('v1')], removed: [], summary: summary() })
    const rowsBefore = store.getState().rows
    store.getState().reset({ locale: 'en' })
    expect(store.getState().rows.size).toBe(0)
    expect(store.getState().rows).not.toBe(rowsBefore)
    expect(store.getState().keptRows.size).toBe(0)
    expect(store.getState().locale).toBe('en')
  })
})
